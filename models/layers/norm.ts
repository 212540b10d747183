/**
 * Layer normalisation over the last axis. The stock tfjs-layers
 * `LayerNormalization` tiles its statistics, and the gradient of `tile`
 * issues one slice and one add per batch row (≈ 130 kernels per layer at
 * batch 32); this version broadcasts instead, with the same maths.
 */
import * as tf from "@tensorflow/tfjs-core";
import * as tfl from "@tensorflow/tfjs-layers";
import type { BaseLayerArgs } from "./modality.ts";

type Shape = (number | null)[];

/** `y = (x − mean) / sqrt(var + ε) · γ + β` over the last axis. */
export class LayerNorm extends tfl.layers.Layer {
  /** Name under which save/load finds the class. */
  static className = "RenkeiLayerNorm";
  readonly epsilon: number;
  #features = 0;
  #gamma: tfl.LayerVariable | null = null;
  #beta: tfl.LayerVariable | null = null;

  constructor(args: BaseLayerArgs & { epsilon?: number } = {}) {
    super(args);
    this.epsilon = args.epsilon ?? 1e-5;
  }

  override build(inputShape: Shape | Shape[]): void {
    const shape = inputShape as Shape;
    this.#features = shape[shape.length - 1] as number;
    this.#gamma = this.addWeight("gamma", [this.#features], "float32", tfl.initializers.ones());
    this.#beta = this.addWeight("beta", [this.#features], "float32", tfl.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    return tf.tidy(() => {
      const centred = tf.sub(x, tf.mean(x, -1, true));
      const variance = tf.mean(tf.square(centred), -1, true);
      const normalised = tf.mul(centred, tf.rsqrt(tf.add(variance, this.epsilon)));
      return tf.add(tf.mul(normalised, this.#gamma!.read()), this.#beta!.read());
    });
  }

  /** Per-sample FLOPs: ≈ 8 per feature forward; backward 2× (it has weights). */
  flopsPerSample(): { forward: number; backward: number } {
    return { forward: 8 * this.#features, backward: 16 * this.#features };
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), epsilon: this.epsilon };
  }
}

tf.serialization.registerClass(LayerNorm);
