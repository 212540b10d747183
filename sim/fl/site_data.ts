/**
 * A site's data as an executor serves it: regenerated from (seed, site plan)
 * on first use and kept in a small least-recently-trained cache, or read from
 * every site's training rows pooled in shared memory (the baseline worker's),
 * and the pooled rows themselves, built one site at a time.
 */
import type { RngStreams } from "../engine/mod.ts";
import {
  allocDataset,
  type Dataset,
  type DataSource,
  materializeTestSet,
  materializeTrainSet,
  sampleSize,
  type SitePlan,
  viewRows,
} from "../data/mod.ts";
import { inPhase, type PhaseMarks } from "./profile.ts";

/**
 * Sites whose training data an executor keeps (least recently trained
 * first); older ones are regenerated when needed. Evaluations read the cache
 * but neither add to it nor reorder it: the pool's mirror of it (pool.ts)
 * follows training tasks only. A site's training rows are ≈ 2.1 MB at
 * fl-300's median size (150 samples of image, series and tabular data).
 */
export const SITE_CACHE_SIZE = 80;

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

/** Site data of one executor: generated, cached or pooled. */
export class SiteDataCache {
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

  constructor(
    private readonly source: DataSource,
    readonly plans: readonly SitePlan[],
    private readonly streams: RngStreams,
    /** Label flipping at attacking sites (issue #9): the identity for honest sites. */
    private readonly poison: (siteId: number, train: Dataset) => Dataset,
    /** Where data generation is reported, so a run's wall-clock breakdown can tell it from training. */
    private readonly marks: PhaseMarks | undefined,
  ) {}

  /**
   * The site's training rows, from the cache or generated alone (the test
   * rows' draws skipped): what a training task needs.
   */
  train(siteId: number): Dataset {
    const cached = this.#cache.get(siteId);
    if (cached !== undefined) {
      // Refresh its place in the least-recently-used order.
      this.#cache.delete(siteId);
      this.#cache.set(siteId, cached);
      return cached.train;
    }
    const plan = this.plan(siteId);
    if (this.#pooled !== null) {
      // The same rows as materializeTrainSet's, already in shared memory: nothing to keep.
      const start = this.#pooled.firstRow[siteId];
      return this.poison(siteId, viewRows(this.#pooled.data, start, start + plan.trainSize));
    }
    const train = inPhase(
      this.marks,
      "data",
      () => this.poison(siteId, materializeTrainSet(this.source, plan, this.streams)),
    );
    this.#cache.set(siteId, { train });
    if (this.#cache.size > SITE_CACHE_SIZE) this.#cache.delete(this.#cache.keys().next().value!);
    return train;
  }

  /**
   * Serves training rows from `pooled` — every site's training rows in site
   * order, as `pooled()` builds them (a baseline worker's, in shared
   * memory) — instead of regenerating sites, and drops the site cache.
   */
  usePooled(pooled: Dataset): void {
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
  test(siteId: number): Dataset {
    const cached = this.#cache.get(siteId)?.test;
    if (cached !== undefined) return cached;
    const plan = this.plan(siteId);
    return inPhase(
      this.marks,
      "data",
      () => materializeTestSet(this.source, plan, this.streams),
    );
  }

  /** Both parts of the site's data (the final robustness passes use them); cached as training is. */
  both(siteId: number): { train: Dataset; test: Dataset } {
    const train = this.train(siteId);
    // Cached with its training rows, or (pooled training rows) generated each time.
    const entry = this.#cache.get(siteId);
    const test = entry?.test ?? this.test(siteId);
    if (entry !== undefined) entry.test = test;
    return { train, test };
  }

  /**
   * Every site's training data pooled in one dataset (for the centralised
   * baseline), in shared memory; this executor then serves training tasks
   * from it too (see `usePooled`).
   */
  pooled(): Dataset {
    const pooled = inPhase(
      this.marks,
      "data",
      () => pooledTrainOneByOne(this.source, this.plans, this.streams),
    );
    this.usePooled(pooled);
    this.onPooledTrain?.(pooled);
    return pooled;
  }

  /** The plan of site `siteId`; a RangeError for an unknown id. */
  plan(siteId: number): SitePlan {
    const plan = this.plans[siteId];
    if (plan === undefined) {
      throw new RangeError(`Expected a site id in 0..${this.plans.length - 1} but found ${siteId}`);
    }
    return plan;
  }

  /** Forgets every cached site. */
  clear(): void {
    this.#cache.clear();
  }
}
