import { z } from "zod";
import { BaseStrategy } from "./_base.ts";
import { strategyParams } from "./_params.ts";
import type { PreparedUpdates } from "./_combine.ts";
import type { LocalConfig, SiteState, StrategyParams } from "./strategy.ts";

/** FedProx's params. */
export const FedProxParamsSchema = strategyParams({
  /** μ, the weight of the proximal term (0 is FedAvg). */
  mu: z.number().min(0).default(0.01),
});

/**
 * FedProx (Li et al. 2020): FedAvg aggregation, and each site minimises its
 * loss plus (μ/2)·‖w − x‖², which keeps heterogeneous sites near the global.
 * The strategy's part is to hand the trainer `proxMu` = μ and `anchor` = x.
 * Params: `mu` (default 0.01).
 */
export class FedProx extends BaseStrategy<z.output<typeof FedProxParamsSchema>> {
  #mu = 0.01;

  constructor(params: StrategyParams = {}) {
    super("fedprox", params, FedProxParamsSchema);
    this.#mu = this.params.mu;
  }

  override siteConfig(global: Float32Array, _site: SiteState, _round: number): LocalConfig {
    this.checkGlobal(global);
    // The anchor is the caller's global itself: read-only, no copy per site.
    return { proxMu: this.#mu, anchor: global };
  }

  protected combine(global: Float32Array, prepared: PreparedUpdates): Float32Array {
    return this.combinePoints(global, prepared.updates.map((u) => u.weights), prepared.weights);
  }
}
