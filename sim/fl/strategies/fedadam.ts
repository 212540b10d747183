import { AdaptiveServerStrategy } from "./_adaptive.ts";
import type { StrategyParams } from "./strategy.ts";

/**
 * FedAdam (Reddi et al. 2021): v ← β₂·v + (1 − β₂)·Δ². Param `biasCorrection`
 * (default false, the paper; true: Flower's FedAdam). See
 * {@linkcode AdaptiveServerStrategy}.
 */
export class FedAdam extends AdaptiveServerStrategy {
  constructor(params: StrategyParams = {}) {
    super("fedadam", params, ["biasCorrection"]);
    this.biasCorrection = this.params.boolean("biasCorrection", false);
  }

  protected nextSecondMoment(v: number, squared: number): number {
    return this.beta2 * v + (1 - this.beta2) * squared;
  }
}
