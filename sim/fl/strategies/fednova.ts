import type { z } from "zod";
import { rate, strategyParams } from "./_params.ts";
import { BaseStrategy } from "./_base.ts";
import type { PreparedUpdates } from "./_combine.ts";
import type { LocalConfig, SiteState, StrategyParams } from "./strategy.ts";

/**
 * ‖aᵢ‖₁ of FedNova for τ local steps: τ for plain SGD, and
 * (τ − ρ(1 − ρ^τ)/(1 − ρ)) / (1 − ρ) for SGD with momentum ρ.
 */
export function fedNovaStepNorm(steps: number, momentum = 0): number {
  if (momentum === 0) return steps;
  return (steps - momentum * (1 - Math.pow(momentum, steps)) / (1 - momentum)) /
    (1 - momentum);
}

/** FedNova's params. */
export const FedNovaParamsSchema = strategyParams({
  /** ρ, the momentum of the sites' local SGD (0: plain SGD). */
  localMomentum: rate().default(0),
});

/**
 * FedNova (Wang et al. 2020), normalised averaging: sites that ran more local
 * steps do not pull the global further. With dᵢ = (x − yᵢ)/‖aᵢ‖₁,
 * pᵢ = nᵢ/Σn and τ_eff = Σ pᵢ‖aᵢ‖₁:  x⁺ = x − τ_eff·Σ pᵢ·dᵢ.
 * Params: `localMomentum` ρ of the local SGD (default 0). Updates with 0 steps
 * carry no update and are skipped.
 */
export class FedNova extends BaseStrategy<z.output<typeof FedNovaParamsSchema>> {
  #momentum = 0;

  constructor(params: StrategyParams = {}) {
    super("fednova", params, FedNovaParamsSchema);
    this.#momentum = this.params.localMomentum;
  }

  override siteConfig(global: Float32Array, _site: SiteState, _round: number): LocalConfig {
    this.checkGlobal(global);
    return { optimizer: this.#momentum > 0 ? "momentum" : "sgd" };
  }

  protected combine(global: Float32Array, prepared: PreparedUpdates): Float32Array {
    const updates = prepared.updates.filter((u) => u.steps > 0);
    if (updates.length === 0) return new Float32Array(global);
    const weights = prepared.weights.filter((_, i) => prepared.updates[i].steps > 0);
    const norms = updates.map((u) => fedNovaStepNorm(u.steps, this.#momentum));
    const total = weights.reduce((s, w) => s + w, 0);
    const tauEff = weights.reduce((s, w, i) => s + w * norms[i], 0) / total;
    const out = new Float32Array(global.length);

    if (this.options.aggregator === "mean" && this.options.clipNorm === undefined) {
      // Direct Float64 path: no float32 rounding of the normalised deltas.
      const coef = weights.map((w, i) => tauEff * w / (total * norms[i]));
      const acc = new Float64Array(global.length);
      updates.forEach((u, i) => {
        const c = coef[i];
        const y = u.weights;
        for (let j = 0; j < acc.length; j++) acc[j] += c * (y[j] - global[j]);
      });
      for (let j = 0; j < out.length; j++) out[j] = global[j] + acc[j];
      return out;
    }
    // Robust rules act on the normalised points x + (yᵢ − x)/‖aᵢ‖₁.
    const points = updates.map((u, i) => {
      const p = new Float32Array(global.length);
      for (let j = 0; j < p.length; j++) p[j] = global[j] + (u.weights[j] - global[j]) / norms[i];
      return p;
    });
    const g = this.combinePoints(global, points, weights);
    for (let j = 0; j < out.length; j++) out[j] = global[j] + tauEff * (g[j] - global[j]);
    return out;
  }
}
