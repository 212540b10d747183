import { logAdd, logErfc, logSub } from "./_log_math.ts";

/**
 * Rényi DP of the sampled Gaussian mechanism (Mironov, Talwar & Zhang 2019),
 * computed in log space as in TensorFlow Privacy / dp_accounting: a step
 * samples each record (here: each site) with probability q and adds Gaussian
 * noise with standard deviation z times the sensitivity.
 *
 * @module
 */

/** log A_α for integer α (0 < q < 1): a finite binomial sum. */
function logAInt(q: number, sigma: number, alpha: number): number {
  let logA = -Infinity;
  let logBinom = 0; // log C(α, 0)
  const logQ = Math.log(q);
  const log1mQ = Math.log1p(-q);
  for (let i = 0; i <= alpha; i++) {
    if (i > 0) logBinom += Math.log((alpha - i + 1) / i);
    const s = logBinom + i * logQ + (alpha - i) * log1mQ + (i * i - i) / (2 * sigma * sigma);
    logA = logAdd(logA, s);
  }
  return logA;
}

/** log A_α for fractional α (0 < q < 1): the two-sided series, summed until terms are < e⁻³⁰. */
function logAFrac(q: number, sigma: number, alpha: number): number {
  let logA0 = -Infinity;
  let logA1 = -Infinity;
  const z0 = sigma * sigma * Math.log(1 / q - 1) + 0.5;
  const logQ = Math.log(q);
  const log1mQ = Math.log1p(-q);
  let logCoef = 0; // log |C(α, i)|
  let sign = 1; // sign of C(α, i)
  for (let i = 0; i < 1_000_000; i++) {
    if (i > 0) {
      const r = (alpha - i + 1) / i;
      logCoef += Math.log(Math.abs(r));
      if (r < 0) sign = -sign;
    }
    const j = alpha - i;
    const logT0 = logCoef + i * logQ + j * log1mQ;
    const logT1 = logCoef + j * logQ + i * log1mQ;
    const logE0 = Math.log(0.5) + logErfc((i - z0) / (Math.SQRT2 * sigma));
    const logE1 = Math.log(0.5) + logErfc((z0 - j) / (Math.SQRT2 * sigma));
    const logS0 = logT0 + (i * i - i) / (2 * sigma * sigma) + logE0;
    const logS1 = logT1 + (j * j - j) / (2 * sigma * sigma) + logE1;
    if (sign > 0) {
      logA0 = logAdd(logA0, logS0);
      logA1 = logAdd(logA1, logS1);
    } else {
      logA0 = logSub(logA0, logS0);
      logA1 = logSub(logA1, logS1);
    }
    if (Math.max(logS0, logS1) < -30) break;
  }
  return logAdd(logA0, logA1);
}

/** log A_α, the log of the α-th moment the RDP bound is built from. */
export function logA(q: number, sigma: number, alpha: number): number {
  return Number.isInteger(alpha) ? logAInt(q, sigma, alpha) : logAFrac(q, sigma, alpha);
}

/** RDP at order α of one step of the sampled Gaussian mechanism (may be Infinity). */
export function sampledGaussianRdp(q: number, noiseMultiplier: number, alpha: number): number {
  if (!(q >= 0 && q <= 1)) {
    throw new RangeError(`Expected the sampling rate q to be in [0, 1] but found ${q}`);
  }
  if (!(noiseMultiplier >= 0)) {
    throw new RangeError(`Expected the noise multiplier to be >= 0 but found ${noiseMultiplier}`);
  }
  if (!(alpha > 1)) {
    throw new RangeError(`Expected the RDP order to be > 1 but found ${alpha}`);
  }
  if (alpha === Infinity || noiseMultiplier === 0) return Infinity;
  if (q === 0) return 0;
  if (q === 1) return alpha / (2 * noiseMultiplier * noiseMultiplier);
  return logA(q, noiseMultiplier, alpha) / (alpha - 1);
}

/**
 * RDP, at each order, of `steps` compositions of the sampled Gaussian
 * mechanism with sampling rate `q` and noise multiplier `noiseMultiplier`.
 *
 * @example
 * ```ts
 * import { computeRdp } from "./rdp.ts";
 * // Without sampling the Gaussian mechanism has RDP α/(2σ²) exactly.
 * if (computeRdp(1, 10, 1, [20])[0] !== 0.1) throw new Error("expected 0.1");
 * ```
 */
export function computeRdp(
  q: number,
  noiseMultiplier: number,
  steps: number,
  orders: readonly number[],
): number[] {
  if (!(steps >= 0) || !Number.isFinite(steps)) {
    throw new RangeError(`Expected steps to be a finite number >= 0 but found ${steps}`);
  }
  return orders.map((a) => steps === 0 ? 0 : sampledGaussianRdp(q, noiseMultiplier, a) * steps);
}
