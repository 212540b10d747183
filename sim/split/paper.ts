/**
 * The 150M-parameter paper model trained by split learning inside one
 * building: build the model, cut it into stages, plan the partition over the
 * building's device chain, then run real split steps and measure them.
 */
import type * as tfl from "@tensorflow/tfjs-layers";
import * as tf from "@tensorflow/tfjs-core";
import { type Batch, splitStep } from "./split_step.ts";
import { stageModel } from "./stages.ts";
import { planPartition, type SplitPlan } from "./planner.ts";
import { comparePlacements, type Placement } from "./compare.ts";
import type { DeviceChain, StageProfile } from "./types.ts";

/** Optimiser state values per parameter, for the planner's memory budget. */
export const OPTIMIZER_SLOTS = { sgd: 0, momentum: 1, adam: 2 } as const;

/** What a paper-scale split run needs. */
export interface PaperSplitConfig {
  model: tfl.LayersModel;
  chain: DeviceChain;
  /** Batches for the real steps, one per step. */
  batches: Batch[];
  learningRate: number;
  optimizer?: keyof typeof OPTIMIZER_SLOTS;
  /** Samples one epoch covers on the data node (for the comparison). */
  samplesPerEpoch: number;
}

/** What the run measured. */
export interface PaperSplitReport {
  params: number;
  profile: StageProfile[];
  plan: SplitPlan;
  comparisons: Placement[];
  /** Simulated seconds per step of the chosen partition (planned at the real batches' size). */
  simulatedStepSeconds: number;
  /** Host wall seconds of each real step. */
  wallStepSeconds: number[];
  losses: number[];
  /** Bytes over all links in each real step. */
  stepBytes: number[];
  /** Largest resident set size seen (bytes), and TensorFlow.js tensor bytes after the last step. */
  peakRssBytes: number;
  tensorBytes: number;
}

/**
 * Plans and runs split training of `config.model` over `config.chain`. SGD is
 * what really runs (the wasm heap holds a 150M model with SGD); `optimizer`
 * only changes the planner's memory budget.
 */
export function runPaperSplit(config: PaperSplitConfig): PaperSplitReport {
  if (config.batches.length === 0) {
    throw new RangeError("Expected at least one batch but found none");
  }
  const staged = stageModel(config.model);
  const batchSize = config.batches[0].labels.shape[0];
  const optimizerSlots = OPTIMIZER_SLOTS[config.optimizer ?? "sgd"];
  const plan = planPartition(staged.profile, config.chain, { batchSize, optimizerSlots });
  const comparisons = comparePlacements(staged.profile, config.chain, {
    batchSize,
    optimizerSlots,
    samplesPerEpoch: config.samplesPerEpoch,
  });
  let peakRssBytes = Deno.memoryUsage().rss;
  const wallStepSeconds: number[] = [];
  const losses: number[] = [];
  const stepBytes: number[] = [];
  for (const batch of config.batches) {
    const start = performance.now();
    const step = splitStep(staged, plan.best.bounds, batch, config.learningRate);
    wallStepSeconds.push((performance.now() - start) / 1000);
    losses.push(step.loss);
    stepBytes.push(step.messages.reduce((a, m) => a + m.bytes, 0));
    peakRssBytes = Math.max(peakRssBytes, Deno.memoryUsage().rss);
  }
  return {
    params: config.model.countParams(),
    profile: staged.profile,
    plan,
    comparisons,
    simulatedStepSeconds: plan.best.stepSeconds,
    wallStepSeconds,
    losses,
    stepBytes,
    peakRssBytes,
    tensorBytes: tf.memory().numBytes,
  };
}
