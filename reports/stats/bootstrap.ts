/**
 * A percentile bootstrap for group retention: how much of the full sites'
 * accuracy a degraded group keeps, with a 95 % interval that resamples sites
 * (both the full sites and the group's), so it reflects how much sites differ
 * from one another and not only how many test samples each had.
 */
import { Rng } from "../../sim/engine/mod.ts";

/** Bootstrap resamples drawn for each interval. */
export const BOOTSTRAP_RESAMPLES = 2000;

/** A ratio with its percentile-bootstrap 95 % interval. */
export interface RatioInterval {
  estimate: number;
  low: number;
  high: number;
}

/** The q-quantile of sorted values (linear interpolation between order statistics). */
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * mean(group) ÷ mean(full) with a 95 % percentile-bootstrap interval: each
 * resample draws as many sites as each side has, with replacement, from each
 * side. `seed` fixes the resamples, so the interval is reproducible. NaN
 * bounds when either side has fewer than two sites (nothing to resample).
 *
 * @example
 * ```ts
 * import { retentionInterval } from "./bootstrap.ts";
 * const r = retentionInterval([0.8, 0.9, 0.85], [0.8, 0.7, 0.75], 1);
 * if (Math.abs(r.estimate - 0.75 / 0.85) > 1e-12 || !(r.low < r.estimate && r.estimate < r.high)) {
 *   throw new Error();
 * }
 * ```
 */
export function retentionInterval(
  full: readonly number[],
  group: readonly number[],
  seed: number | string,
  resamples = BOOTSTRAP_RESAMPLES,
): RatioInterval {
  const f = full.filter(Number.isFinite), g = group.filter(Number.isFinite);
  const estimate = f.length > 0 && g.length > 0 && mean(f) > 0 ? mean(g) / mean(f) : NaN;
  if (f.length < 2 || g.length < 2 || !Number.isFinite(estimate)) {
    return { estimate, low: NaN, high: NaN };
  }
  const rng = new Rng(`bootstrap/${seed}`);
  const ratios: number[] = [];
  for (let b = 0; b < resamples; b++) {
    let sf = 0, sg = 0;
    for (let i = 0; i < f.length; i++) sf += f[rng.int(f.length)];
    for (let i = 0; i < g.length; i++) sg += g[rng.int(g.length)];
    if (sf > 0) ratios.push((sg / g.length) / (sf / f.length));
  }
  ratios.sort((a, b) => a - b);
  return { estimate, low: quantileSorted(ratios, 0.025), high: quantileSorted(ratios, 0.975) };
}
