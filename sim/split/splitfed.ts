/**
 * SplitFed: several IoT nodes of a site each train the lower part of the
 * model on their own data through split steps with the edge server, and the
 * nodes' lower parts are averaged after every round (weighted by samples), so
 * no node's data and no node's lower model leaves the site unaveraged.
 * The server's upper part is either one copy per node, averaged like the
 * lower parts (SplitFed v1: one round equals a FedAvg round of the whole
 * model), or one copy the nodes update in turn (SplitFed v2).
 */
import type * as tf from "@tensorflow/tfjs-core";
import { type Batch, splitStep } from "./split_step.ts";
import type { StagedModel } from "./stages.ts";
import { BYTES_PER_VALUE, type Partition } from "./types.ts";
import { readVariables, weightedMean, writeVariables } from "./weights.ts";

/** One node's share of a SplitFed round: its batches, in order. */
export interface SplitFedNode {
  name: string;
  batches: Batch[];
}

/** Options of {@link splitFedRound}. */
export interface SplitFedOptions {
  /** How each node's stages and the server's are split (device 0 is the node). */
  bounds: Partition;
  learningRate: number;
  /** "average": per-node server copies averaged (v1); "sequential": one shared copy (v2). Default "average". */
  server?: "average" | "sequential";
}

/** What one SplitFed round did. */
export interface SplitFedRound {
  /** Mean training loss per node over its steps. */
  nodeLoss: number[];
  /** Samples per node (the averaging weights). */
  nodeSamples: number[];
  /** Bytes at the cuts over all nodes: activations, gradients, labels. */
  cutBytes: number;
  /** Bytes of lower-part weights sent to the server to average and back. */
  weightBytes: number;
}

/**
 * Runs one SplitFed round on `model` in place: each node starts from the
 * current weights, trains through split steps on its batches, then the lower
 * parts (device 0's stages) are averaged, and the upper part is averaged or
 * kept as trained in turn.
 */
export function splitFedRound(
  model: StagedModel,
  nodes: SplitFedNode[],
  options: SplitFedOptions,
): SplitFedRound {
  if (nodes.length === 0) throw new RangeError("Expected at least one node but found none");
  const mode = options.server ?? "average";
  if (mode !== "average" && mode !== "sequential") {
    throw new TypeError(`Expected server "average" or "sequential" but found "${mode}"`);
  }
  const cut = options.bounds[1];
  const lowerVars = model.stages.slice(0, cut).flatMap((s) => s.variables);
  const upperVars = model.stages.slice(cut).flatMap((s) => s.variables);
  const startLower = readVariables(lowerVars);
  const startUpper = readVariables(upperVars);
  const lowers: Float32Array[][] = [];
  const uppers: Float32Array[][] = [];
  const nodeLoss: number[] = [];
  const nodeSamples: number[] = [];
  let cutBytes = 0;
  for (const node of nodes) {
    writeVariables(lowerVars, startLower);
    if (mode === "average") writeVariables(upperVars, startUpper);
    let lossSum = 0, samples = 0;
    for (const batch of node.batches) {
      const step = splitStep(model, options.bounds, batch, options.learningRate);
      lossSum += step.loss;
      samples += (batch.labels as tf.Tensor).shape[0];
      cutBytes += step.messages.reduce((a, m) => a + m.bytes, 0);
    }
    nodeLoss.push(node.batches.length > 0 ? lossSum / node.batches.length : NaN);
    nodeSamples.push(samples);
    lowers.push(readVariables(lowerVars));
    if (mode === "average") uppers.push(readVariables(upperVars));
  }
  const weights = nodeSamples.map((n) => Math.max(n, 0));
  if (weights.some((w) => w > 0)) {
    writeVariables(lowerVars, weightedMean(lowers, weights));
    if (mode === "average") writeVariables(upperVars, weightedMean(uppers, weights));
  }
  const lowerValues = lowerVars.reduce((a, v) => a + v.size, 0);
  return {
    nodeLoss,
    nodeSamples,
    cutBytes,
    weightBytes: 2 * nodes.length * lowerValues * BYTES_PER_VALUE,
  };
}
