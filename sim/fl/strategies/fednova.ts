import { z } from "zod";
import { strategyParams } from "./_params.ts";
import { BaseStrategy } from "./_base.ts";
import type { PreparedUpdates } from "./_combine.ts";
import type { StrategyParams } from "./strategy.ts";

/** The parts of a local optimiser that FedNova's normaliser depends on. */
export interface NovaOptimizer {
  name: "sgd" | "momentum" | "adam";
  momentum: number;
  nesterov: boolean;
}

const PLAIN_SGD: NovaOptimizer = { name: "sgd", momentum: 0, nesterov: false };

/**
 * ‖aᵢ‖₁ of FedNova (Wang et al. 2020, §4 and the authors' JYWa/FedNova):
 * the sum of the coefficients of the τ local gradients in the site's
 * cumulative update, with momentum state fresh each round.
 * - plain SGD: τ;
 * - heavy-ball momentum ρ (v ← ρv + g, w ← w − lr·v): gradient t counts
 *   (1 − ρ^(τ−t+1))/(1 − ρ), so ‖a‖₁ = [τ − ρ(1 − ρ^τ)/(1 − ρ)]/(1 − ρ);
 * - Nesterov (w ← w − lr·(g + ρv)): gradient t counts 1 + ρ(1 − ρ^(τ−t+1))/(1 − ρ),
 *   so ‖a‖₁ = τ + ρ·[τ − ρ(1 − ρ^τ)/(1 − ρ)]/(1 − ρ). (The authors' code uses
 *   the heavy-ball value for Nesterov too; this is the exact sum.)
 * Weight decay is part of the gradient and leaves aᵢ unchanged (as in their
 * code). Adam's update is not linear in the gradients: no aᵢ exists.
 */
export function fedNovaStepNorm(
  steps: number,
  optimizer: NovaOptimizer | number = PLAIN_SGD,
): number {
  const o = typeof optimizer === "number"
    ? { name: "momentum" as const, momentum: optimizer, nesterov: false }
    : optimizer;
  if (o.name === "adam") {
    throw new RangeError(
      "Expected a local optimiser of sgd or momentum for FedNova but found adam " +
        "(its update is not linear in the gradients, so FedNova's aᵢ is undefined)",
    );
  }
  const rho = o.name === "momentum" ? o.momentum : 0;
  if (rho === 0) return steps;
  const heavyBall = (steps - rho * (1 - Math.pow(rho, steps)) / (1 - rho)) / (1 - rho);
  return o.nesterov ? steps + rho * heavyBall : heavyBall;
}

/** FedNova's params. */
export const FedNovaParamsSchema = strategyParams({
  /** Removed: FedNova reads the optimiser sites really use from `training.optimizer`. */
  localMomentum: z.never({
    error: () =>
      "was removed: FedNova reads the optimiser sites really use from training.optimizer " +
      "(expected training.optimizer: {name: momentum, momentum: ρ})",
  }).optional(),
});

/**
 * FedNova (Wang et al. 2020), normalised averaging: sites that ran more local
 * steps do not pull the global further. With dᵢ = (x − yᵢ)/‖aᵢ‖₁,
 * pᵢ = nᵢ/Σn and τ_eff = Σ pᵢ‖aᵢ‖₁:  x⁺ = x − τ_eff·Σ pᵢ·dᵢ.
 * ‖aᵢ‖₁ comes from the optimiser the sites really train with
 * (`training.optimizer`, given to `init` as `context.localOptimizer`); Adam
 * is rejected. Updates with 0 steps carry no update and are skipped.
 * BatchNorm's running statistics are averaged, not normalised (no gradient
 * step moves them).
 */
export class FedNova extends BaseStrategy<z.output<typeof FedNovaParamsSchema>> {
  #optimizer: NovaOptimizer = PLAIN_SGD;

  constructor(params: StrategyParams = {}) {
    super("fednova", params, FedNovaParamsSchema);
  }

  protected override onInit(_global: Float32Array): void {
    this.#readOptimizer();
  }

  /** The optimiser lives in the (saved) context: a restored FedNova reads it again. */
  protected override loadState(_saved: Record<string, unknown>): void {
    this.#readOptimizer();
  }

  #readOptimizer(): void {
    const o = this.context.localOptimizer ?? PLAIN_SGD;
    fedNovaStepNorm(1, o); // rejects Adam now, not at the first aggregation
    this.#optimizer = { name: o.name, momentum: o.momentum, nesterov: o.nesterov };
  }

  protected override readonly averagesStatistics = true;

  protected combine(global: Float32Array, prepared: PreparedUpdates): Float32Array {
    const updates = prepared.updates.filter((u) => u.steps > 0);
    if (updates.length === 0) return new Float32Array(global);
    const weights = prepared.weights.filter((_, i) => prepared.updates[i].steps > 0);
    const norms = updates.map((u) => fedNovaStepNorm(u.steps, this.#optimizer));
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
