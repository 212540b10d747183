/** A tiny deterministic "federation" to drive strategies through their hooks in tests. */
import type {
  SiteState,
  SiteUpdate,
  Strategy,
  StrategyParams,
  WeightLayoutEntry,
} from "../../../sim/fl/strategies/mod.ts";

/** 8 dense weights followed by 4 normalisation weights. */
export const LAYOUT: WeightLayoutEntry[] = [
  { name: "dense/kernel", offset: 0, size: 6, isNormalization: false },
  { name: "dense/bias", offset: 6, size: 2, isNormalization: false },
  { name: "norm/gamma", offset: 8, size: 2, isNormalization: true },
  { name: "norm/beta", offset: 10, size: 2, isNormalization: true },
];
export const LENGTH = 12;
export const TOTAL_SITES = 10;

/** Params that make every registered strategy runnable on the harness. */
export const CONFORMANCE_PARAMS: Record<string, StrategyParams> = {
  "scaffold": { totalSites: TOTAL_SITES },
  "dp-fedavg": { clipNorm: 100, noiseMultiplier: 0.001, seed: 3 },
};

/** A reproducible vector: value(i) = sin(seed·7.3 + i·1.7)·scale. */
export function vec(seed: number, scale = 1, length = LENGTH): Float32Array {
  return Float32Array.from({ length }, (_, i) => Math.sin(seed * 7.3 + i * 1.7) * scale);
}

/** One local step's update with exactly `weights` and no extras, for aggregation tests. */
export function plainUpdate(siteId: number, weights: number[], numSamples = 10): SiteUpdate {
  return {
    siteId,
    weights: new Float32Array(weights),
    numSamples,
    steps: 1,
    meanLoss: 0,
    learningRate: 0.1,
  };
}

/** What a site does in one round of the harness. */
export interface SitePlan {
  siteId: number;
  numSamples: number;
  /** Local training moves halfway from the start towards this point. */
  target: Float32Array;
  steps?: number;
  staleness?: number;
}

/**
 * One round through every site-side hook: start, config, "train" (halfway to
 * the target, minus 0.1·gradCorrection), finish. Returns the updates.
 */
export function siteRound(
  strategy: Strategy,
  global: Float32Array,
  plans: SitePlan[],
  states: Map<number, SiteState>,
  round: number,
): SiteUpdate[] {
  return plans.map((p) => {
    const site = states.get(p.siteId) ?? {};
    states.set(p.siteId, site);
    const start = strategy.siteStart(global, site);
    const config = strategy.siteConfig(global, site, round);
    const local = new Float32Array(start.length);
    for (let j = 0; j < local.length; j++) {
      local[j] = start[j] + 0.5 * (p.target[j] - start[j]) -
        0.1 * (config.gradCorrection?.[j] ?? 0);
    }
    const steps = p.steps ?? 4;
    const extras = strategy.siteFinish(start, local, site, { steps, learningRate: 0.1 });
    return {
      siteId: p.siteId,
      weights: local,
      numSamples: p.numSamples,
      steps,
      meanLoss: 1,
      learningRate: 0.1,
      staleness: p.staleness,
      extras,
    };
  });
}

/** Updates whose weights are exactly `weights`, with extras from the strategy's own siteFinish. */
export function fixedUpdates(
  strategy: Strategy,
  global: Float32Array,
  weights: Float32Array[],
  samples: number[],
): SiteUpdate[] {
  return weights.map((w, i) => {
    const site: SiteState = {};
    const start = strategy.siteStart(global, site);
    strategy.siteConfig(global, site, 1);
    const extras = strategy.siteFinish(start, w, site, { steps: 4, learningRate: 0.1 });
    return {
      siteId: i,
      weights: w,
      numSamples: samples[i],
      steps: 4,
      meanLoss: 1,
      learningRate: 0.1,
      extras,
    };
  });
}

/** Five sites with different data sizes and targets. */
export function fivePlans(round: number): SitePlan[] {
  return [0, 1, 2, 3, 4].map((i) => ({
    siteId: i * 2 + 1,
    numSamples: 10 + 7 * i,
    target: vec(round * 10 + i, 1 + i * 0.2),
    steps: 2 + i,
  }));
}

/**
 * Five update vectors whose coordinate 0 mixes values ~2^30 apart that cancel
 * exactly: a float sum of them depends on the order it adds them in, so an
 * aggregate that did not sort its updates would differ between arrival orders.
 */
export function orderSensitiveWeights(round: number): Float32Array[] {
  return [1e9, 3e-3 * round, -1e9, 7e-3, 0].map((x, i) => {
    const w = vec(round * 10 + i);
    w[0] = x;
    w[1] = [3e-3, 1e9, 5e-3, -1e9, 0][i];
    return w;
  });
}

export function distance(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += (a[j] - b[j]) ** 2;
  return Math.sqrt(s);
}
