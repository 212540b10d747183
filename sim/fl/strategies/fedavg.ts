import type { z } from "zod";
import { BaseStrategy } from "./_base.ts";
import { type AggregationParams, strategyParams } from "./_params.ts";
import type { PreparedUpdates } from "./_combine.ts";
import type { StrategyParams } from "./strategy.ts";

/**
 * FedAvg (McMahan et al. 2017): the new global is the sample-weighted average
 * of the sites' local weights, x⁺ = Σ nᵢ·yᵢ / Σ nᵢ. With `aggregator` set to a
 * robust rule it becomes that rule (median, trimmed mean, Krum, …).
 */
/** FedAvg's params: the shared aggregation params only. */
export const FedAvgParamsSchema = strategyParams({});

export class FedAvg extends BaseStrategy {
  constructor(
    params: StrategyParams = {},
    name = "fedavg",
    schema: z.ZodType<AggregationParams, unknown> = FedAvgParamsSchema,
  ) {
    super(name, params, schema);
  }

  protected combine(global: Float32Array, prepared: PreparedUpdates): Float32Array {
    return this.combinePoints(global, prepared.updates.map((u) => u.weights), prepared.weights);
  }
}
