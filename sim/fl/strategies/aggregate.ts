/**
 * Pure vector helpers for aggregation on flat `Float32Array` weights. Sums
 * run in Float64 so that averaging hundreds of float32 updates loses no more
 * than one float32 rounding at the end.
 *
 * @module
 */

/** Coordinates summed per block: a Float64 accumulator of this size stays in L2 cache. */
const BLOCK = 16384;

function checkSameLength(vectors: readonly Float32Array[], what: string): number {
  if (vectors.length === 0) {
    throw new RangeError(`Expected at least one ${what} but found none`);
  }
  const length = vectors[0].length;
  for (let i = 1; i < vectors.length; i++) {
    if (vectors[i].length !== length) {
      throw new RangeError(
        `Expected every ${what} to have length ${length} but found ${
          vectors[i].length
        } at index ${i}`,
      );
    }
  }
  return length;
}

/**
 * Σ wᵢ·vᵢ / Σ wᵢ, coordinate by coordinate, in one pass over each vector.
 * Weights need not be normalised; zero weights are skipped.
 *
 * @example
 * ```ts
 * import { weightedAverage } from "./aggregate.ts";
 * const avg = weightedAverage([new Float32Array([0, 2]), new Float32Array([4, 6])], [3, 1]);
 * if (avg[0] !== 1 || avg[1] !== 3) throw new Error("unexpected average");
 * ```
 */
export function weightedAverage(
  vectors: readonly Float32Array[],
  weights: ArrayLike<number>,
): Float32Array {
  const length = checkSameLength(vectors, "vector");
  if (weights.length !== vectors.length) {
    throw new RangeError(
      `Expected ${vectors.length} weights (one per vector) but found ${weights.length}`,
    );
  }
  let total = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i];
    if (!Number.isFinite(w) || w < 0) {
      throw new RangeError(`Expected weights to be finite and >= 0 but found ${w} at index ${i}`);
    }
    total += w;
  }
  if (total <= 0) {
    throw new RangeError(`Expected the weights to sum to more than 0 but found ${total}`);
  }
  const used: Float32Array[] = [];
  const usedWeights: number[] = [];
  for (let i = 0; i < vectors.length; i++) {
    if (weights[i] === 0) continue;
    used.push(vectors[i]);
    usedWeights.push(weights[i]);
  }
  const out = new Float32Array(length);
  const acc = new Float64Array(Math.min(BLOCK, length));
  // Blocked so the accumulator stays cached while every vector streams past it once.
  for (let start = 0; start < length; start += BLOCK) {
    const end = Math.min(length, start + BLOCK);
    const n = end - start;
    acc.fill(0, 0, n);
    // Four vectors per sweep: a quarter of the accumulator loads and stores.
    let i = 0;
    for (; i + 3 < used.length; i += 4) {
      const [a, b, c, d] = [used[i], used[i + 1], used[i + 2], used[i + 3]];
      const [wa, wb, wc, wd] = [
        usedWeights[i],
        usedWeights[i + 1],
        usedWeights[i + 2],
        usedWeights[i + 3],
      ];
      for (let j = 0, k = start; j < n; j++, k++) {
        acc[j] += wa * a[k] + wb * b[k] + wc * c[k] + wd * d[k];
      }
    }
    for (; i < used.length; i++) {
      const v = used[i];
      const w = usedWeights[i];
      for (let j = 0, k = start; j < n; j++, k++) acc[j] += w * v[k];
    }
    // Divide by the raw total (not pre-normalised weights) so identical
    // vectors with integer weights average back to themselves exactly.
    for (let j = 0; j < n; j++) out[start + j] = acc[j] / total;
  }
  return out;
}

/** The unweighted mean of equal-length vectors. */
export function mean(vectors: readonly Float32Array[]): Float32Array {
  return weightedAverage(vectors, new Float64Array(vectors.length).fill(1));
}

/** `a − b` as a new vector. */
export function delta(a: Float32Array, b: Float32Array): Float32Array {
  checkSameLength([a, b], "vector");
  const out = new Float32Array(a.length);
  for (let j = 0; j < a.length; j++) out[j] = a[j] - b[j];
  return out;
}

/** `a + s·b` as a new vector (s defaults to 1). */
export function addScaled(a: Float32Array, b: Float32Array, s = 1): Float32Array {
  checkSameLength([a, b], "vector");
  const out = new Float32Array(a.length);
  for (let j = 0; j < a.length; j++) out[j] = a[j] + s * b[j];
  return out;
}

/** `s·v` as a new vector. */
export function scale(v: Float32Array, s: number): Float32Array {
  const out = new Float32Array(v.length);
  for (let j = 0; j < v.length; j++) out[j] = s * v[j];
  return out;
}

/** Dot product, accumulated in Float64. */
export function dot(a: Float32Array, b: Float32Array): number {
  checkSameLength([a, b], "vector");
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j] * b[j];
  return s;
}

/** Euclidean (L2) norm, accumulated in Float64. */
export function norm(v: Float32Array): number {
  let s = 0;
  for (let j = 0; j < v.length; j++) s += v[j] * v[j];
  return Math.sqrt(s);
}

/** ‖a − b‖², accumulated in Float64 without building the difference. */
export function squaredDistance(a: Float32Array, b: Float32Array): number {
  checkSameLength([a, b], "vector");
  let s = 0;
  for (let j = 0; j < a.length; j++) {
    const d = a[j] - b[j];
    s += d * d;
  }
  return s;
}

/** Index of the first non-finite number in `v`, or -1 when every number is finite. */
export function firstNonFinite(v: Float32Array): number {
  for (let j = 0; j < v.length; j++) {
    // x − x is NaN exactly for NaN and ±Infinity; cheaper than a call per element.
    if (v[j] - v[j] !== 0) return j;
  }
  return -1;
}
