/**
 * Small-site weighting: FedAvg weighs a site's update by its sample count n,
 * so a 1/10-volume site counts a tenth of a full one and a group of them is
 * drowned out. Weighting by n^γ with γ < 1 (γ = 0.5: a 1/10 site counts
 * ≈ 0.32 of a full one) gives small sites a say while still trusting larger
 * sites more; γ = 0 is a plain mean of the updates, γ = 1 is FedAvg.
 */

/**
 * The aggregation weight of a site with `samples` training samples:
 * `samples^exponent`. Strategies read it as the update's `numSamples`.
 *
 * @example
 * ```ts
 * import { aggregationWeight } from "./small_site_weighting.ts";
 * if (aggregationWeight(100, 0.5) !== 10) throw new Error();
 * ```
 */
export function aggregationWeight(samples: number, exponent: number): number {
  if (!(samples >= 0) || !Number.isFinite(samples)) {
    throw new RangeError(`Expected a sample count ≥ 0 but found ${samples}`);
  }
  if (!(exponent >= 0 && exponent <= 1)) {
    throw new RangeError(`Expected a weighting exponent in [0, 1] but found ${exponent}`);
  }
  return samples === 0 ? 0 : samples ** exponent;
}

/** Each site's share of the aggregate under weights n^γ (sums to 1). */
export function aggregationShares(samples: readonly number[], exponent: number): number[] {
  const w = samples.map((n) => aggregationWeight(n, exponent));
  const total = w.reduce((a, b) => a + b, 0);
  if (!(total > 0)) throw new RangeError("Expected at least one site with samples but found none");
  return w.map((x) => x / total);
}
