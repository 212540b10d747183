import type { z } from "zod";
import { AdaptiveParamsSchema, AdaptiveServerStrategy } from "./_adaptive.ts";
import type { StrategyParams } from "./strategy.ts";

/** FedAdagrad's params: those of every adaptive server optimiser; its own go in the braces. */
export const FedAdagradParamsSchema = AdaptiveParamsSchema.extend({});

/** FedAdagrad (Reddi et al. 2021): v ← v + Δ² (β₂ unused). See {@linkcode AdaptiveServerStrategy}. */
export class FedAdagrad extends AdaptiveServerStrategy<z.output<typeof FedAdagradParamsSchema>> {
  constructor(params: StrategyParams = {}) {
    super("fedadagrad", params, FedAdagradParamsSchema);
  }

  protected nextSecondMoment(v: number, squared: number): number {
    return v + squared;
  }
}
