/**
 * The centralised baseline: the same model and initial weights, trained on
 * every site's training data pooled, for `baseline.epochs` epochs with the
 * federation's batch size, learning rate and local optimiser, evaluated on
 * the same global test set after every epoch. Unlike a site's, whose
 * optimiser starts fresh every round, the baseline's optimiser state
 * (momentum, Adam moments) carries over from epoch to epoch: it is one
 * centralised training run.
 */

import type { RngStreams } from "../engine/mod.ts";
import type { LocalOptimizerSettings } from "../world/mod.ts";
import type { LocalExecutor } from "./executor.ts";
import type { CentralRecord } from "../results/results.ts";

/** Settings of the baseline (from `scenario.baseline` and `scenario.training`). */
export interface BaselineSettings {
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Default plain SGD. */
  optimizer?: LocalOptimizerSettings;
}

/** Trains and evaluates the centralised baseline; `onEpoch` reports progress. */
export function trainCentral(
  executor: LocalExecutor,
  initial: Float32Array,
  settings: BaselineSettings,
  streams: RngStreams,
  onEpoch?: (epoch: number) => void,
): CentralRecord {
  const data = executor.pooledTrain();
  let weights = initial;
  const curve: CentralRecord["curve"] = [];
  const stepper = executor.createOptimizer(initial, settings.optimizer, settings.learningRate);
  try {
    for (let epoch = 1; epoch <= settings.epochs; epoch++) {
      weights = executor.trainEpoch(data, weights, {
        batchSize: settings.batchSize,
        learningRate: settings.learningRate,
        seed: streams.stream(`baseline/epoch-${epoch}`).seed32(),
      }, stepper).weights;
      const m = executor.evaluateGlobal(weights);
      curve.push({ epoch, accuracy: m.accuracy, loss: m.loss });
      onEpoch?.(epoch);
    }
  } finally {
    stepper.dispose();
  }
  const last = curve[curve.length - 1];
  return { accuracy: last.accuracy, loss: last.loss, epochs: settings.epochs, curve };
}
