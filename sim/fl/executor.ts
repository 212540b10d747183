/**
 * Runs site numerics in this thread: one model, site data regenerated from
 * (seed, site plan) on first use and kept in a small cache. The worker pool
 * runs the same class inside each worker, so a task gives the same numbers
 * wherever it runs: it is a pure function of (scenario, seed, site id, task).
 */

import type * as tf from "@tensorflow/tfjs-core";
import type * as tfl from "@tensorflow/tfjs-layers";
import { RngStreams } from "../engine/mod.ts";
import { type Dataset, globalTestSet, type SitePlan } from "../data/mod.ts";
import {
  type BackendName,
  buildModel,
  countFlops,
  createLocalOptimizer,
  evaluate,
  getWeightsFlat,
  initBackend,
  type LocalOptimizer,
  type ModelSpec,
  setWeightsFlat,
  trainLocal,
  weightLayout,
  writtenDeclaration,
} from "../../models/mod.ts";
import type { Scenario } from "../../scenarios/mod.ts";
import type {
  LocalEvalResult,
  LocalOptimizerSettings,
  LocalTrainResult,
  LocalTrainTask,
  SiteExecutor,
} from "../world/mod.ts";
import type { WeightLayoutEntry } from "./strategies/mod.ts";
import type { DataSource } from "../data/mod.ts";
import { planScenario } from "./data_setup.ts";
// Robustness mechanisms (issue #8) that act where the site trains.
import {
  aggregationWeight,
  augmentGranularity,
  type RobustnessConfig,
  robustnessConfig,
} from "../robustness/mod.ts";
import { poisonTraining } from "./security/mod.ts";
import { inPhase, type PhaseMarks } from "./profile.ts";
import { SiteDataCache } from "./site_data.ts";

/** What an executor needs to rebuild everything a site task uses. */
export interface ExecutorSetup {
  scenario: Scenario;
  seed: number;
  /**
   * The TensorFlow.js backend site tasks train on, passed explicitly (results
   * differ between backends); when absent, RENKEI_BACKEND, else wasm.
   */
  backend?: BackendName;
}

/** The model spec of a scenario: the same in every thread (its seed comes from `model/init`). */
export function modelSpec(scenario: Scenario, source: DataSource, streams: RngStreams): ModelSpec {
  const declared = writtenDeclaration(scenario.model);
  return {
    preset: scenario.model.preset,
    ...(declared !== undefined ? { declared } : {}),
    ...(scenario.model.init !== undefined ? { init: scenario.model.init } : {}),
    shapes: source.shapes,
    classes: source.classes,
    fusion: scenario.model.fusion,
    modalityDropout: scenario.model.modalityDropout,
    ...(scenario.model.norm !== undefined ? { norm: scenario.model.norm } : {}),
    width: scenario.model.width,
    seed: streams.stream("model/init").seed32(),
  };
}

/** Site numerics in the current thread. */
export class LocalExecutor implements SiteExecutor {
  readonly backend: string;
  readonly plans: SitePlan[];
  readonly spec: ModelSpec;
  #source: DataSource;
  #streams: RngStreams;
  #model: tfl.LayersModel;
  #initial: Float32Array;
  /** Site data: generated on first use, cached, or served from pooled rows. */
  readonly data: SiteDataCache;
  #globalTest: Dataset | null = null;
  #globalTestSize: number;
  #robustness: RobustnessConfig;
  /** Where data generation is reported, so a run's wall-clock breakdown can tell it from training. */
  #marks: PhaseMarks | undefined;

  private constructor(
    setup: ExecutorSetup,
    backend: string,
    streams: RngStreams,
    { source, plans }: { source: DataSource; plans: SitePlan[] },
    marks: PhaseMarks | undefined,
  ) {
    this.backend = backend;
    this.#marks = marks;
    this.#streams = streams;
    this.#source = source;
    this.plans = plans;
    this.spec = modelSpec(setup.scenario, source, this.#streams);
    this.#model = buildModel(this.spec);
    // The federation moves every weight, BatchNorm's running statistics after the trainable ones.
    this.#initial = getWeightsFlat(this.#model);
    this.#globalTestSize = setup.scenario.data.globalTestSamples;
    this.#robustness = robustnessConfig(setup.scenario);
    // Label flipping at attacking sites (issue #9): the identity for honest sites.
    const poison = (id: number, train: Dataset) =>
      poisonTraining(setup.scenario.attack, setup.seed, plans.length, id, train);
    this.data = new SiteDataCache(source, plans, streams, poison, marks);
  }

  /**
   * Starts the TensorFlow.js backend, plans the sites and builds the model;
   * planning and data generation are reported to `marks` as the "data" phase.
   */
  static async create(setup: ExecutorSetup, marks?: PhaseMarks): Promise<LocalExecutor> {
    const backend = await initBackend(setup.backend);
    const streams = new RngStreams(setup.seed);
    marks?.enter("data");
    let planned;
    try {
      planned = await planScenario(setup.scenario, streams);
    } finally {
      marks?.leave("data");
    }
    return new LocalExecutor(setup, backend, streams, planned, marks);
  }

  /** The model's initial weights (a fresh copy). */
  initialWeights(): Float32Array {
    return this.#initial.slice();
  }

  /** Where each weight tensor sits in the flat vector (trainable ones, then running statistics). */
  layout(): WeightLayoutEntry[] {
    return weightLayout(this.#model).map((s) => ({
      name: s.name,
      offset: s.offset,
      size: s.size,
      isNormalization: s.isNormalization,
      // Only running statistics are marked: a layout without the flag is all trainable.
      ...(s.trainable ? {} : { trainable: false }),
    }));
  }

  /**
   * A local optimiser over this executor's model, which now holds `weights`,
   * that outlives single training calls (the centralised baseline keeps one
   * across its epochs; host Adam copies the weights it starts from).
   */
  createOptimizer(
    weights: Float32Array,
    settings: LocalOptimizerSettings | undefined,
    learningRate: number,
  ): LocalOptimizer {
    setWeightsFlat(this.#model, weights);
    const variables = this.#model.trainableWeights.map((w) => w.read() as tf.Variable);
    return createLocalOptimizer(settings, variables, learningRate);
  }

  /** Forward and backward FLOPs per sample. */
  flopsPerSample(): { forward: number; backward: number } {
    const f = countFlops(this.#model);
    return { forward: f.forward, backward: f.backward };
  }

  /** The site's training rows (see {@link SiteDataCache.train}). */
  siteTrainData(siteId: number): Dataset {
    return this.data.train(siteId);
  }

  /** The site's local test rows (see {@link SiteDataCache.test}). */
  siteTestData(siteId: number): Dataset {
    return this.data.test(siteId);
  }

  /** Both parts of the site's data (the final robustness passes use them). */
  siteData(siteId: number): { train: Dataset; test: Dataset } {
    return this.data.both(siteId);
  }

  /** Serves training tasks from a pooled dataset (see {@link SiteDataCache.usePooled}). */
  usePooledTrain(pooled: Dataset): void {
    this.data.usePooled(pooled);
  }

  /** Every site's training data pooled, in shared memory (for the centralised baseline). */
  pooledTrain(): Dataset {
    return this.data.pooled();
  }

  // async so that a bad task (an unknown site) rejects like every other executor's, never throws.
  // deno-lint-ignore require-await
  async train(siteId: number, task: LocalTrainTask): Promise<LocalTrainResult> {
    const own = this.siteTrainData(siteId);
    const { granularityAugmentation: augment, smallSiteWeighting: weighting } = this.#robustness;
    // A fresh random subset is coarsened each round (the task's seed differs per round).
    const train = augment.enabled ? augmentGranularity(own, augment, task.seed).data : own;
    setWeightsFlat(this.#model, task.weights);
    const r = trainLocal(this.#model, train, {
      epochs: task.epochs,
      batchSize: task.batchSize,
      learningRate: task.learningRate,
      seed: task.seed,
      optimizer: task.optimizer,
      proxMu: task.proxMu,
      anchor: task.anchor,
      gradCorrection: task.gradCorrection,
    });
    return {
      weights: getWeightsFlat(this.#model),
      steps: r.steps,
      meanLoss: r.meanLoss,
      // FedAvg weighs a site by its data, not by samples seen across epochs; with
      // small-site weighting the site reports n^γ so small sites are not drowned out.
      samples: weighting.enabled ? aggregationWeight(train.n, weighting.exponent) : train.n,
    };
  }

  // deno-lint-ignore require-await
  async evaluate(siteId: number, weights: Float32Array): Promise<LocalEvalResult> {
    return this.#evaluateOn(this.siteTestData(siteId), weights);
  }

  /** Accuracy and loss of `weights` on the global test set. */
  evaluateGlobal(weights: Float32Array): LocalEvalResult {
    this.#globalTest ??= inPhase(
      this.#marks,
      "data",
      () => globalTestSet(this.#source, this.#globalTestSize, this.#streams, this.plans),
    );
    return this.#evaluateOn(this.#globalTest, weights);
  }

  /** Runs `fn` on this executor's model holding `weights` (the final robustness passes use it). */
  withModel<T>(weights: Float32Array, fn: (model: tfl.LayersModel) => T): T {
    setWeightsFlat(this.#model, weights);
    return fn(this.#model);
  }

  /**
   * Trains the model in place on `data` from `weights` for one epoch; returns
   * the new weights. With `stepper` (from `createOptimizer`), its state
   * carries over from the previous call.
   */
  trainEpoch(
    data: Dataset,
    weights: Float32Array,
    task: Omit<LocalTrainTask, "weights" | "round" | "epochs">,
    stepper?: LocalOptimizer,
  ) {
    setWeightsFlat(this.#model, weights);
    const r = trainLocal(this.#model, data, { ...task, epochs: 1, stepper });
    return { weights: getWeightsFlat(this.#model), meanLoss: r.meanLoss };
  }

  #evaluateOn(data: Dataset, weights: Float32Array): LocalEvalResult {
    if (data.n === 0) return { accuracy: NaN, loss: NaN, samples: 0 };
    setWeightsFlat(this.#model, weights);
    const m = evaluate(this.#model, data);
    return { accuracy: m.accuracy, loss: m.loss, samples: data.n };
  }

  /** Frees the model. */
  dispose(): void {
    this.#model.dispose();
    this.data.clear();
  }
}
