/**
 * Interval estimates a reviewer can read next to every number: the mean of a
 * few seeds with a t-based 95 % interval, and an accuracy measured on n test
 * samples with a Wilson 95 % interval. Pure functions, float64 throughout.
 */

/** The standard normal 97.5 % quantile (two-sided 95 %). */
export const Z_975 = 1.959963984540054;

/** t_{0.975, df} for df = 1 … 30 (six decimals, as in any t table). */
const T_975 = [
  12.706205,
  4.302653,
  3.182446,
  2.776445,
  2.570582,
  2.446912,
  2.364624,
  2.306004,
  2.262157,
  2.228139,
  2.200985,
  2.178813,
  2.160369,
  2.144787,
  2.13145,
  2.119905,
  2.109816,
  2.100922,
  2.093024,
  2.085963,
  2.079614,
  2.073873,
  2.068658,
  2.063899,
  2.059539,
  2.055529,
  2.051831,
  2.048407,
  2.04523,
  2.042272,
];

/**
 * The 97.5 % quantile of Student's t with `df` degrees of freedom: the table
 * up to 30, then the Cornish–Fisher expansion in 1/df (error < 1e-7 there).
 *
 * @example
 * ```ts
 * import { tQuantile975 } from "./intervals.ts";
 * if (tQuantile975(4) !== 2.776445) throw new Error();
 * ```
 */
export function tQuantile975(df: number): number {
  if (!Number.isInteger(df) || df < 1) {
    throw new RangeError(`Expected df to be an integer ≥ 1 but found ${df}`);
  }
  if (df <= T_975.length) return T_975[df - 1];
  const z = Z_975;
  const g1 = (z ** 3 + z) / 4;
  const g2 = (5 * z ** 5 + 16 * z ** 3 + 3 * z) / 96;
  const g3 = (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / 384;
  const g4 = (79 * z ** 9 + 776 * z ** 7 + 1482 * z ** 5 - 1920 * z ** 3 - 945 * z) / 92160;
  return z + g1 / df + g2 / df ** 2 + g3 / df ** 3 + g4 / df ** 4;
}

/** Mean, spread and 95 % interval of a few values (seeds). */
export interface MeanInterval {
  /** Values that entered (non-finite ones are left out). */
  n: number;
  mean: number;
  /** Sample standard deviation (n − 1); NaN for one value. */
  sd: number;
  /** mean ∓ t_{0.975, n−1} · sd / √n; NaN bounds for fewer than two values. */
  low: number;
  high: number;
}

/**
 * The mean of the finite `values` with its t-based 95 % confidence interval.
 *
 * @example
 * ```ts
 * import { meanInterval } from "./intervals.ts";
 * const { mean, low } = meanInterval([1, 2, 3, 4, 5]);
 * if (mean !== 3 || Math.abs(low - (3 - 2.776445 * Math.sqrt(0.5))) > 1e-12) throw new Error();
 * ```
 */
export function meanInterval(values: readonly number[]): MeanInterval {
  const xs = values.filter(Number.isFinite);
  const n = xs.length;
  if (n === 0) return { n, mean: NaN, sd: NaN, low: NaN, high: NaN };
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { n, mean, sd: NaN, low: NaN, high: NaN };
  const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1));
  const half = tQuantile975(n - 1) * sd / Math.sqrt(n);
  return { n, mean, sd, low: mean - half, high: mean + half };
}

/** A proportion's 95 % interval. */
export interface ProportionInterval {
  low: number;
  high: number;
}

/**
 * Wilson's score interval for `accuracy` measured on `n` samples: it stays
 * inside [0, 1] and is honest at 0 and 1 (10/10 correct gives [0.72, 1]),
 * where the normal interval collapses to a point. NaN bounds when n is 0.
 *
 * @example
 * ```ts
 * import { wilsonInterval } from "./intervals.ts";
 * const { low, high } = wilsonInterval(1, 10);
 * if (high !== 1 || Math.abs(low - 10 / (10 + 1.959963984540054 ** 2)) > 1e-12) throw new Error();
 * ```
 */
export function wilsonInterval(accuracy: number, n: number): ProportionInterval {
  if (!(n > 0) || !Number.isFinite(accuracy)) return { low: NaN, high: NaN };
  if (accuracy < 0 || accuracy > 1) {
    throw new RangeError(`Expected an accuracy in [0, 1] but found ${accuracy}`);
  }
  const z2 = Z_975 * Z_975;
  const denominator = 1 + z2 / n;
  const centre = (accuracy + z2 / (2 * n)) / denominator;
  const half = Z_975 * Math.sqrt(accuracy * (1 - accuracy) / n + z2 / (4 * n * n)) / denominator;
  // At p = 1 (p = 0) the upper (lower) bound is 1 (0) in exact arithmetic; rounding must not
  // turn a perfect score into 0.9999999999 or push a bound past [0, 1].
  return {
    low: accuracy === 0 ? 0 : Math.max(0, centre - half),
    high: accuracy === 1 ? 1 : Math.min(1, centre + half),
  };
}
