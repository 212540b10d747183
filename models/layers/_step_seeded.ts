/**
 * What the zoo's two dropouts share: a keep-mask drawn while training from
 * `(seed, stepSeed)`, where the trainer sets `stepSeed` before each step (a
 * call counter stands in when it does not), so every step draws a fresh mask
 * and a run stays bit-identical. A stock seeded dropout repeats one mask on
 * every call; an unseeded one depends on `Math.random`.
 */
import * as tf from "@tensorflow/tfjs-core";
import * as tfl from "@tensorflow/tfjs-layers";
import { deriveSeed } from "../seeding.ts";

type Shape = (number | null)[];

/** Arguments every layer accepts. */
export interface BaseLayerArgs {
  name?: string;
  trainable?: boolean;
}

/** A layer that drops entries with probability `rate` while training, seeded per step. */
export abstract class StepSeededLayer extends tfl.layers.Layer {
  readonly rate: number;
  readonly seed: number;
  /** Set by the trainer before each step; null falls back to a call counter. */
  stepSeed: number | null = null;
  #calls = 0;

  /** `what` names the rate in the error for a rate outside [0, 1). */
  constructor(args: BaseLayerArgs & { rate: number; seed: number }, what: string) {
    super(args);
    if (!(args.rate >= 0 && args.rate < 1)) {
      throw new RangeError(`Expected ${what} rate in [0, 1) but found ${args.rate}`);
    }
    this.rate = args.rate;
    this.seed = args.seed;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    return inputShape;
  }

  /** 1 where an entry of a tensor of `shape` is kept this step, else 0 (call inside a tidy). */
  protected keepMask(shape: number[]): tf.Tensor {
    const seed = deriveSeed(this.seed, this.stepSeed ?? this.#calls++);
    return tf.cast(
      tf.greaterEqual(tf.randomUniform(shape, 0, 1, "float32", seed), this.rate),
      "float32",
    );
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed };
  }
}
