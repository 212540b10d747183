import { checkVectors } from "./_vectors.ts";

/** Euclidean norm in Float64. */
function l2(v: Float32Array): number {
  let s = 0;
  for (let j = 0; j < v.length; j++) s += v[j] * v[j];
  return Math.sqrt(s);
}

/**
 * `v` scaled down to norm `bound` when it is longer (a copy otherwise).
 *
 * @example
 * ```ts
 * import { clipToNorm } from "./clipping.ts";
 * const c = clipToNorm(new Float32Array([3, 4]), 1);
 * if (Math.abs(c[0] - 0.6) > 1e-6 || Math.abs(c[1] - 0.8) > 1e-6) throw new Error("bad clip");
 * ```
 */
export function clipToNorm(v: Float32Array, bound: number): Float32Array {
  if (!(bound >= 0) || !Number.isFinite(bound)) {
    throw new RangeError(
      `Expected the clipping bound to be a finite number >= 0 but found ${bound}`,
    );
  }
  const n = l2(v);
  const out = new Float32Array(v);
  if (n > bound) {
    const s = bound / n;
    for (let j = 0; j < out.length; j++) out[j] *= s;
  }
  return out;
}

/** The result of clipping a set of updates around a common start. */
export interface ClippedUpdates {
  /** start + clipped(vᵢ − start) for every input vector. */
  vectors: Float32Array[];
  /** ‖vᵢ − start‖ before clipping. */
  norms: number[];
  /** The bound that was applied. */
  bound: number;
}

/** Median of a non-empty list of numbers (mean of the middle two for an even count). */
export function medianOf(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 === 1 ? s[h] : (s[h - 1] + s[h]) / 2;
}

/**
 * Norm clipping of updates (Sun et al. 2019): each update's delta from `start`
 * is scaled down to `bound`, or to the median delta norm when `bound` is
 * `"median"` — so one huge (scaled or noisy) update cannot drag the average.
 */
export function clipUpdates(
  start: Float32Array,
  vectors: readonly Float32Array[],
  bound: number | "median",
): ClippedUpdates {
  checkVectors([start, ...vectors], "clipUpdates");
  const norms = vectors.map((v) => {
    let s = 0;
    for (let j = 0; j < v.length; j++) {
      const d = v[j] - start[j];
      s += d * d;
    }
    return Math.sqrt(s);
  });
  const b = bound === "median" ? medianOf(norms) : bound;
  if (!(b >= 0) || !Number.isFinite(b)) {
    throw new RangeError(`Expected the clipping bound to be a finite number >= 0 but found ${b}`);
  }
  const out = vectors.map((v, i) => {
    if (norms[i] <= b) return v;
    const s = b / norms[i];
    const c = new Float32Array(v.length);
    for (let j = 0; j < v.length; j++) c[j] = start[j] + s * (v[j] - start[j]);
    return c;
  });
  return { vectors: out, norms, bound: b };
}
