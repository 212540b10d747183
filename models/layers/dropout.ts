/**
 * Dropout that stays reproducible without repeating itself: a stock seeded
 * dropout draws the same mask on every call, an unseeded one depends on
 * `Math.random`. This one draws each step's mask from `(seed, stepSeed)`,
 * where the trainer sets `stepSeed` before each step (as for
 * `ModalityDropout`). Inverted dropout: kept units are scaled by 1/(1 − rate),
 * so inference is the identity.
 */
import * as tf from "@tensorflow/tfjs-core";
import type * as tfl from "@tensorflow/tfjs-layers";
import { type BaseLayerArgs, StepSeededLayer } from "./_step_seeded.ts";

type Kwargs = Record<string, unknown>;

/** Zeroes each unit with probability `rate` while training. */
export class SeededDropout extends StepSeededLayer {
  /** Name under which save/load finds the class. */
  static className = "RenkeiDropout";

  constructor(args: BaseLayerArgs & { rate: number; seed: number }) {
    super(args, "dropout");
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    if (kwargs["training"] !== true || this.rate === 0) return x;
    return tf.tidy(() => tf.mul(x, tf.mul(this.keepMask(x.shape), 1 / (1 - this.rate))));
  }

  /** A compare and a multiply per unit forward; the mask multiply backward. */
  flopsPerSample(): { forward: number; backward: number } {
    const shape = (this.input as tfl.SymbolicTensor).shape;
    const units = shape.slice(1).reduce((a: number, b) => a * (b ?? 1), 1);
    return { forward: 2 * units, backward: units };
  }
}

tf.serialization.registerClass(SeededDropout);
