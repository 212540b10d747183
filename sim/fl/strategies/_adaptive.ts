import { z } from "zod";
import { BaseStrategy, savedNumber, savedVector } from "./_base.ts";
import { rate, strategyParams } from "./_params.ts";
import type { PreparedUpdates } from "./_combine.ts";
import type { StrategyParams } from "./strategy.ts";

/** The params of FedAdam, FedYogi and FedAdagrad (each may extend them in its own file). */
export const AdaptiveParamsSchema = strategyParams({
  /** η, the server learning rate. */
  eta: z.number().positive().default(0.01),
  /** β₁, the first-moment decay. */
  beta1: rate().default(0.9),
  /** β₂, the second-moment decay. */
  beta2: rate().default(0.99),
  /** τ, the adaptivity (v starts at τ²). */
  tau: z.number().positive().default(1e-3),
});

/** The parsed params of an adaptive server optimiser. */
export type AdaptiveParams = z.output<typeof AdaptiveParamsSchema>;

/**
 * The server-optimiser family of Reddi et al. 2021, "Adaptive Federated
 * Optimization" (Algorithm 2): with pseudo-gradient Δ = avg(yᵢ) − x,
 *   m ← β₁·m + (1 − β₁)·Δ
 *   v ← rule(v, Δ²)            (Adagrad, Adam or Yogi; see subclasses)
 *   x⁺ = x + η·m / (√v + τ)
 * No bias correction by default, as in the paper; v starts at τ² (the paper's
 * v₋₁ ≥ τ²). Params: `eta` η (default 0.01), `beta1` (0.9), `beta2` (0.99),
 * `tau` (1e-3); FedAdam also takes `biasCorrection` (default false): true
 * scales the step as Flower's FedAdam does, η_t = η·√(1 − β₂ᵗ)/(1 − β₁ᵗ)
 * (Kingma & Ba's α_t), with t the number of server steps taken, from 1
 * (Flower's exponent is its server round + 1, one step ahead of this t).
 */
export abstract class AdaptiveServerStrategy<P extends AdaptiveParams = AdaptiveParams>
  extends BaseStrategy<P> {
  protected eta = 0.01;
  protected beta1 = 0.9;
  protected beta2 = 0.99;
  protected tau = 1e-3;
  /** Adam's bias correction of the step (Flower's FedAdam); off as in the paper. */
  protected biasCorrection = false;
  #m = new Float32Array(0);
  #v = new Float32Array(0);
  /** Server steps taken: t of the bias correction. */
  #steps = 0;

  /** BatchNorm running statistics are averaged, not moved by the server optimiser. */
  protected override readonly averagesStatistics = true;

  constructor(name: string, params: StrategyParams, schema: z.ZodType<P, unknown>) {
    super(name, params, schema);
    this.eta = this.params.eta;
    this.beta1 = this.params.beta1;
    this.beta2 = this.params.beta2;
    this.tau = this.params.tau;
  }

  protected override onInit(global: Float32Array): void {
    this.#m = new Float32Array(global.length);
    this.#v = new Float32Array(global.length).fill(this.tau * this.tau);
    this.#steps = 0;
  }

  /** η of this step: η itself, or η·√(1 − β₂ᵗ)/(1 − β₁ᵗ) with bias correction. */
  #stepSize(): number {
    this.#steps++;
    if (!this.biasCorrection) return this.eta;
    const t = this.#steps;
    return this.eta * Math.sqrt(1 - this.beta2 ** t) / (1 - this.beta1 ** t);
  }

  /** The second-moment rule: v's next value given its current value and Δ². */
  protected abstract nextSecondMoment(v: number, squared: number): number;

  protected combine(global: Float32Array, prepared: PreparedUpdates): Float32Array {
    const avg = this.combinePoints(
      global,
      prepared.updates.map((u) => u.weights),
      prepared.weights,
    );
    const m = this.#m;
    const v = this.#v;
    const out = new Float32Array(global.length);
    const eta = this.#stepSize();
    for (let j = 0; j < out.length; j++) {
      const d = avg[j] - global[j];
      const mj = this.beta1 * m[j] + (1 - this.beta1) * d;
      const vj = this.nextSecondMoment(v[j], d * d);
      m[j] = mj;
      v[j] = vj;
      out[j] = global[j] + eta * mj / (Math.sqrt(vj) + this.tau);
    }
    return out;
  }

  protected override saveState(): Record<string, unknown> {
    const state = { m: new Float32Array(this.#m), v: new Float32Array(this.#v) };
    // t matters only with bias correction; without it the saved state keeps its old shape.
    return this.biasCorrection ? { ...state, steps: this.#steps } : state;
  }

  protected override loadState(saved: Record<string, unknown>): void {
    this.#m = savedVector(saved, "m", this.length);
    this.#v = savedVector(saved, "v", this.length);
    this.#steps = this.biasCorrection ? savedNumber(saved, "steps") : 0;
  }
}
