import { z } from "zod";
import { AdaptiveParamsSchema, AdaptiveServerStrategy } from "./_adaptive.ts";
import type { StrategyParams } from "./strategy.ts";

/** FedAdam's params: those of every adaptive server optimiser, and its bias correction. */
export const FedAdamParamsSchema = AdaptiveParamsSchema.extend({
  /** false: the paper (Reddi et al. 2021); true: Flower's FedAdam, η·√(1 − β₂ᵗ)/(1 − β₁ᵗ). */
  biasCorrection: z.boolean().default(false),
});

/**
 * FedAdam (Reddi et al. 2021): v ← β₂·v + (1 − β₂)·Δ². Param `biasCorrection`
 * (default false, the paper; true: Flower's FedAdam). See
 * {@linkcode AdaptiveServerStrategy}.
 */
export class FedAdam extends AdaptiveServerStrategy<z.output<typeof FedAdamParamsSchema>> {
  constructor(params: StrategyParams = {}) {
    super("fedadam", params, FedAdamParamsSchema);
    this.biasCorrection = this.params.biasCorrection;
  }

  protected nextSecondMoment(v: number, squared: number): number {
    return this.beta2 * v + (1 - this.beta2) * squared;
  }
}
