import { checkVectors } from "./_vectors.ts";

/**
 * Rearranges `a[0..n)` so that `a[k]` holds the k-th smallest value
 * (Hoare's quickselect with median-of-three pivots; O(n) on average).
 */
export function selectKth(a: Float64Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  while (hi > lo) {
    const mid = (lo + hi) >> 1;
    // Median of three keeps sorted or reversed inputs linear.
    if (a[mid] < a[lo]) swap(a, mid, lo);
    if (a[hi] < a[lo]) swap(a, hi, lo);
    if (a[hi] < a[mid]) swap(a, hi, mid);
    const pivot = a[mid];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}

/**
 * Coordinate-wise median (Yin et al. 2018): for each coordinate the middle
 * value across vectors (the mean of the two middle values for an even count).
 * Tolerates fewer than half of the vectors being arbitrary.
 *
 * @example
 * ```ts
 * import { coordinateMedian } from "./median.ts";
 * const m = coordinateMedian([
 *   new Float32Array([1, 10]), new Float32Array([2, 20]), new Float32Array([1e6, -1e6]),
 * ]);
 * if (m[0] !== 2 || m[1] !== 10) throw new Error("median should ignore the outlier");
 * ```
 */
export function coordinateMedian(vectors: readonly Float32Array[]): Float32Array {
  const length = checkVectors(vectors, "coordinateMedian");
  const n = vectors.length;
  const out = new Float32Array(length);
  const column = new Float64Array(n);
  const half = n >> 1;
  for (let j = 0; j < length; j++) {
    for (let i = 0; i < n; i++) column[i] = vectors[i][j];
    const upper = selectKth(column, n, half);
    if (n % 2 === 1) {
      out[j] = upper;
    } else {
      // After selecting `half`, the lower middle is the largest value left of it.
      let lower = column[0];
      for (let i = 1; i < half; i++) if (column[i] > lower) lower = column[i];
      out[j] = (lower + upper) / 2;
    }
  }
  return out;
}
