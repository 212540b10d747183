/**
 * Math.sin, Math.cos and Math.exp as the generators use them, about five
 * times faster and with identical results.
 *
 * The generators round these functions' results to float32 (a Float32Array
 * store, or a float32 reading computed from them). A fast approximation y
 * whose error against Math.* is provably below a band B decides that rounding
 * whenever y − B and y + B round to the same float32: Math.*'s value lies in
 * between, and rounding is monotonic. Only when the band straddles a rounding
 * boundary (about one value in a million) is Math.* called. The bits are
 * therefore Math.*'s own on every engine whose Math.* is accurate to a few
 * ulps (V8's are fdlibm ports, below 1 ulp).
 *
 * Error budget of the approximations (|x| below {@linkcode MAX_ARGUMENT}):
 * table entries from Math.* over the first octant (≤ 1 ulp + argument
 * rounding ≤ 2⁻⁵³ + 2⁻⁵⁴), Cody–Waite reduction with a 32 + 32 + 53-bit
 * split of the step (≤ 2⁻⁵³), Taylor remainders (≤ 2⁻⁵⁵) and the final
 * products and sums (≤ 2⁻⁵¹), against Math.* itself (≤ 2⁻⁵³): under 2⁻⁵⁰,
 * absolute for sin and cos, relative for exp. The band is 2⁻⁴⁶, 16 times that.
 */

/** How far (absolute) `approxSin` may be from Math.sin and still be used. */
export const SIN_BAND = 2 ** -46;
/** How far (relative) `approxExp` may be from Math.exp and still be used. */
export const EXP_BAND = 2 ** -46;
/** Largest |x| approxSin and approxCos take (k·STEP_HI stays exact up to about 51,000). */
export const MAX_ARGUMENT = 16384;

// Round to nearest integer by adding and removing 1.5·2⁵² (exact for |v| < 2⁵¹).
const ROUNDER = 6755399441055744;

// sin and cos: x = k·2π/256 + d with |d| ≤ π/256.
const STEPS = 256;
const STEPS_PER_RADIAN = 40.74366543152521; // 256 / 2π
const STEP_HI = 0.024543692605220713; // 2π/256 to 32 bits: k·STEP_HI is exact for |k| < 2²¹
const STEP_MID = 9.495469541099947e-13; // the next 32 bits
const STEP_LO = 3.159791013743673e-23; // the rest
const SINES = new Float64Array(STEPS);
const COSINES = new Float64Array(STEPS);
{
  // Entries from the first octant only (arguments ≤ π/4 carry the least
  // rounding), spread by the exact symmetries of sin and cos.
  const eighth = STEPS / 8, quarter = STEPS / 4;
  const s = new Float64Array(eighth + 1), c = new Float64Array(eighth + 1);
  for (let j = 0; j <= eighth; j++) {
    const x = (j * Math.PI) / (STEPS / 2);
    s[j] = Math.sin(x);
    c[j] = Math.cos(x);
  }
  for (let j = 0; j < STEPS; j++) {
    const m = j % quarter;
    const sm = m <= eighth ? s[m] : c[quarter - m];
    const cm = m <= eighth ? c[m] : s[quarter - m];
    const quadrant = Math.floor(j / quarter);
    SINES[j] = [sm, cm, -sm, -cm][quadrant];
    COSINES[j] = [cm, -sm, -cm, sm][quadrant];
  }
}

// exp: x = (64·m + j)·ln2/64 + r with |r| ≤ ln2/128.
const EXP_STEPS = 64;
const EXP_STEPS_PER_UNIT = 92.33248261689366; // 64 / ln 2
const EXP_STEP_HI = 0.01083042469326756; // ln2/64 to 32 bits
const EXP_STEP_LO = 2.9815858269852933e-12; // the rest
/** Range of approxExp: every result and intermediate stays a normal double. */
export const EXP_MIN = -700;
export const EXP_MAX = 700;
const TWO_TO_FRACTION = new Float64Array(EXP_STEPS); // 2^(j/64), from Math.exp (≤ 1 ulp)
for (let j = 0; j < EXP_STEPS; j++) TWO_TO_FRACTION[j] = Math.exp((j * Math.LN2) / EXP_STEPS);
const POW2_BIAS = 1100;
const POW2 = new Float64Array(2 * POW2_BIAS); // 2^(m − POW2_BIAS), exact
POW2[POW2_BIAS] = 1;
for (let m = 1; m < POW2_BIAS; m++) {
  POW2[POW2_BIAS + m] = POW2[POW2_BIAS + m - 1] * 2;
  POW2[POW2_BIAS - m] = POW2[POW2_BIAS - m + 1] / 2;
}

/**
 * sin(x) within {@linkcode SIN_BAND} / 16 of Math.sin(x) for |x| ≤
 * {@linkcode MAX_ARGUMENT}; meaningless beyond, so callers check the range
 * (per row, not per value: a check inside would cost more than the sine).
 */
export function approxSin(x: number): number {
  const k = x * STEPS_PER_RADIAN + ROUNDER - ROUNDER;
  const d = x - k * STEP_HI - k * STEP_MID - k * STEP_LO;
  const j = k & (STEPS - 1);
  const z = d * d;
  const sd = d + d * z * (-1 / 6 + z * (1 / 120));
  const cd = 1 + z * (-0.5 + z * (1 / 24 + z * (-1 / 720)));
  return SINES[j] * cd + COSINES[j] * sd;
}

/** cos(x) within {@linkcode SIN_BAND} / 16 of Math.cos(x), for |x| ≤ MAX_ARGUMENT as above. */
export function approxCos(x: number): number {
  const k = x * STEPS_PER_RADIAN + ROUNDER - ROUNDER;
  const d = x - k * STEP_HI - k * STEP_MID - k * STEP_LO;
  const j = k & (STEPS - 1);
  const z = d * d;
  const sd = d + d * z * (-1 / 6 + z * (1 / 120));
  const cd = 1 + z * (-0.5 + z * (1 / 24 + z * (-1 / 720)));
  return COSINES[j] * cd - SINES[j] * sd;
}

/**
 * exp(x) within a relative {@linkcode EXP_BAND} / 16 of Math.exp(x) for x in
 * [{@linkcode EXP_MIN}, {@linkcode EXP_MAX}]; meaningless outside, as above.
 */
export function approxExp(x: number): number {
  const k = x * EXP_STEPS_PER_UNIT + ROUNDER - ROUNDER;
  const r = x - k * EXP_STEP_HI - k * EXP_STEP_LO;
  const p = 1 + r * (1 + r * (0.5 + r * (1 / 6 + r * (1 / 24 + r * (1 / 120)))));
  const ki = k | 0;
  return TWO_TO_FRACTION[ki & (EXP_STEPS - 1)] * p * POW2[POW2_BIAS + (ki >> 6)];
}

/** Whether every a·i + phase with 0 ≤ i < n lies where approxSin and approxCos hold. */
export function sinRowInRange(a: number, phase: number, n: number): boolean {
  return Math.abs(a) * n + Math.abs(phase) <= MAX_ARGUMENT;
}

/**
 * Whether every −0.5·d² with d = (i − centre) / radius, 0 ≤ i < n, lies
 * where approxExp holds. Rounding is monotonic, so the ends decide.
 */
export function gaussianInRange(centre: number, radius: number, n: number): boolean {
  const d = Math.max(Math.abs(0 - centre), Math.abs(n - 1 - centre)) / radius;
  return -0.5 * d * d >= EXP_MIN && radius > 0;
}

/**
 * `sines[offset + i] = Math.sin(a·i + phase)` and `cosines[offset + i] =
 * Math.cos(a·i + phase)` for i in 0..n−1, bit for bit as those stores round.
 */
export function sinCosRow(
  a: number,
  phase: number,
  n: number,
  sines: Float32Array,
  cosines: Float32Array,
  offset: number,
): void {
  const fast = sinRowInRange(a, phase, n);
  for (let i = 0; i < n; i++) {
    const x = a * i + phase;
    const k = x * STEPS_PER_RADIAN + ROUNDER - ROUNDER;
    const d = x - k * STEP_HI - k * STEP_MID - k * STEP_LO;
    const j = k & (STEPS - 1);
    const z = d * d;
    const sd = d + d * z * (-1 / 6 + z * (1 / 120));
    const cd = 1 + z * (-0.5 + z * (1 / 24 + z * (-1 / 720)));
    const s = SINES[j] * cd + COSINES[j] * sd;
    const c = COSINES[j] * cd - SINES[j] * sd;
    const sLow = Math.fround(s - SIN_BAND);
    sines[offset + i] = fast && sLow === Math.fround(s + SIN_BAND) ? sLow : Math.sin(x);
    const cLow = Math.fround(c - SIN_BAND);
    cosines[offset + i] = fast && cLow === Math.fround(c + SIN_BAND) ? cLow : Math.cos(x);
  }
}

/**
 * `out[offset + i] = scale · Math.exp(−0.5·d·d)` with d = (i − centre) / radius,
 * for i in 0..n−1, bit for bit as that store rounds; `scale` ≥ 0.
 */
export function gaussianRow(
  centre: number,
  radius: number,
  scale: number,
  n: number,
  out: Float32Array,
  offset: number,
): void {
  const fast = gaussianInRange(centre, radius, n);
  for (let i = 0; i < n; i++) {
    const d = (i - centre) / radius;
    const v = -0.5 * d * d;
    const e = approxExp(v);
    const low = Math.fround(scale * (e * (1 - EXP_BAND)));
    out[offset + i] = fast && low === Math.fround(scale * (e * (1 + EXP_BAND)))
      ? low
      : scale * Math.exp(v);
  }
}
