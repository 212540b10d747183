import { weightedAverage } from "../aggregate.ts";
import { multiKrum } from "./krum.ts";
import { coordinateMedian } from "./median.ts";
import { trimmedMean } from "./trimmed_mean.ts";

/** How a strategy combines the update vectors into one point. */
export type AggregatorName = "mean" | "median" | "trimmed-mean" | "krum" | "multi-krum";

/** Every {@linkcode AggregatorName}. */
export const AGGREGATOR_NAMES: readonly AggregatorName[] = [
  "mean",
  "median",
  "trimmed-mean",
  "krum",
  "multi-krum",
];

/** Knobs of the robust rules; each has a default. */
export interface AggregatorOptions {
  /** trimmed-mean: fraction β cut from each end per coordinate (default 0.1). */
  trimFraction?: number;
  /** krum, multi-krum: Byzantine sites tolerated, f (default 1). */
  byzantine?: number;
  /** multi-krum: how many vectors to average, m (default n − f). */
  multiKrumSelect?: number;
}

/**
 * Combines `vectors` with rule `name`. Only `"mean"` uses `weights` (sample
 * counts): the robust rules treat every vector alike, because a Byzantine
 * site can claim any sample count.
 *
 * @example
 * ```ts
 * import { aggregateVectors } from "./aggregator.ts";
 * const vs = [1, 2, 3, 100].map((x) => new Float32Array([x]));
 * if (aggregateVectors("median", vs, [1, 1, 1, 1])[0] !== 2.5) throw new Error("bad median");
 * ```
 */
export function aggregateVectors(
  name: AggregatorName,
  vectors: readonly Float32Array[],
  weights: ArrayLike<number>,
  options: AggregatorOptions = {},
): Float32Array {
  switch (name) {
    case "mean":
      return weightedAverage(vectors, weights);
    case "median":
      return coordinateMedian(vectors);
    case "trimmed-mean":
      return trimmedMean(vectors, options.trimFraction ?? 0.1);
    case "krum":
      return multiKrum(vectors, options.byzantine ?? 1, 1).vector;
    case "multi-krum": {
      const f = options.byzantine ?? 1;
      return multiKrum(vectors, f, options.multiKrumSelect ?? vectors.length - f).vector;
    }
    default:
      throw new RangeError(
        `Expected an aggregator (${AGGREGATOR_NAMES.join(", ")}) but found ${String(name)}`,
      );
  }
}
