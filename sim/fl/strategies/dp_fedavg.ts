import { createSeededNormal, privateMeanDelta, type SeededNormal } from "../privacy/mod.ts";
import { BaseStrategy } from "./_base.ts";
import type { PreparedUpdates } from "./_combine.ts";
import type { StrategyParams } from "./strategy.ts";

/**
 * DP-FedAvg with client-level differential privacy (McMahan et al. 2018):
 * every site's delta yᵢ − x is clipped to norm C, the clipped deltas are
 * summed, Gaussian noise N(0, (z·C)²) is added per coordinate, and the sum is
 * divided by `expectedSites` (or by the number of updates):
 * x⁺ = x + η·(Σ clip(Δᵢ) + noise)/m.
 * Every site weighs the same (sample counts would break the sensitivity bound).
 *
 * Params: `clipNorm` C (required), `noiseMultiplier` z (required), `seed` of
 * the noise (default 0), `expectedSites` m, `serverLearningRate` η (default 1).
 * Account the privacy spent with `RdpAccountant` (q = sites per round / N, z).
 */
export class DpFedAvg extends BaseStrategy {
  #noiseMultiplier: number;
  #clip: number;
  #eta: number;
  #expectedSites: number | undefined;
  #normal: SeededNormal;

  constructor(params: StrategyParams = {}) {
    super("dp-fedavg", params, ["noiseMultiplier", "seed", "expectedSites", "serverLearningRate"]);
    const r = this.params;
    if (typeof r.raw("clipNorm") !== "number" || r.raw("noiseMultiplier") === undefined) {
      throw new TypeError(
        `Expected dp-fedavg params clipNorm (a number > 0) and noiseMultiplier but found ${
          JSON.stringify({ clipNorm: r.raw("clipNorm"), noiseMultiplier: r.raw("noiseMultiplier") })
        }`,
      );
    }
    if (this.options.aggregator !== "mean") {
      throw new TypeError(
        `Expected dp-fedavg param aggregator to be mean but found ${this.options.aggregator}`,
      );
    }
    this.#clip = this.options.clipNorm as number;
    this.#noiseMultiplier = r.number("noiseMultiplier", 0, { min: 0 });
    this.#eta = r.number("serverLearningRate", 1, { min: 0, exclusiveMin: true });
    this.#expectedSites = r.optionalNumber("expectedSites", { min: 0, exclusiveMin: true });
    this.#normal = createSeededNormal(r.number("seed", 0, { integer: true }));
  }

  protected combine(global: Float32Array, prepared: PreparedUpdates): Float32Array {
    const deltas = prepared.updates.map((u) => {
      const d = new Float32Array(global.length);
      for (let j = 0; j < d.length; j++) d[j] = u.weights[j] - global[j];
      return d;
    });
    const { delta } = privateMeanDelta(deltas, {
      clipNorm: this.#clip,
      noiseMultiplier: this.#noiseMultiplier,
      normal: this.#normal,
      denominator: this.#expectedSites,
    });
    const out = new Float32Array(global.length);
    for (let j = 0; j < out.length; j++) out[j] = global[j] + this.#eta * delta[j];
    return out;
  }

  protected override saveState(): Record<string, unknown> {
    return { noiseState: this.#normal.state() };
  }

  protected override loadState(saved: Record<string, unknown>): void {
    const s = saved.noiseState;
    if (!Array.isArray(s)) {
      throw new TypeError(`Expected saved state noiseState to be an array but found ${typeof s}`);
    }
    this.#normal.restore(s as number[]);
  }
}
