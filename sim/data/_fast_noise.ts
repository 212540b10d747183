/**
 * Pixel-level noise for the generators. Drawing hundreds of millions of
 * Gaussians through the engine's Rng (Alea + polar method) would dominate
 * generation time, so per-value noise comes from a 32-bit xorshift seeded by
 * the site's stream, mapped through a table of 65,536 normal quantiles.
 * Per-sample factors (phases, gains, class choice) still use the engine's Rng.
 */

import type { Rng } from "../engine/mod.ts";

const TABLE_BITS = 16;
const TABLE_SIZE = 1 << TABLE_BITS;

/** Inverse standard normal CDF (Acklam's rational approximation, |error| < 1.2e-9). */
function normalQuantile(p: number): number {
  const a = [
    -39.69683028665376,
    220.9460984245205,
    -275.9285104469687,
    138.357751867269,
    -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406,
    161.5858368580409,
    -155.6989798598866,
    66.80131188771972,
    -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293,
    -0.3223964580411365,
    -2.400758277161838,
    -2.549732539343734,
    4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

let table: Float32Array | null = null;

/** Standard normal values at the midpoints of 65,536 equal-probability bins: mean 0, sd ≈ 1. */
export function normalTable(): Float32Array {
  if (table) return table;
  table = new Float32Array(TABLE_SIZE);
  for (let i = 0; i < TABLE_SIZE; i++) table[i] = normalQuantile((i + 0.5) / TABLE_SIZE);
  return table;
}

/** A fast, seeded source of per-value noise (xorshift32 + normal-quantile table). */
export class FastNoise {
  #state: number;
  readonly #table = normalTable();

  /** Seeds from the engine stream, so noise is as reproducible as the stream itself. */
  constructor(rng: Rng) {
    // xorshift32 must not start at 0.
    // The state is kept as an int32 so V8 never boxes it.
    this.#state = rng.seed32() | 0 || 0x1e3779b9;
  }

  /** The xorshift32 state as an int32, for native kernels that continue the stream. */
  get state(): number {
    return this.#state;
  }

  set state(value: number) {
    this.#state = value | 0;
  }

  /** Advances the stream as if `count` values had been drawn, in O(log count). */
  skip(count: number): void {
    this.#state = jumpXorshift(this.#state, count);
  }

  #next(): number {
    let x = this.#state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.#state = x;
    return x >>> 0;
  }

  /** Uniform on [0, 1). */
  uniform(): number {
    return this.#next() / 4294967296;
  }

  /** An approximately standard normal value. */
  normal(): number {
    return this.#table[this.#next() >>> (32 - TABLE_BITS)];
  }

  /** Adds `sd`·N(0, 1) to every element of `out` from `start` to `end`. */
  addNormal(out: Float32Array, sd: number, start = 0, end = out.length): void {
    const t = this.#table;
    let x = this.#state;
    for (let i = start; i < end; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      out[i] += sd * t[x >>> (32 - TABLE_BITS)];
    }
    this.#state = x;
  }
}

/** One xorshift32 step on an int32 state. */
function xorshift(x: number): number {
  x ^= x << 13;
  x ^= x >>> 17;
  x ^= x << 5;
  return x;
}

/** `m`·`v` over GF(2), `m` as its 32 columns. */
function applyBits(m: Int32Array, v: number): number {
  let r = 0;
  for (let i = 0; i < 32; i++) if ((v >>> i) & 1) r ^= m[i];
  return r;
}

/** The xorshift32 step to the power 2^k, for k = 0, 1, …: built on demand, kept. */
const POWERS: Int32Array[] = [new Int32Array(32).map((_, i) => xorshift(1 << i))];

function power(k: number): Int32Array {
  while (POWERS.length <= k) {
    const last = POWERS[POWERS.length - 1];
    POWERS.push(last.map((column) => applyBits(last, column)));
  }
  return POWERS[k];
}

/**
 * `state` advanced by `steps` xorshift32 steps. The step is linear over
 * GF(2), so `steps` of them are one 32×32 bit matrix: the product of the
 * step's powers 2^k for the bits k of `steps` (kept once computed, so a jump
 * costs a few dozen bit operations per set bit). Matrices are kept as their
 * 32 columns (the images of 1 << i).
 */
export function jumpXorshift(state: number, steps: number): number {
  if (!Number.isSafeInteger(steps) || steps < 0) {
    throw new RangeError(`Expected steps to be a safe integer ≥ 0 but found ${steps}`);
  }
  let x = state | 0;
  for (let n = steps, k = 0; n > 0; n = Math.floor(n / 2), k++) {
    if (n % 2 === 1) x = applyBits(power(k), x);
  }
  return x;
}
