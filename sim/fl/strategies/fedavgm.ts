import { z } from "zod";
import { rate, strategyParams } from "./_params.ts";
import { BaseStrategy, savedVector } from "./_base.ts";
import type { PreparedUpdates } from "./_combine.ts";
import type { StrategyParams } from "./strategy.ts";

/** FedAvgM's params. */
export const FedAvgMParamsSchema = strategyParams({
  /** η, the server learning rate. */
  serverLearningRate: z.number().positive().default(1),
  /** β, the server momentum. */
  serverMomentum: rate().default(0.9),
});

/**
 * FedAvgM (Hsu et al. 2019): server momentum on the averaged update.
 * Δ = avg(yᵢ) − x;  m ← β·m + Δ;  x⁺ = x + η·m.
 * Params: `serverLearningRate` η (default 1), `serverMomentum` β (default 0.9).
 * With β = 0 and η = 1 it is FedAvg.
 */
export class FedAvgM extends BaseStrategy<z.output<typeof FedAvgMParamsSchema>> {
  #eta = 1;
  #beta = 0.9;
  #momentum = new Float32Array(0);

  /** BatchNorm running statistics are averaged, not moved by the server optimiser. */
  protected override readonly averagesStatistics = true;

  constructor(params: StrategyParams = {}) {
    super("fedavgm", params, FedAvgMParamsSchema);
    this.#eta = this.params.serverLearningRate;
    this.#beta = this.params.serverMomentum;
  }

  protected override onInit(global: Float32Array): void {
    this.#momentum = new Float32Array(global.length);
  }

  protected combine(global: Float32Array, prepared: PreparedUpdates): Float32Array {
    const avg = this.combinePoints(
      global,
      prepared.updates.map((u) => u.weights),
      prepared.weights,
    );
    const m = this.#momentum;
    const out = new Float32Array(global.length);
    for (let j = 0; j < out.length; j++) {
      const mj = this.#beta * m[j] + (avg[j] - global[j]);
      m[j] = mj;
      out[j] = global[j] + this.#eta * mj;
    }
    return out;
  }

  protected override saveState(): Record<string, unknown> {
    return { momentum: new Float32Array(this.#momentum) };
  }

  protected override loadState(saved: Record<string, unknown>): void {
    this.#momentum = savedVector(saved, "momentum", this.length);
  }
}
