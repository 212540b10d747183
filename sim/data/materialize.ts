/**
 * Turning plans into samples. A site's data depends only on (root seed, site
 * plan): it is generated from the stream `data/site-<id>`, so sites can be
 * materialised lazily, in any order, on any worker, with bit-identical results.
 */

import { concatDatasets, sampleSize } from "./dataset.ts";
import { FastNoise } from "./_fast_noise.ts";
import { applyGranularity } from "./granularity.ts";
import { applyMissing } from "./missing.ts";
import { applyShift } from "./feature_shift.ts";
import { indicesByClass, siteIndices } from "./pool_partition.ts";
import type { SitePlan } from "./plan.ts";
import { materializeEvalSet } from "./site_eval.ts";
import type { DataSource, PoolSource, Split, StreamSource } from "./source.ts";
import type { Dataset } from "./types.ts";

/** A site's local data: what it trains on and what it evaluates personalised models on. */
export interface SiteData {
  train: Dataset;
  test: Dataset;
}

const poolIndexCache = new WeakMap<PoolSource, Partial<Record<Split, Int32Array[]>>>();

function poolByClass(source: PoolSource, split: Split): Int32Array[] {
  const cached = poolIndexCache.get(source) ?? {};
  cached[split] ??= indicesByClass(source.poolLabels(split), source.classes);
  poolIndexCache.set(source, cached);
  return cached[split];
}

/** Labels with the planned class counts, in random order. */
function shuffledLabels(counts: readonly number[], rng: { shuffle<T>(xs: T[]): T[] }): Int32Array {
  const labels: number[] = [];
  counts.forEach((n, c) => {
    for (let i = 0; i < n; i++) labels.push(c);
  });
  return Int32Array.from(rng.shuffle(labels));
}

/**
 * Generates one site's samples from its plan: draws (or picks from the pool)
 * the planned labels at full quality, then lowers granularity, applies the
 * site's calibration shift and removes its missing modalities, and splits off
 * the local test set.
 */
export function materializeSite(
  source: DataSource,
  plan: SitePlan,
  streams: StreamSource,
): SiteData {
  const ds = materialize(source, plan, streams, 0, plan.size);
  const test = plan.evalSamples > 0
    ? materializeEvalSet(source, plan, streams)
    : viewRows(ds, 0, plan.testSize);
  return { test, train: viewRows(ds, plan.testSize, ds.n) };
}

/**
 * A site's local test set alone, the same bits as `materializeSite(…).test`:
 * its drawn evaluation samples, or its held-out rows at a fraction of the
 * cost for generated sources (only the test rows are filled while every
 * random stream still advances over the training rows).
 */
export function materializeTestSet(
  source: DataSource,
  plan: SitePlan,
  streams: StreamSource,
): Dataset {
  if (plan.evalSamples > 0) return materializeEvalSet(source, plan, streams);
  return materialize(source, plan, streams, 0, plan.testSize);
}

/** A site's training set alone, the same bits as `materializeSite(…).train` (as materializeTestSet). */
export function materializeTrainSet(
  source: DataSource,
  plan: SitePlan,
  streams: StreamSource,
): Dataset {
  return materialize(source, plan, streams, plan.testSize, plan.size);
}

/** Samples `from` … `to`−1 of the site's dataset (all of them for 0 … size). */
function materialize(
  source: DataSource,
  plan: SitePlan,
  streams: StreamSource,
  from: number,
  to: number,
): Dataset {
  const rng = streams.stream(`data/site-${plan.siteId}`);
  let ds: Dataset;
  if (source.kind === "generated") {
    // Missing modalities are zeroed below, so the generator need not fill them.
    const labels = shuffledLabels(plan.classCounts, rng);
    ds = source.generate(labels, rng, "train", plan.missing, [from, to]);
  } else if (source.kind === "pool") {
    const indices = siteIndices(
      plan,
      poolByClass(source, "train"),
      (c) => streams.stream(`partition/pool-class-${c}`),
    );
    ds = source.take("train", rng.shuffle(indices));
  } else {
    ds = source.generateSite(plan.siteId, plan.size, rng, streams);
  }
  if (ds.n === plan.size && to - from < plan.size) {
    ds = viewRows(ds, from, to); // a source that made every row (pools, per-site generators)
  }
  if (ds.n !== to - from) {
    throw new RangeError(
      `Expected site ${plan.siteId} to have ${to - from} of ${plan.size} samples but found ${ds.n}`,
    );
  }
  applyGranularity(ds, plan.granularityByModality ?? plan.granularity, plan.seriesFill);
  if (plan.shift) {
    applyShift(ds, plan.shift, new FastNoise(rng), plan.missing, { from, total: plan.size });
  }
  applyMissing(ds, plan.missing);
  return ds;
}

/**
 * Rows `start`…`end`−1 as views into `ds`'s buffers: a site's train and test
 * parts never overlap and nothing else holds `ds`, so copying would only cost.
 */
export function viewRows(ds: Dataset, start: number, end: number): Dataset {
  const k = ds.modalities.length;
  const inputs: Dataset["inputs"] = {};
  for (const m of ds.modalities) {
    const size = sampleSize(ds.shapes[m]!);
    inputs[m] = ds.inputs[m]!.subarray(start * size, end * size);
  }
  return {
    ...ds,
    n: end - start,
    labels: ds.labels.subarray(start, end),
    inputs,
    mask: ds.mask.subarray(start * k, end * k),
  };
}

/**
 * The global test set: `n` samples of the population with balanced classes,
 * full granularity and every modality, from the stream `data/global-test`.
 * Pool sources draw from their held-out test pool (never seen by any site;
 * fewer than `n` if the pool is smaller). Per-site sources whose sites have
 * their own models need `plans`: samples are spread over the planned sites in
 * proportion to their sizes (labels are then as balanced as the sites are).
 */
export function globalTestSet(
  source: DataSource,
  n: number,
  streams: StreamSource,
  plans?: readonly SitePlan[],
): Dataset {
  if (!Number.isInteger(n) || n < 1) {
    throw new RangeError(`Expected the global test size to be an integer ≥ 1 but found ${n}`);
  }
  const rng = streams.stream("data/global-test");
  const C = source.classes;
  const perClass = Array.from({ length: C }, (_, c) => Math.floor(n / C) + (c < n % C ? 1 : 0));
  if (source.kind === "generated") {
    return source.generate(shuffledLabels(perClass, rng), rng, "test");
  }
  if (source.kind === "pool") {
    const byClass = poolByClass(source, "test");
    const indices: number[] = [];
    perClass.forEach((k, c) => {
      const pick = rng.sampleWithoutReplacement(byClass[c].length, Math.min(k, byClass[c].length));
      for (const j of pick) indices.push(byClass[c][j]);
    });
    return source.take("test", rng.shuffle(indices));
  }
  const sites = plans
    ? { siteIds: plans.map((p) => p.siteId), weights: plans.map((p) => p.size) }
    : null;
  return source.generatePopulation(n, rng, streams, sites);
}

/** All sites' training data in one dataset, for the centralised baseline (same data, pooled). */
export function pooledTrainSet(
  source: DataSource,
  plans: readonly SitePlan[],
  streams: StreamSource,
): Dataset {
  if (plans.length === 0) throw new RangeError("Expected at least one site plan but found none");
  return concatDatasets(plans.map((p) => materializeSite(source, p, streams).train));
}
