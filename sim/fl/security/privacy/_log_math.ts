/** Log-space arithmetic and special functions the RDP accountant needs. */

/** log(eˣ + eʸ) without overflow. */
export function logAdd(x: number, y: number): number {
  const a = Math.min(x, y);
  const b = Math.max(x, y);
  if (a === -Infinity) return b;
  return Math.log1p(Math.exp(a - b)) + b;
}

/** log(eˣ − eʸ) for x ≥ y. */
export function logSub(x: number, y: number): number {
  if (x < y) {
    throw new RangeError(`Expected a non-negative difference in log space but found ${x} < ${y}`);
  }
  if (y === -Infinity) return x;
  if (x === y) return -Infinity;
  const d = x - y;
  // expm1 overflows past ~709; then e^x − e^y ≈ e^x.
  return d > 700 ? x : Math.log(Math.expm1(d)) + y;
}

/** 1/√π. */
const INV_SQRT_PI = 0.5641895835477563;

/** erfc(x) for 0 ≤ x < 2.5 from the all-positive series of erf (no cancellation inside the sum). */
function erfcSmall(x: number): number {
  // erf(x) = 2/√π · e^(−x²) · Σ 2ⁿ x^(2n+1) / (1·3·…·(2n+1))
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= 2 * x2 / (2 * n + 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return 1 - 2 * INV_SQRT_PI * Math.exp(-x2) * sum;
}

/** log(erfc(x)) for x ≥ 2.5 from the continued fraction, evaluated bottom-up. */
function logErfcLarge(x: number): number {
  // erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …)))))
  const depth = x < 5 ? 300 : 80;
  let f = x;
  for (let k = depth; k >= 1; k--) f = x + (k / 2) / f;
  return -x * x + Math.log(INV_SQRT_PI) - Math.log(f);
}

/** The complementary error function, accurate to ~1e-13 relative for x < 26. */
export function erfc(x: number): number {
  if (x < 0) return 2 - erfc(-x);
  if (x < 2.5) return erfcSmall(x);
  return Math.exp(logErfcLarge(x));
}

/** log(erfc(x)), accurate far into the tail where erfc(x) underflows. */
export function logErfc(x: number): number {
  if (x < 0) return Math.log(2 - erfc(-x));
  if (x < 2.5) return Math.log(erfcSmall(x));
  return logErfcLarge(x);
}
