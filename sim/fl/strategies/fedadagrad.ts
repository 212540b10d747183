import { AdaptiveParamsSchema, AdaptiveServerStrategy } from "./_adaptive.ts";
import type { StrategyParams } from "./strategy.ts";

/** FedAdagrad's params: those of every adaptive server optimiser. */
export const FedAdagradParamsSchema = AdaptiveParamsSchema;

/** FedAdagrad (Reddi et al. 2021): v ← v + Δ² (β₂ unused). See {@linkcode AdaptiveServerStrategy}. */
export class FedAdagrad extends AdaptiveServerStrategy {
  constructor(params: StrategyParams = {}) {
    super("fedadagrad", params, FedAdagradParamsSchema);
  }

  protected nextSecondMoment(v: number, squared: number): number {
    return v + squared;
  }
}
