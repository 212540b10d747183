/**
 * Split training of one model inside one building, for real: cut the model
 * into stages, plan the partition over the building's device chain, run SGD
 * steps through the planned split on the data node's own samples, evaluate on
 * held-out data on a schedule, and cost the other placements with the steps
 * the run needed to reach the target accuracy.
 */
import * as tf from "@tensorflow/tfjs-core";
import type * as tfl from "@tensorflow/tfjs-layers";
import { datasetToTensors, evaluate, labelsToOneHot } from "../../models/mod.ts";
import type { Dataset } from "../data/mod.ts";
import type { Rng } from "../engine/mod.ts";
import { comparePlacements, type Placement } from "./compare.ts";
import { planPartition, type SplitPlan } from "./planner.ts";
import type { EvaluationRecord, StepRecord } from "./record.ts";
import { splitStep } from "./split_step.ts";
import { stageModel } from "./stages.ts";
import type { DeviceChain, StageProfile } from "./types.ts";

/** Optimiser state values per parameter, for the planner's memory budget. */
export const OPTIMIZER_SLOTS = { sgd: 0, momentum: 1, adam: 2 } as const;
export type OptimizerName = keyof typeof OPTIMIZER_SLOTS;

/** Steps between held-out evaluations when a target is set but no schedule is. */
export const DEFAULT_EVAL_EVERY = 5;

/** What a split training run needs. */
export interface SplitTrainingConfig {
  model: tfl.LayersModel;
  chain: DeviceChain;
  /** The data node's training samples; they never leave it (only activations do). */
  train: Dataset;
  batchSize: number;
  steps: number;
  learningRate: number;
  /** Only changes the planner's memory budget: SGD is what really runs. */
  optimizer?: OptimizerName;
  /** Orders the samples of each epoch. */
  shuffle: Rng;
  /** Held-out data for the accuracy curve and the steps to target. */
  heldOut?: Dataset;
  evalEvery?: number;
  targetAccuracy?: number;
}

/** What the run measured. */
export interface SplitTrainingRun {
  params: number;
  profile: StageProfile[];
  plan: SplitPlan;
  placements: Placement[];
  steps: StepRecord[];
  evaluations: EvaluationRecord[];
  stepsToTarget: number | null;
  /** Steps between held-out evaluations (null without held-out data). */
  evalEvery: number | null;
  /** Largest resident set size seen (bytes), and TensorFlow.js tensor bytes after the last step. */
  peakRssBytes: number;
  tensorBytes: number;
}

function checkConfig(c: SplitTrainingConfig): void {
  for (const [name, v] of [["batchSize", c.batchSize], ["steps", c.steps]] as const) {
    if (!Number.isInteger(v) || v < 1) {
      throw new RangeError(`Expected ${name} to be a positive integer but found ${v}`);
    }
  }
  if (c.train.n < 1) throw new RangeError("Expected training samples but found none");
  if (!(c.learningRate > 0)) {
    throw new RangeError(`Expected learningRate > 0 but found ${c.learningRate}`);
  }
}

/** Sample indices of every step: each epoch a fresh permutation, batches cut in order. */
function batchRows(n: number, batchSize: number, steps: number, rng: Rng): number[][] {
  const rows: number[][] = [];
  let order: number[] = [];
  for (let s = 0; s < steps; s++) {
    const batch: number[] = [];
    while (batch.length < batchSize) {
      if (order.length === 0) order = rng.shuffle(Array.from({ length: n }, (_, i) => i));
      batch.push(order.shift()!);
    }
    rows.push(batch);
  }
  return rows;
}

/**
 * Plans and runs split training of `config.model` over `config.chain`. Throws
 * {@link InfeasiblePlanError} when no partition fits the devices' memory and a
 * RangeError naming the step when the loss stops being finite.
 */
export function trainThroughSplit(config: SplitTrainingConfig): SplitTrainingRun {
  checkConfig(config);
  const staged = stageModel(config.model);
  const optimizerSlots = OPTIMIZER_SLOTS[config.optimizer ?? "sgd"];
  const settings = { batchSize: config.batchSize, optimizerSlots };
  const plan = planPartition(staged.profile, config.chain, settings);
  const bounds = plan.best.bounds;
  const evalEvery = config.heldOut === undefined
    ? null
    : config.evalEvery ?? (config.targetAccuracy === undefined ? config.steps : DEFAULT_EVAL_EVERY);
  let peakRssBytes = Deno.memoryUsage().rss;
  const steps: StepRecord[] = [];
  const evaluations: EvaluationRecord[] = [];
  let stepsToTarget: number | null = null;
  const rows = batchRows(config.train.n, config.batchSize, config.steps, config.shuffle);
  for (let s = 0; s < config.steps; s++) {
    const batch = {
      inputs: datasetToTensors(config.train, rows[s]),
      labels: labelsToOneHot(config.train, rows[s]),
    };
    const start = performance.now();
    const result = splitStep(staged, bounds, batch, config.learningRate);
    const wallSeconds = (performance.now() - start) / 1000;
    tf.dispose([...batch.inputs, batch.labels]);
    if (!Number.isFinite(result.loss)) {
      throw new RangeError(
        `Expected a finite loss but found ${result.loss} at step ${
          s + 1
        } (learning rate ${config.learningRate}: try a smaller one)`,
      );
    }
    steps.push({
      step: s + 1,
      loss: result.loss,
      wallSeconds,
      simulatedSeconds: plan.best.stepSeconds,
      simulatedTime: (s + 1) * plan.best.stepSeconds,
      bytes: result.messages.reduce((a, m) => a + m.bytes, 0),
      bytesByKind: result.bytesByKind,
    });
    peakRssBytes = Math.max(peakRssBytes, Deno.memoryUsage().rss);
    const step = s + 1;
    if (evalEvery !== null && (step % evalEvery === 0 || step === config.steps)) {
      const e = evaluate(config.model, config.heldOut!);
      evaluations.push({ step, accuracy: e.accuracy, loss: e.loss });
      if (
        stepsToTarget === null && config.targetAccuracy !== undefined &&
        e.accuracy >= config.targetAccuracy
      ) stepsToTarget = step;
      peakRssBytes = Math.max(peakRssBytes, Deno.memoryUsage().rss);
    }
  }
  const placements = comparePlacements(staged.profile, config.chain, {
    ...settings,
    samplesPerEpoch: config.train.n,
    stepsToTarget: stepsToTarget ?? undefined,
  });
  return {
    params: config.model.countParams(),
    profile: staged.profile,
    plan,
    placements,
    steps,
    evaluations,
    stepsToTarget,
    evalEvery,
    peakRssBytes,
    tensorBytes: tf.memory().numBytes,
  };
}
