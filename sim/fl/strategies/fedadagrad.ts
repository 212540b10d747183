import { AdaptiveServerStrategy } from "./_adaptive.ts";
import type { StrategyParams } from "./strategy.ts";

/** FedAdagrad (Reddi et al. 2021): v ← v + Δ² (β₂ unused). See {@linkcode AdaptiveServerStrategy}. */
export class FedAdagrad extends AdaptiveServerStrategy {
  constructor(params: StrategyParams = {}) {
    super("fedadagrad", params);
  }

  protected nextSecondMoment(v: number, squared: number): number {
    return v + squared;
  }
}
