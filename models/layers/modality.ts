/**
 * Layers that handle missing modalities: a missing modality arrives as zeros
 * with a 0 in the per-sample mask, and `ModalityMask` zeroes its encoder's
 * output so biases of an encoder fed zeros do not leak into the fusion.
 * `ModalityDropout` hides whole modalities during training.
 */
import * as tf from "@tensorflow/tfjs-core";
import * as tfl from "@tensorflow/tfjs-layers";
import { type BaseLayerArgs, StepSeededLayer } from "./_step_seeded.ts";

type Kwargs = Record<string, unknown>;
type Shape = (number | null)[];
export type { BaseLayerArgs };

function single(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
  return Array.isArray(inputs) ? inputs[0] : inputs;
}

/**
 * Zeroes whole modalities of a sample with probability `rate` while
 * training, by multiplying the `[batch, modalities]` mask. A stock seeded
 * dropout draws the same mask on every call; this one draws a fresh mask per
 * call from `(seed, stepSeed)`, where the trainer sets `stepSeed` for each
 * step, so runs stay bit-identical without repeating one mask.
 */
export class ModalityDropout extends StepSeededLayer {
  /** Name under which save/load finds the class. */
  static className = "RenkeiModalityDropout";

  constructor(args: BaseLayerArgs & { rate: number; seed: number }) {
    super(args, "modality dropout");
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    const mask = single(inputs);
    if (kwargs["training"] !== true || this.rate === 0) return mask;
    return tf.tidy(() => tf.mul(mask, this.keepMask(mask.shape)));
  }

  /** One compare and one multiply per mask entry; nothing to learn, so no weight gradient. */
  flopsPerSample(): { forward: number; backward: number } {
    const shape = (this.input as tfl.SymbolicTensor).shape;
    const entries = Number(shape[shape.length - 1] ?? 0);
    return { forward: 2 * entries, backward: entries };
  }
}

/** Multiplies an encoder's `[batch, features]` output by mask column `index`. */
export class ModalityMask extends tfl.layers.Layer {
  /** Name under which save/load finds the class. */
  static className = "RenkeiModalityMask";
  readonly index: number;

  constructor(args: BaseLayerArgs & { index: number }) {
    super(args);
    this.index = args.index;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return (inputShape as Shape[])[0];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const [features, mask] = inputs as tf.Tensor[];
    return tf.tidy(() => {
      const column = tf.slice(mask, [0, this.index], [-1, 1]);
      return tf.mul(features, column);
    });
  }

  /** Per-sample FLOPs: one multiply per feature. */
  flopsPerSample(): { forward: number; backward: number } {
    return { forward: this.featureCount, backward: this.featureCount };
  }

  /** Features per sample, known once the layer is built. */
  featureCount = 0;

  override build(inputShape: Shape | Shape[]): void {
    const shape = (inputShape as Shape[])[0];
    this.featureCount = shape.slice(1).reduce((a: number, b) => a * (b ?? 1), 1);
    this.built = true;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), index: this.index };
  }
}

tf.serialization.registerClass(ModalityDropout);
tf.serialization.registerClass(ModalityMask);
