import { aggregateVectors, type AggregatorName, clipUpdates } from "./robust/mod.ts";
import { firstNonFinite } from "./aggregate.ts";
import { type AggregationParams, AggregationParamsSchema } from "./_params.ts";
import {
  DEFAULT_STALENESS_RULE,
  type StalenessRule,
  stalenessWeight,
  stalenessWeightedPoint,
} from "./staleness.ts";
import type { SiteFailure, SiteUpdate } from "./strategy.ts";

/** Parameters every strategy accepts for how updates are combined. */
export const AGGREGATION_PARAM_KEYS = Object.keys(AggregationParamsSchema.shape)
  .filter((key) => key !== "name");

/** How a strategy turns the arrived updates into one point. */
export interface AggregationOptions {
  aggregator: AggregatorName;
  trimFraction?: number;
  byzantine?: number;
  multiKrumSelect?: number;
  /** Clip each update's delta to this norm, or to the median delta norm; none when undefined. */
  clipNorm?: number | "median";
  /** "samples": weight ∝ numSamples (FedAvg); "uniform": every update alike. */
  weighting: "samples" | "uniform";
  /** Scales each update's delta by a function of its staleness (FedBuff's s(τ)). */
  staleness: StalenessRule;
}

/** The aggregation options of parsed params (defaults filled by the schema). */
export function aggregationOptions(p: AggregationParams): AggregationOptions {
  return {
    aggregator: p.aggregator,
    trimFraction: p.trimFraction,
    byzantine: p.byzantine,
    multiKrumSelect: p.multiKrumSelect,
    clipNorm: p.clipNorm,
    weighting: p.weighting,
    staleness: p.staleness ?? DEFAULT_STALENESS_RULE,
  };
}

/** Updates sorted by site, with their aggregation weights; zero-weight ones removed. */
export interface PreparedUpdates {
  updates: SiteUpdate[];
  weights: number[];
}

/** Orders updates by siteId; the rest only breaks ties (one site twice in an async buffer). */
function compareUpdates(a: SiteUpdate, b: SiteUpdate): number {
  const c = a.siteId - b.siteId || (a.staleness ?? 0) - (b.staleness ?? 0) ||
    a.steps - b.steps || a.numSamples - b.numSamples;
  if (c !== 0) return c;
  for (let j = 0; j < a.weights.length; j++) {
    if (a.weights[j] !== b.weights[j]) return a.weights[j] - b.weights[j];
  }
  return 0;
}

const FAILURE_REASONS = new Set(["offline", "deadline", "dropped", "diverged", "rejected"]);

/** Checks failures are well formed; strategies never average them. */
export function checkFailures(failures: readonly SiteFailure[]): void {
  if (!Array.isArray(failures)) {
    throw new TypeError(`Expected failures to be an array but found ${typeof failures}`);
  }
  for (const f of failures) {
    if (!Number.isInteger(f?.siteId) || !FAILURE_REASONS.has(f?.reason)) {
      throw new TypeError(
        `Expected a failure {siteId: integer, reason: ${[...FAILURE_REASONS].join(" | ")}} ` +
          `but found ${JSON.stringify(f)}`,
      );
    }
  }
}

/** Throws a RangeError naming the site when its weights hold NaN or ±Infinity. */
export function checkFiniteWeights(u: SiteUpdate): void {
  const bad = firstNonFinite(u.weights);
  if (bad >= 0) {
    throw new RangeError(
      `Expected finite weights from site ${u.siteId} but found ${
        u.weights[bad]
      } at index ${bad} (report the site as diverged instead)`,
    );
  }
}

/**
 * Validates updates against the global's length, sorts them by siteId (so
 * arrival order never matters) and computes their weights. Throws a
 * RangeError when updates arrived but all of them weigh zero.
 *
 * Async updates (FedBuff, Nguyen et al. 2022, Alg. 1) come back as points
 * x + s(τᵢ)·(yᵢ − x_dispatch(i)) around the current global x: the staleness
 * scales the site's delta, and the weights stay the plain sample (or
 * uniform) weights, so a weighted mean is x + Σ wᵢ·s(τᵢ)·Δᵢ / Σ wᵢ (with
 * uniform weights, the paper's (1/K)·Σ s(τᵢ)·Δᵢ). Every rule after this —
 * robust aggregators, clipping, server optimisers — therefore acts on the
 * staleness-weighted deltas.
 */
export function prepareUpdates(
  global: Float32Array,
  updates: readonly SiteUpdate[],
  options: AggregationOptions,
  checkFinite = true,
): PreparedUpdates {
  if (!Array.isArray(updates)) {
    throw new TypeError(`Expected updates to be an array but found ${typeof updates}`);
  }
  for (const u of updates) {
    if (!Number.isInteger(u.siteId)) {
      throw new TypeError(`Expected an update's siteId to be an integer but found ${u.siteId}`);
    }
    if (!(u.weights instanceof Float32Array) || u.weights.length !== global.length) {
      throw new RangeError(
        `Expected site ${u.siteId} to send ${global.length} weights but found ${
          u.weights instanceof Float32Array ? u.weights.length : typeof u.weights
        }`,
      );
    }
    if (!Number.isFinite(u.numSamples) || u.numSamples < 0) {
      throw new RangeError(
        `Expected site ${u.siteId}'s numSamples to be >= 0 but found ${u.numSamples}`,
      );
    }
    if (!Number.isFinite(u.steps) || u.steps < 0) {
      throw new RangeError(`Expected site ${u.siteId}'s steps to be >= 0 but found ${u.steps}`);
    }
    if (checkFinite) checkFiniteWeights(u);
    if (u.dispatchedFrom !== undefined && u.dispatchedFrom.length !== global.length) {
      throw new RangeError(
        `Expected site ${u.siteId}'s dispatched global to have ${global.length} weights but found ${u.dispatchedFrom.length}`,
      );
    }
  }
  const sorted = [...updates].sort(compareUpdates);
  const kept: SiteUpdate[] = [];
  const weights: number[] = [];
  for (const u of sorted) {
    const base = options.weighting === "samples" ? u.numSamples : (u.numSamples > 0 ? 1 : 0);
    const s = stalenessWeight(u.staleness, options.staleness);
    if (base > 0 && s > 0) {
      const point = stalenessWeightedPoint(global, u.weights, u.dispatchedFrom, s);
      kept.push(point === u.weights ? u : { ...u, weights: point, dispatchedFrom: undefined });
      weights.push(base);
    }
  }
  if (sorted.length > 0 && kept.length === 0) {
    throw new RangeError(
      `Expected at least one update with numSamples > 0 but found ${sorted.length} update(s) ` +
        `that all weigh 0`,
    );
  }
  return { updates: kept, weights };
}

/** Clips (if configured) and combines `vectors` around `global` into one point. */
export function combinePoints(
  global: Float32Array,
  vectors: readonly Float32Array[],
  weights: readonly number[],
  options: AggregationOptions,
): Float32Array {
  const points = options.clipNorm === undefined
    ? vectors
    : clipUpdates(global, vectors, options.clipNorm).vectors;
  return aggregateVectors(options.aggregator, points, weights, options);
}
