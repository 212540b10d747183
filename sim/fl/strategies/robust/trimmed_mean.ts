import { checkVectors } from "./_vectors.ts";

/**
 * Coordinate-wise β-trimmed mean (Yin et al. 2018): for each coordinate drop
 * the ⌊β·n⌋ largest and ⌊β·n⌋ smallest values and average the rest.
 * β = 0 is the plain mean; β must leave at least one value.
 *
 * @example
 * ```ts
 * import { trimmedMean } from "./trimmed_mean.ts";
 * const m = trimmedMean([1, 2, 3, 1000].map((x) => new Float32Array([x])), 0.25);
 * if (m[0] !== 2.5) throw new Error("should average 2 and 3");
 * ```
 */
export function trimmedMean(vectors: readonly Float32Array[], beta: number): Float32Array {
  const length = checkVectors(vectors, "trimmedMean");
  const n = vectors.length;
  if (!(beta >= 0 && beta < 0.5)) {
    throw new RangeError(`Expected the trim fraction beta to be in [0, 0.5) but found ${beta}`);
  }
  const k = Math.floor(beta * n);
  if (n - 2 * k < 1) {
    throw new RangeError(
      `Expected trimming ${k} from each end to leave at least one of ${n} vectors but found none`,
    );
  }
  const out = new Float32Array(length);
  const column = new Float64Array(n);
  for (let j = 0; j < length; j++) {
    for (let i = 0; i < n; i++) column[i] = vectors[i][j];
    if (k > 0) column.sort();
    let s = 0;
    for (let i = k; i < n - k; i++) s += column[i];
    out[j] = s / (n - 2 * k);
  }
  return out;
}
