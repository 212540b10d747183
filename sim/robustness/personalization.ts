/**
 * Personalisation after federated training: a site takes the federated
 * model, fine-tunes only its head (the layers after the fusion) for a few
 * steps on its own training data, and keeps the result. The encoders stay
 * shared; the head adapts to the site's own label mix and input quality.
 * Nothing leaves the site but the accuracy it reports.
 */
import type * as tfl from "@tensorflow/tfjs-layers";
import type { Dataset } from "../data/mod.ts";
import { evaluate, getWeightsFlat, setWeightsFlat, trainLocal } from "../../models/mod.ts";

/** How a site fine-tunes its head. */
export interface HeadFineTuning {
  /** Optimiser steps (mini-batches). */
  steps: number;
  /** Caps `steps` at this many passes over the training data. */
  maxEpochs: number;
  learningRate: number;
  batchSize: number;
  /** Name prefixes of the layers that train; every other layer is frozen. */
  layers: readonly string[];
  /** Seed of the shuffling (and any dropout) of the fine-tuning. */
  seed: number;
}

/** Layers a fine-tuning trains: those whose names start with one of `prefixes`. */
export function personalLayers(
  model: tfl.LayersModel,
  prefixes: readonly string[],
): tfl.layers.Layer[] {
  const layers = model.layers.filter((l) => prefixes.some((p) => l.name.startsWith(p)));
  if (!layers.some((l) => l.trainableWeights.length > 0)) {
    throw new RangeError(
      `Expected layers with weights named ${prefixes.join(", ")}… but found none among ` +
        model.layers.map((l) => l.name).join(", "),
    );
  }
  return layers;
}

/**
 * Fine-tunes the head of `model`, starting from `weights`, on `train`, and
 * returns the personalised flat weights (same layout as `weights`). Only the
 * chosen layers change; the model is left holding the personalised weights.
 */
export function fineTuneHead(
  model: tfl.LayersModel,
  weights: Float32Array,
  train: Dataset,
  opts: HeadFineTuning,
): Float32Array {
  setWeightsFlat(model, weights);
  if (train.n === 0 || opts.steps === 0) return weights.slice();
  const personal = new Set(personalLayers(model, opts.layers));
  const frozen = model.layers.filter((l) => !personal.has(l) && l.trainable);
  for (const l of frozen) l.trainable = false;
  try {
    const perEpoch = Math.ceil(train.n / opts.batchSize);
    const steps = Math.max(1, Math.min(opts.steps, Math.floor(opts.maxEpochs * perEpoch)));
    trainLocal(model, train, {
      epochs: Math.ceil(steps / perEpoch),
      maxSteps: steps,
      batchSize: opts.batchSize,
      learningRate: opts.learningRate,
      seed: opts.seed,
    });
  } finally {
    // Unfreeze before reading: the flat layout covers every trainable weight.
    for (const l of frozen) l.trainable = true;
  }
  return getWeightsFlat(model);
}

/** Accuracy on the site's own test data of its personalised model (NaN without test data). */
export function personalizedAccuracy(
  model: tfl.LayersModel,
  weights: Float32Array,
  data: { train: Dataset; test: Dataset },
  opts: HeadFineTuning,
): number {
  if (data.test.n === 0) return NaN;
  fineTuneHead(model, weights, data.train, opts);
  return evaluate(model, data.test).accuracy;
}
