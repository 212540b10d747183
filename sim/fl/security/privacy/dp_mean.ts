/**
 * Client-level differential privacy for federated averaging (DP-FedAvg,
 * McMahan et al. 2018): clip every site's update delta to L2 norm C, sum,
 * add Gaussian noise N(0, (z·C)²) per coordinate to the sum, and divide by
 * the (expected) number of sites. One site then changes the released sum by
 * at most C, so each round is a Gaussian mechanism with noise multiplier z.
 *
 * @module
 */

/** A delta after clipping, with what clipping did. */
export interface ClippedDelta {
  clipped: Float32Array;
  /** Norm before clipping. */
  norm: number;
  /** Factor applied: min(1, C / norm). */
  factor: number;
}

/**
 * `delta` scaled to L2 norm at most `clipNorm`.
 *
 * @example
 * ```ts
 * import { clipDelta } from "./dp_mean.ts";
 * const { clipped, factor } = clipDelta(new Float32Array([6, 8]), 5);
 * if (factor !== 0.5 || clipped[0] !== 3) throw new Error("expected half");
 * ```
 */
export function clipDelta(delta: Float32Array, clipNorm: number): ClippedDelta {
  if (!(clipNorm > 0) || !Number.isFinite(clipNorm)) {
    throw new RangeError(`Expected clipNorm to be a finite number > 0 but found ${clipNorm}`);
  }
  let s = 0;
  for (let j = 0; j < delta.length; j++) s += delta[j] * delta[j];
  const norm = Math.sqrt(s);
  const factor = norm > clipNorm ? clipNorm / norm : 1;
  const clipped = new Float32Array(delta.length);
  for (let j = 0; j < delta.length; j++) clipped[j] = delta[j] * factor;
  return { clipped, norm, factor };
}

/** Settings of one DP-FedAvg aggregation. */
export interface PrivateMeanOptions {
  /** C: per-site L2 bound on the update delta. */
  clipNorm: number;
  /** z: noise standard deviation on the sum, in units of C. */
  noiseMultiplier: number;
  /** A seeded N(0, 1) generator (e.g. `createSeededNormal(seed)`). */
  normal: () => number;
  /**
   * Divide the noisy sum by this instead of the number of deltas: the
   * expected number of sampled sites q·N keeps the sensitivity fixed
   * (McMahan et al. 2018's fixed-denominator estimator).
   */
  denominator?: number;
}

/** The released mean delta and what it cost. */
export interface PrivateMean {
  delta: Float32Array;
  /** How many deltas were actually shortened by clipping. */
  clippedCount: number;
  /** Norms before clipping, in input order. */
  norms: number[];
  /** Standard deviation of the noise added to the sum, z·C. */
  noiseStd: number;
}

/** (Σ clip(Δᵢ, C) + N(0, (zC)²)) / denominator. Noise is drawn in coordinate order. */
export function privateMeanDelta(
  deltas: readonly Float32Array[],
  options: PrivateMeanOptions,
): PrivateMean {
  const { clipNorm, noiseMultiplier, normal } = options;
  if (deltas.length === 0) throw new RangeError("Expected at least one delta but found none");
  if (!(noiseMultiplier >= 0) || !Number.isFinite(noiseMultiplier)) {
    throw new RangeError(
      `Expected noiseMultiplier to be a finite number >= 0 but found ${noiseMultiplier}`,
    );
  }
  const denominator = options.denominator ?? deltas.length;
  if (!(denominator > 0) || !Number.isFinite(denominator)) {
    throw new RangeError(`Expected the denominator to be > 0 but found ${denominator}`);
  }
  const length = deltas[0].length;
  const sum = new Float64Array(length);
  const norms: number[] = [];
  let clippedCount = 0;
  for (const d of deltas) {
    if (d.length !== length) {
      throw new RangeError(`Expected every delta to have length ${length} but found ${d.length}`);
    }
    const { clipped, norm, factor } = clipDelta(d, clipNorm);
    norms.push(norm);
    if (factor < 1) clippedCount++;
    for (let j = 0; j < length; j++) sum[j] += clipped[j];
  }
  const noiseStd = noiseMultiplier * clipNorm;
  const out = new Float32Array(length);
  for (let j = 0; j < length; j++) {
    const noise = noiseStd > 0 ? noiseStd * normal() : 0;
    out[j] = (sum[j] + noise) / denominator;
  }
  return { delta: out, clippedCount, norms, noiseStd };
}
