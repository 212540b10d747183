/**
 * Learned fusion of per-modality embeddings. Both layers take
 * `[e_1, …, e_M, mask]`, each `e_m` `[batch, dim]` (already zeroed where the
 * modality is missing) and `mask` `[batch, M]`, and return `[batch, dim]`.
 */
import * as tf from "@tensorflow/tfjs-core";
import * as tfl from "@tensorflow/tfjs-layers";
import type { BaseLayerArgs } from "./modality.ts";

type Shape = (number | null)[];
type FusionArgs = BaseLayerArgs & { seed: number };

function checkShapes(layer: string, inputShape: Shape | Shape[]): { m: number; dim: number } {
  const shapes = inputShape as Shape[];
  const m = shapes.length - 1;
  const dim = shapes[0][1] ?? 0;
  for (let i = 0; i < m; i++) {
    if (shapes[i].length !== 2 || shapes[i][1] !== dim) {
      throw new TypeError(
        `Expected ${layer} input ${i} of shape [batch, ${dim}] but found [${shapes[i].join(", ")}]`,
      );
    }
  }
  if (shapes[m][1] !== m) {
    throw new TypeError(`Expected ${layer} mask of width ${m} but found ${shapes[m][1]}`);
  }
  return { m, dim };
}

/**
 * Gated fusion: a sigmoid gate per modality, computed from all embeddings,
 * weighs each modality's embedding; a missing modality's gate is forced to 0.
 */
export class GatedFusion extends tfl.layers.Layer {
  /** Name under which save/load finds the class. */
  static className = "RenkeiGatedFusion";
  readonly seed: number;
  #m = 0;
  #dim = 0;
  #kernel: tfl.LayerVariable | null = null;
  #bias: tfl.LayerVariable | null = null;

  constructor(args: FusionArgs) {
    super(args);
    this.seed = args.seed;
  }

  override build(inputShape: Shape | Shape[]): void {
    const { m, dim } = checkShapes("GatedFusion", inputShape);
    this.#m = m;
    this.#dim = dim;
    const init = tfl.initializers.glorotUniform({ seed: this.seed });
    this.#kernel = this.addWeight("gate_kernel", [m * dim, m], "float32", init);
    this.#bias = this.addWeight("gate_bias", [m], "float32", tfl.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return (inputShape as Shape[])[0];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const list = inputs as tf.Tensor[];
    const mask = list[this.#m];
    return tf.tidy(() => {
      const embeddings = list.slice(0, this.#m);
      const all = tf.concat(embeddings, 1);
      const logits = tf.add(tf.matMul(all, this.#kernel!.read()), this.#bias!.read());
      const gates = tf.mul(tf.sigmoid(logits), mask);
      const stacked = tf.stack(embeddings, 1);
      return tf.sum(tf.mul(stacked, tf.expandDims(gates, 2)), 1);
    });
  }

  /** Per-sample FLOPs (multiply-add = 2); backward counted as 2× forward. */
  flopsPerSample(): { forward: number; backward: number } {
    const m = this.#m, d = this.#dim;
    const forward = 2 * m * d * m + m + 4 * m + m + 2 * m * d;
    return { forward, backward: 2 * forward };
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), seed: this.seed };
  }
}

/**
 * Attention fusion: the modality embeddings (plus a learned embedding per
 * modality) attend to each other in one head; missing modalities are masked
 * out as keys and left out of the final mean.
 */
export class AttentionFusion extends tfl.layers.Layer {
  /** Name under which save/load finds the class. */
  static className = "RenkeiAttentionFusion";
  readonly seed: number;
  #m = 0;
  #dim = 0;
  #weights: Record<"position" | "query" | "key" | "value", tfl.LayerVariable> | null = null;

  constructor(args: FusionArgs) {
    super(args);
    this.seed = args.seed;
  }

  override build(inputShape: Shape | Shape[]): void {
    const { m, dim } = checkShapes("AttentionFusion", inputShape);
    this.#m = m;
    this.#dim = dim;
    const glorot = (k: number) => tfl.initializers.glorotUniform({ seed: this.seed + k });
    this.#weights = {
      position: this.addWeight(
        "modality_embedding",
        [m, dim],
        "float32",
        tfl.initializers.randomNormal({ mean: 0, stddev: 0.02, seed: this.seed + 4 }),
      ),
      query: this.addWeight("query_kernel", [dim, dim], "float32", glorot(1)),
      key: this.addWeight("key_kernel", [dim, dim], "float32", glorot(2)),
      value: this.addWeight("value_kernel", [dim, dim], "float32", glorot(3)),
    };
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return (inputShape as Shape[])[0];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const list = inputs as tf.Tensor[];
    const m = this.#m, d = this.#dim;
    const w = this.#weights!;
    const mask = list[m];
    return tf.tidy(() => {
      const batch = mask.shape[0];
      const x = tf.add(tf.stack(list.slice(0, m), 1), w.position.read()); // [B, M, D]
      const flat = tf.reshape(x, [batch * m, d]);
      const project = (k: tfl.LayerVariable) =>
        tf.reshape(tf.matMul(flat, k.read()), [batch, m, d]);
      const q = project(w.query), k = project(w.key), v = project(w.value);
      const scores = tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(d)); // [B, M, M]
      // A large negative score on missing keys removes them from the softmax.
      const keyPenalty = tf.mul(tf.sub(1, tf.expandDims(mask, 1)), -1e9);
      const attention = tf.softmax(tf.add(scores, keyPenalty));
      const mixed = tf.add(tf.matMul(attention, v), x); // residual keeps each modality's own view
      const weights = tf.expandDims(mask, 2);
      const total = tf.maximum(tf.sum(mask, 1, true), 1);
      return tf.div(tf.sum(tf.mul(mixed, weights), 1), total);
    });
  }

  /** Per-sample FLOPs (multiply-add = 2); backward counted as 2× forward. */
  flopsPerSample(): { forward: number; backward: number } {
    const m = this.#m, d = this.#dim;
    const projections = 3 * 2 * m * d * d;
    const attention = 2 * m * m * d * 2 + 6 * m * m;
    const forward = projections + attention + 4 * m * d;
    return { forward, backward: 2 * forward };
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), seed: this.seed };
  }
}

tf.serialization.registerClass(GatedFusion);
tf.serialization.registerClass(AttentionFusion);
