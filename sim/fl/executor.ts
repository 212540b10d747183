/**
 * Runs site numerics in this thread: one model, site data regenerated from
 * (seed, site plan) on first use and kept in a small cache. The worker pool
 * runs the same class inside each worker, so a task gives the same numbers
 * wherever it runs: it is a pure function of (scenario, seed, site id, task).
 */

import type * as tf from "@tensorflow/tfjs-core";
import type * as tfl from "@tensorflow/tfjs-layers";
import { RngStreams } from "../engine/mod.ts";
import {
  allocDataset,
  type Dataset,
  globalTestSet,
  materializeTestSet,
  materializeTrainSet,
  sampleSize,
  type SitePlan,
  viewRows,
} from "../data/mod.ts";
import {
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

/** What an executor needs to rebuild everything a site task uses. */
export interface ExecutorSetup {
  scenario: Scenario;
  seed: number;
}

/**
 * Sites whose training data an executor keeps (least recently trained
 * first); older ones are regenerated when needed. Evaluations read the cache
 * but neither add to it nor reorder it: the pool's mirror of it (pool.ts)
 * follows training tasks only. A site's training rows are ≈ 2.1 MB at
 * fl-300's median size (150 samples of image, series and tabular data).
 */
export const SITE_CACHE_SIZE = 80;

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

/**
 * The same dataset as `pooledTrainSet` (every site's training rows, in site
 * order), but each site is copied in as soon as it is generated: holding
 * every site's data and the pooled copy at once was the peak of a 300-site
 * run's memory (≈ 0.8 GB more than the pooled data alone).
 */
function pooledTrainOneByOne(
  source: DataSource,
  plans: readonly SitePlan[],
  streams: RngStreams,
): Dataset {
  if (plans.length === 0) throw new RangeError("Expected at least one site plan but found none");
  const n = plans.reduce((sum, p) => sum + p.trainSize, 0);
  let out: Dataset | null = null;
  let row = 0;
  for (const plan of plans) {
    const train = materializeTrainSet(source, plan, streams);
    if (train.n !== plan.trainSize) {
      throw new RangeError(
        `Expected site ${plan.siteId} to have ${plan.trainSize} training samples but found ${train.n}`,
      );
    }
    // Shared memory: a pool's other workers train sites from it (usePooledTrain).
    out ??= allocDataset(n, train.classes, train.modalities, train.shapes, { shared: true });
    out.labels.set(train.labels, row);
    out.mask.set(train.mask, row * out.modalities.length);
    for (const m of out.modalities) {
      out.inputs[m]!.set(train.inputs[m]!, row * sampleSize(out.shapes[m]!));
    }
    row += train.n;
  }
  return out!;
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
  /** Per site, its training rows, and its test rows once something needed them all. */
  #cache = new Map<number, { train: Dataset; test?: Dataset }>();
  /**
   * Every site's training rows, pooled by the worker that trains the
   * centralised baseline and shared (not copied) with this one: while it is
   * here, no training task regenerates a site (`usePooledTrain`).
   */
  #pooled: { data: Dataset; firstRow: Int32Array } | null = null;
  /** Called with the pooled data once `pooledTrain` has built it (a pool worker shares it). */
  onPooledTrain: ((pooled: Dataset) => void) | null = null;
  #globalTest: Dataset | null = null;
  #globalTestSize: number;
  #robustness: RobustnessConfig;
  /** Label flipping at attacking sites (issue #9): the identity for honest sites. */
  #poison: (siteId: number, train: Dataset) => Dataset;
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
    this.#poison = (id, train) =>
      poisonTraining(setup.scenario.attack, setup.seed, plans.length, id, train);
  }

  /**
   * Starts the TensorFlow.js backend, plans the sites and builds the model;
   * planning and data generation are reported to `marks` as the "data" phase.
   */
  static async create(setup: ExecutorSetup, marks?: PhaseMarks): Promise<LocalExecutor> {
    const backend = await initBackend();
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

  /**
   * The site's training rows, from the cache or generated alone (the test
   * rows' draws skipped): what a training task needs.
   */
  siteTrainData(siteId: number): Dataset {
    const cached = this.#cache.get(siteId);
    if (cached !== undefined) {
      // Refresh its place in the least-recently-used order.
      this.#cache.delete(siteId);
      this.#cache.set(siteId, cached);
      return cached.train;
    }
    const plan = this.#plan(siteId);
    if (this.#pooled !== null) {
      // The same rows as materializeTrainSet's, already in shared memory: nothing to keep.
      const start = this.#pooled.firstRow[siteId];
      return this.#poison(siteId, viewRows(this.#pooled.data, start, start + plan.trainSize));
    }
    const train = inPhase(
      this.#marks,
      "data",
      () => this.#poison(siteId, materializeTrainSet(this.#source, plan, this.#streams)),
    );
    this.#cache.set(siteId, { train });
    if (this.#cache.size > SITE_CACHE_SIZE) this.#cache.delete(this.#cache.keys().next().value!);
    return train;
  }

  /**
   * Serves training tasks from `pooled` — every site's training rows in site
   * order, as `pooledTrain()` builds them (a baseline worker's, in shared
   * memory) — instead of regenerating sites, and drops the site cache.
   */
  usePooledTrain(pooled: Dataset): void {
    const firstRow = new Int32Array(this.plans.length);
    let row = 0;
    this.plans.forEach((p, i) => {
      firstRow[i] = row;
      row += p.trainSize;
    });
    if (row !== pooled.n) {
      throw new RangeError(`Expected pooled data of ${row} samples but found ${pooled.n}`);
    }
    this.#pooled = { data: pooled, firstRow };
    this.#cache.clear();
  }

  /**
   * The site's local test rows: from the cache when there, else generated
   * alone and not kept (evaluating every site then costs a quarter of
   * generating them, and does not push the training sites out of the cache).
   */
  siteTestData(siteId: number): Dataset {
    const cached = this.#cache.get(siteId)?.test;
    if (cached !== undefined) return cached;
    const plan = this.#plan(siteId);
    return inPhase(
      this.#marks,
      "data",
      () => materializeTestSet(this.#source, plan, this.#streams),
    );
  }

  /** Both parts of the site's data (the final robustness passes use them); cached as training is. */
  siteData(siteId: number): { train: Dataset; test: Dataset } {
    const train = this.siteTrainData(siteId);
    // Cached with its training rows, or (pooled training rows) generated each time.
    const entry = this.#cache.get(siteId);
    const test = entry?.test ?? this.siteTestData(siteId);
    if (entry !== undefined) entry.test = test;
    return { train, test };
  }

  #plan(siteId: number): SitePlan {
    const plan = this.plans[siteId];
    if (plan === undefined) {
      throw new RangeError(`Expected a site id in 0..${this.plans.length - 1} but found ${siteId}`);
    }
    return plan;
  }

  train(siteId: number, task: LocalTrainTask): Promise<LocalTrainResult> {
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
    return Promise.resolve({
      weights: getWeightsFlat(this.#model),
      steps: r.steps,
      meanLoss: r.meanLoss,
      // FedAvg weighs a site by its data, not by samples seen across epochs; with
      // small-site weighting the site reports n^γ so small sites are not drowned out.
      samples: weighting.enabled ? aggregationWeight(train.n, weighting.exponent) : train.n,
    });
  }

  evaluate(siteId: number, weights: Float32Array): Promise<LocalEvalResult> {
    return Promise.resolve(this.#evaluateOn(this.siteTestData(siteId), weights));
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

  /**
   * Every site's training data pooled in one dataset (for the centralised
   * baseline), in shared memory; this executor then serves training tasks
   * from it too (see `usePooledTrain`).
   */
  pooledTrain(): Dataset {
    const pooled = inPhase(
      this.#marks,
      "data",
      () => pooledTrainOneByOne(this.#source, this.plans, this.#streams),
    );
    this.usePooledTrain(pooled);
    this.onPooledTrain?.(pooled);
    return pooled;
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
    this.#cache.clear();
  }
}
