/**
 * Gamma draws for {@linkcode Rng}, as functions of the stream's normal and
 * uniform draws so the class stays short: each consumes the stream exactly as
 * the methods they came from did.
 */

/** Marsaglia & Tsang (2000) for shape ≥ 1; `next` is uniform on [0, 1). */
export function gammaAtLeastOne(shape: number, normal: () => number, next: () => number): number {
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number, v: number;
    do {
      x = normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - next(); // in (0, 1], so log(u) is finite
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/**
 * log of a Gamma(shape, 1) draw. Below shape 1 it uses the boost
 * Gamma(a) = Gamma(a + 1)·U^(1/a) in log space, because U^(1/a) underflows
 * to 0 for small a (at a = 0.01, U^(100) is often below 1e-308).
 */
export function logGammaDraw(shape: number, normal: () => number, next: () => number): number {
  if (shape >= 1) return Math.log(gammaAtLeastOne(shape, normal, next));
  const g = gammaAtLeastOne(shape + 1, normal, next);
  const u = 1 - next();
  return Math.log(g) + Math.log(u) / shape;
}
