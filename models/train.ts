/**
 * Local training as a site does it: seeded shuffling, mini-batch steps with
 * SGD, momentum or Adam, optional FedProx term and SCAFFOLD correction, and
 * a loud stop on divergence.
 */
import * as tf from "@tensorflow/tfjs-core";
import type * as tfl from "@tensorflow/tfjs-layers";
import type { Dataset } from "../sim/data/types.ts";
import { datasetToTensors, labelsToOneHot } from "./tensors.ts";
import { flatSize } from "./weights.ts";
import {
  createLocalOptimizer,
  type LocalOptimizer,
  type OptimizerName,
  type OptimizerSettings,
} from "./optimizer.ts";
import { StepSeededLayer } from "./layers/_step_seeded.ts";
import { deriveSeed, seededRandom, withSeededMathRandom } from "./seeding.ts";

/** Options for `trainLocal`. */
export interface LocalTrainOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  /**
   * Default plain SGD; a name or settings (optimizer.ts). A fresh optimiser
   * (zero momentum, zero Adam moments) is made for this call.
   */
  optimizer?: OptimizerName | Partial<OptimizerSettings>;
  /**
   * An optimiser that outlives this call (the centralised baseline keeps one
   * across epochs); used instead of `optimizer`, and not disposed here.
   */
  stepper?: LocalOptimizer;
  /** FedProx μ: adds μ·(w − anchor) to each gradient. */
  proxMu?: number;
  /**
   * Flat weights for the FedProx term: the trainable ones, or every weight
   * (`getWeightsFlat(model, "all")`, of which the trainable prefix is used).
   */
  anchor?: Float32Array;
  /** Flat, added to each step's gradient: SCAFFOLD's c − c_i (trainable or all, as `anchor`). */
  gradCorrection?: Float32Array;
  maxSteps?: number;
  onStep?: (step: number, loss: number) => void;
}

/** What one call of `trainLocal` did. */
export interface LocalTrainResult {
  steps: number;
  /** Mean of the per-step training losses (NaN when no step ran). */
  meanLoss: number;
  /** Samples seen, counting repeats across epochs. */
  samples: number;
}

/** Thrown when the training loss stops being a finite number. */
export class DivergenceError extends Error {
  constructor(readonly step: number, readonly loss: number) {
    super(`Training diverged: loss ${loss} at step ${step}`);
    this.name = "DivergenceError";
  }
}

const LOG_EPSILON = 1e-7;

function checkOptions(opts: LocalTrainOptions): void {
  const positiveInt = (name: string, v: number) => {
    if (!Number.isInteger(v) || v < 1) {
      throw new RangeError(`Expected ${name} to be a positive integer but found ${v}`);
    }
  };
  positiveInt("epochs", opts.epochs);
  positiveInt("batchSize", opts.batchSize);
  if (!(opts.learningRate > 0)) {
    throw new RangeError(`Expected learningRate to be positive but found ${opts.learningRate}`);
  }
  if (opts.maxSteps !== undefined && !(Number.isInteger(opts.maxSteps) && opts.maxSteps >= 0)) {
    throw new RangeError(
      `Expected maxSteps to be a non-negative integer but found ${opts.maxSteps}`,
    );
  }
  if ((opts.proxMu ?? 0) > 0 && opts.anchor === undefined) {
    throw new TypeError("Expected an anchor (flat trainable weights) with proxMu but found none");
  }
}

/**
 * Splits a flat vector of the trainable weights (alone, or first among all
 * weights) into tensors shaped like the model's trainable weights.
 */
function splitFlat(model: tfl.LayersModel, flat: Float32Array, what: string): tf.Tensor[] {
  const expected = flatSize(model, "trainable");
  const all = flatSize(model, "all");
  if (flat.length !== expected && flat.length !== all) {
    throw new RangeError(
      `Expected ${what} of ${expected} (trainable) or ${all} (all) values but found ${flat.length}`,
    );
  }
  let offset = 0;
  return model.trainableWeights.map((w) => {
    const shape = w.shape as number[];
    const size = shape.reduce((a, b) => a * b, 1);
    const t = tf.tensor(flat.slice(offset, offset + size), shape);
    offset += size;
    return t;
  });
}

/** Mean categorical cross-entropy of softmax outputs against one-hot labels. */
export function crossEntropy(probabilities: tf.Tensor, oneHot: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    // Adding ε (instead of clipping) keeps a NaN probability NaN, so divergence is seen.
    const logp = tf.log(tf.add(probabilities, LOG_EPSILON));
    return tf.neg(tf.mean(tf.sum(tf.mul(oneHot, logp), -1)));
  });
}

/** Fisher–Yates shuffle driven by a seeded generator. */
function shuffle(order: Int32Array, random: () => number): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
}

/**
 * Trains `model` in place on `data` and reports steps, mean loss and samples
 * seen. The same weights, data and options give bit-identical weights on the
 * same backend.
 */
export function trainLocal(
  model: tfl.LayersModel,
  data: Dataset,
  opts: LocalTrainOptions,
): LocalTrainResult {
  checkOptions(opts);
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  // Layers that draw a fresh mask per step from the step's seed.
  const dropouts = model.layers.filter((l): l is StepSeededLayer => l instanceof StepSeededLayer);
  const mu = opts.proxMu ?? 0;
  const anchor = mu > 0 ? splitFlat(model, opts.anchor!, "anchor") : null;
  const correction = opts.gradCorrection
    ? splitFlat(model, opts.gradCorrection, "gradCorrection")
    : null;
  const optimizer = opts.stepper ??
    createLocalOptimizer(opts.optimizer, variables, opts.learningRate);
  const random = seededRandom(opts.seed);
  const order = new Int32Array(data.n);
  for (let i = 0; i < data.n; i++) order[i] = i;
  let steps = 0, samples = 0, lossSum = 0;
  try {
    withSeededMathRandom(opts.seed, () => {
      for (let epoch = 0; epoch < opts.epochs; epoch++) {
        shuffle(order, random);
        for (let start = 0; start < data.n; start += opts.batchSize) {
          if (opts.maxSteps !== undefined && steps >= opts.maxSteps) return;
          const batch = order.subarray(start, Math.min(data.n, start + opts.batchSize));
          for (const d of dropouts) d.stepSeed = deriveSeed(opts.seed, steps);
          const lossTensor = tf.tidy(() => {
            const inputs = datasetToTensors(data, batch);
            const labels = labelsToOneHot(data, batch);
            const { value, grads } = tf.variableGrads(
              () => crossEntropy(model.apply(inputs, { training: true }) as tf.Tensor, labels),
              variables,
            );
            const adjusted = variables.map((v, i) => {
              let g = grads[v.name];
              if (anchor) g = tf.add(g, tf.mul(tf.sub(v, anchor[i]), mu));
              if (correction) g = tf.add(g, correction[i]);
              return g;
            });
            optimizer.apply(adjusted);
            return value;
          });
          const loss = lossTensor.dataSync()[0];
          lossTensor.dispose();
          if (!Number.isFinite(loss)) throw new DivergenceError(steps, loss);
          lossSum += loss;
          samples += batch.length;
          steps++;
          opts.onStep?.(steps, loss);
        }
      }
    });
  } finally {
    if (opts.stepper === undefined) optimizer.dispose();
    anchor?.forEach((t) => t.dispose());
    correction?.forEach((t) => t.dispose());
    for (const d of dropouts) d.stepSeed = null;
  }
  return { steps, meanLoss: steps > 0 ? lossSum / steps : NaN, samples };
}
