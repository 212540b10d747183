/**
 * A weighted mean (FedAvg's Σ n_u·x_u / Σ n_u) through secure aggregation:
 * the server learns only the weighted sum and the total weight of the
 * survivors, never one site's weight or update.
 */

import {
  type SecAggInput,
  type SecAggOptions,
  type SecAggResult,
  secureAggregate,
} from "./secure_aggregate.ts";

/** One site's update and its weight (e.g. its number of training samples). */
export interface WeightedSecAggInput extends SecAggInput {
  weight: number;
}

/** Settings of a secure weighted mean. */
export interface SecureMeanOptions extends SecAggOptions {
  /**
   * A public upper bound on any weight, agreed before the round (e.g. the
   * largest site's sample count); weights are divided by it so that every
   * sent value stays within [-clip, clip].
   */
  maxWeight: number;
}

/** The weighted mean of the survivors' updates. */
export interface SecureMean {
  /** Σ w_u·clip(x_u) / Σ w_u over the survivors. */
  mean: Float32Array;
  /** Σ w_u over the survivors. */
  totalWeight: number;
  /** The underlying round: its sum has one extra last entry carrying the weights. */
  round: SecAggResult;
}

/**
 * Each site sends (w_u / maxWeight)·clip(x_u) with one extra coordinate
 * clip·w_u / maxWeight; the secure sum of both gives the weighted mean.
 *
 * @example
 * ```ts
 * import { secureWeightedMean } from "./weighted_mean.ts";
 * const { mean, totalWeight } = await secureWeightedMean([
 *   { siteId: 0, vector: new Float32Array([1]), weight: 30 },
 *   { siteId: 1, vector: new Float32Array([0]), weight: 10 },
 * ], { clip: 1, seed: 1, maxWeight: 100 });
 * if (Math.abs(mean[0] - 0.75) > 1e-6 || Math.abs(totalWeight - 40) > 1e-5) throw new Error();
 * ```
 */
export async function secureWeightedMean(
  inputs: readonly WeightedSecAggInput[],
  options: SecureMeanOptions,
): Promise<SecureMean> {
  const { maxWeight, clip } = options;
  if (!(maxWeight > 0) || !Number.isFinite(maxWeight)) {
    throw new RangeError(`Expected maxWeight to be a finite number > 0 but found ${maxWeight}`);
  }
  const scaled = inputs.map(({ siteId, vector, weight }) => {
    if (!(weight >= 0 && weight <= maxWeight)) {
      throw new RangeError(
        `Expected site ${siteId}'s weight in 0..${maxWeight} but found ${weight}`,
      );
    }
    const share = weight / maxWeight;
    const out = new Float32Array(vector.length + 1);
    for (let i = 0; i < vector.length; i++) {
      // Clip first, so scaling cannot hide an out-of-range value from quantisation.
      out[i] = share * Math.max(-clip, Math.min(clip, vector[i]));
    }
    out[vector.length] = clip * share;
    return { siteId, vector: out };
  });
  const round = await secureAggregate(scaled, options);
  const dim = round.sum.length - 1;
  const weightShare = round.sum[dim] / clip;
  if (!(weightShare > 0)) {
    throw new RangeError(
      `Expected the survivors' total weight to be > 0 but found ${weightShare * maxWeight}`,
    );
  }
  const mean = new Float32Array(dim);
  for (let i = 0; i < dim; i++) mean[i] = round.sum[i] / weightShare;
  return { mean, totalWeight: weightShare * maxWeight, round };
}
