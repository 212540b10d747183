/**
 * Quantisation of float updates into the ring Z/2^32, where secure
 * aggregation adds and masks them, and the way back for the sum.
 *
 * Why 2^32: a Uint32Array wraps on every store, so masking and summing cost
 * one typed-array add per word with no modular reduction. Why it is safe: a
 * value is clipped to [-clip, clip] and mapped to an integer level in
 * [-L, L] with L = floor((2^31 - 1) / maxSites); the sum of at most
 * `maxSites` levels then lies in [-(2^31 - 1), 2^31 - 1], so reading the
 * ring sum as a two's-complement int32 gives the true integer sum exactly.
 */

import type { Rng } from "../../../engine/mod.ts";

/** Number of bits of the ring the masked updates live in. */
export const RING_BITS = 32;

/** Largest int32: the bound the sum of all quantised values must stay within. */
const INT32_MAX = 2147483647;

/** How a scaled value becomes an integer level. */
export type Rounding = "nearest" | "stochastic";

/**
 * Levels per unit so that the sum of `maxSites` values clipped to
 * [-clip, clip] cannot overflow int32 (see the module note).
 *
 * @example
 * ```ts
 * import { quantizationScale } from "./ring.ts";
 * const scale = quantizationScale(1, 50); // 50 · 1 · scale ≤ 2^31 - 1
 * if (50 * scale > 2 ** 31 - 1) throw new Error("would overflow");
 * ```
 */
export function quantizationScale(clip: number, maxSites: number): number {
  requireClip(clip);
  if (!Number.isInteger(maxSites) || maxSites < 1) {
    throw new RangeError(`Expected maxSites to be an integer ≥ 1 but found ${maxSites}`);
  }
  return maxLevel(maxSites) / clip;
}

/** The largest integer level one site may send when `maxSites` values are summed. */
export function maxLevel(maxSites: number): number {
  return Math.floor(INT32_MAX / maxSites);
}

/**
 * Clips `vector` to [-clip, clip], scales by `scale` and rounds to integers
 * stored mod 2^32. With `"stochastic"` rounding (unbiased: E[q] = x·scale),
 * `rng` supplies the coin flips so runs stay reproducible.
 */
export function quantize(
  vector: Float32Array,
  clip: number,
  scale: number,
  rounding: Rounding = "nearest",
  rng?: Rng,
): Uint32Array {
  requireClip(clip);
  if (!(scale > 0) || !Number.isFinite(scale)) {
    throw new RangeError(`Expected scale to be a finite number > 0 but found ${scale}`);
  }
  if (rounding === "stochastic" && rng === undefined) {
    throw new TypeError("Expected an Rng for stochastic rounding but found undefined");
  }
  // Clamp after scaling as well: a level must never exceed round(clip·scale),
  // which quantizationScale chose as an integer.
  const top = Math.round(clip * scale);
  const out = new Uint32Array(vector.length);
  for (let i = 0; i < vector.length; i++) {
    const x = vector[i];
    if (!Number.isFinite(x)) {
      throw new RangeError(`Expected finite update values but found ${x} at index ${i}`);
    }
    const y = (x > clip ? clip : x < -clip ? -clip : x) * scale;
    let q = rounding === "nearest" ? Math.round(y) : Math.floor(y + rng!.uniform());
    if (q > top) q = top;
    else if (q < -top) q = -top;
    out[i] = q; // a store into Uint32Array takes q mod 2^32
  }
  return out;
}

/** Adds `b` into `a` word by word mod 2^32 (in place) and returns `a`. */
export function addInto(a: Uint32Array, b: Uint32Array): Uint32Array {
  requireSameLength(a, b);
  for (let i = 0; i < a.length; i++) a[i] += b[i];
  return a;
}

/** Subtracts `b` from `a` word by word mod 2^32 (in place) and returns `a`. */
export function subtractInto(a: Uint32Array, b: Uint32Array): Uint32Array {
  requireSameLength(a, b);
  for (let i = 0; i < a.length; i++) a[i] -= b[i];
  return a;
}

/**
 * Reads a ring sum as signed int32 levels and divides by `scale`: the float
 * sum of the quantised inputs (exact while the no-overflow bound holds, up to
 * float32 rounding of the result).
 */
export function dequantizeSum(sum: Uint32Array, scale: number): Float32Array {
  if (!(scale > 0) || !Number.isFinite(scale)) {
    throw new RangeError(`Expected scale to be a finite number > 0 but found ${scale}`);
  }
  const signed = new Int32Array(sum.buffer, sum.byteOffset, sum.length);
  const out = new Float32Array(sum.length);
  for (let i = 0; i < sum.length; i++) out[i] = signed[i] / scale;
  return out;
}

function requireClip(clip: number): void {
  if (!(clip > 0) || !Number.isFinite(clip)) {
    throw new RangeError(`Expected clip to be a finite number > 0 but found ${clip}`);
  }
}

function requireSameLength(a: Uint32Array, b: Uint32Array): void {
  if (a.length !== b.length) {
    throw new RangeError(`Expected vectors of length ${a.length} but found ${b.length}`);
  }
}
