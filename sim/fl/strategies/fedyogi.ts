import type { z } from "zod";
import { AdaptiveParamsSchema, AdaptiveServerStrategy } from "./_adaptive.ts";
import type { StrategyParams } from "./strategy.ts";

/** FedYogi's params: those of every adaptive server optimiser; its own go in the braces. */
export const FedYogiParamsSchema = AdaptiveParamsSchema.extend({});

/**
 * FedYogi (Reddi et al. 2021): v ← v − (1 − β₂)·Δ²·sign(v − Δ²), which grows
 * v more gently than Adam when Δ² jumps. See {@linkcode AdaptiveServerStrategy}.
 */
export class FedYogi extends AdaptiveServerStrategy<z.output<typeof FedYogiParamsSchema>> {
  constructor(params: StrategyParams = {}) {
    super("fedyogi", params, FedYogiParamsSchema);
  }

  protected nextSecondMoment(v: number, squared: number): number {
    return v - (1 - this.beta2) * squared * Math.sign(v - squared);
  }
}
