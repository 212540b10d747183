import { AdaptiveParamsSchema, AdaptiveServerStrategy } from "./_adaptive.ts";
import type { StrategyParams } from "./strategy.ts";

/** FedAdam's params: those of every adaptive server optimiser. */
export const FedAdamParamsSchema = AdaptiveParamsSchema;

/** FedAdam (Reddi et al. 2021): v ← β₂·v + (1 − β₂)·Δ². See {@linkcode AdaptiveServerStrategy}. */
export class FedAdam extends AdaptiveServerStrategy {
  constructor(params: StrategyParams = {}) {
    super("fedadam", params, FedAdamParamsSchema);
  }

  protected nextSecondMoment(v: number, squared: number): number {
    return this.beta2 * v + (1 - this.beta2) * squared;
  }
}
