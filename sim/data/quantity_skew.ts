/**
 * Quantity skew: how many samples each site holds. A group of sites names a
 * distribution (lognormal, uniform, …, as the engine knows them), a power law,
 * or an explicit list of sizes, e.g. a group of 1/10-scale sites.
 */

import { type DistributionSpec, type Rng, sampleDistribution } from "../engine/mod.ts";

/** Samples per site: an engine distribution, a power law, or explicit sizes (cycled through). */
export type SizeSpec =
  | DistributionSpec
  | { powerLaw: { min: number; exponent: number; max?: number } }
  | { sizes: number[] }
  | { truncatedLognormal: { mu: number; sigma: number; offset: number } };

/**
 * The size of the `index`-th site of a group (at least `minimum`, rounded).
 * A power law draws from a Pareto tail: P(size > s) = (min/s)^(exponent−1).
 *
 * @example
 * ```ts
 * import { drawSiteSize } from "./quantity_skew.ts";
 * import { Rng } from "../engine/mod.ts";
 * if (drawSiteSize({ sizes: [30, 300] }, 1, new Rng("x"), 1) !== 300) throw new Error();
 * ```
 */
export function drawSiteSize(spec: SizeSpec, index: number, rng: Rng, minimum: number): number {
  let size: number;
  if (typeof spec === "object" && "sizes" in spec) {
    if (spec.sizes.length === 0) {
      throw new RangeError("Expected a non-empty list of sizes but found []");
    }
    size = spec.sizes[index % spec.sizes.length];
  } else if (typeof spec === "object" && "powerLaw" in spec) {
    const { min, exponent, max } = spec.powerLaw;
    if (!(min > 0) || !(exponent > 1)) {
      throw new RangeError(
        `Expected powerLaw min > 0 and exponent > 1 but found min ${min}, exponent ${exponent}`,
      );
    }
    const u = 1 - rng.uniform(); // (0, 1]
    size = Math.min(min * u ** (-1 / (exponent - 1)), max ?? Infinity);
  } else if (typeof spec === "object" && "truncatedLognormal" in spec) {
    // FedProx's generator: np.random.lognormal(mu, sigma).astype(int) + offset.
    const { mu, sigma, offset } = spec.truncatedLognormal;
    size = Math.floor(Math.exp(mu + sigma * rng.normal())) + offset;
  } else {
    size = sampleDistribution(spec, rng);
  }
  if (!Number.isFinite(size)) throw new RangeError(`Expected a finite site size but found ${size}`);
  return Math.max(minimum, Math.round(size));
}

/** Median of a list of numbers (mean of the middle two for even lengths). */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

/**
 * Each site's size relative to the median size of the largest group (by
 * median): ≈ 1 for full sites, ≈ 0.1 for 1/10-scale sites.
 */
export function volumeScales(sizes: readonly number[], groups: readonly string[]): number[] {
  const byGroup = new Map<string, number[]>();
  sizes.forEach((s, i) => byGroup.set(groups[i], [...(byGroup.get(groups[i]) ?? []), s]));
  const reference = Math.max(...[...byGroup.values()].map(median));
  return sizes.map((s) => s / reference);
}
