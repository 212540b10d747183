/**
 * Dropout that stays reproducible without repeating itself: a stock seeded
 * dropout draws the same mask on every call, an unseeded one depends on
 * `Math.random`. This one draws each step's mask from `(seed, stepSeed)`,
 * where the trainer sets `stepSeed` before each step (as for
 * `ModalityDropout`). Inverted dropout: kept units are scaled by 1/(1 − rate),
 * so inference is the identity.
 */
import * as tf from "@tensorflow/tfjs-core";
import * as tfl from "@tensorflow/tfjs-layers";
import { deriveSeed } from "../seeding.ts";
import type { BaseLayerArgs } from "./modality.ts";

type Kwargs = Record<string, unknown>;
type Shape = (number | null)[];

/** Zeroes each unit with probability `rate` while training. */
export class SeededDropout extends tfl.layers.Layer {
  /** Name under which save/load finds the class. */
  static className = "RenkeiDropout";
  readonly rate: number;
  readonly seed: number;
  /** Set by the trainer before each step; null falls back to a call counter. */
  stepSeed: number | null = null;
  #calls = 0;

  constructor(args: BaseLayerArgs & { rate: number; seed: number }) {
    super(args);
    if (!(args.rate >= 0 && args.rate < 1)) {
      throw new RangeError(`Expected dropout rate in [0, 1) but found ${args.rate}`);
    }
    this.rate = args.rate;
    this.seed = args.seed;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    if (kwargs["training"] !== true || this.rate === 0) return x;
    const seed = deriveSeed(this.seed, this.stepSeed ?? this.#calls++);
    return tf.tidy(() => {
      const keep = tf.cast(
        tf.greaterEqual(tf.randomUniform(x.shape, 0, 1, "float32", seed), this.rate),
        "float32",
      );
      return tf.mul(x, tf.mul(keep, 1 / (1 - this.rate)));
    });
  }

  /** A compare and a multiply per unit forward; the mask multiply backward. */
  flopsPerSample(): { forward: number; backward: number } {
    const shape = (this.input as tfl.SymbolicTensor).shape;
    const units = shape.slice(1).reduce((a: number, b) => a * (b ?? 1), 1);
    return { forward: 2 * units, backward: units };
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed };
  }
}

tf.serialization.registerClass(SeededDropout);
