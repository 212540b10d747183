import type { z } from "zod";
import { AdaptiveParamsSchema, AdaptiveServerStrategy } from "./_adaptive.ts";
import type { StrategyParams } from "./strategy.ts";

/** FedAdam's params: those of every adaptive server optimiser; its own go in the braces. */
export const FedAdamParamsSchema = AdaptiveParamsSchema.extend({});

/** FedAdam (Reddi et al. 2021): v ← β₂·v + (1 − β₂)·Δ². See {@linkcode AdaptiveServerStrategy}. */
export class FedAdam extends AdaptiveServerStrategy<z.output<typeof FedAdamParamsSchema>> {
  constructor(params: StrategyParams = {}) {
    super("fedadam", params, FedAdamParamsSchema);
  }

  protected nextSecondMoment(v: number, squared: number): number {
    return this.beta2 * v + (1 - this.beta2) * squared;
  }
}
