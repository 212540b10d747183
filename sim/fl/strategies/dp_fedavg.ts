import { z } from "zod";
import {
  createSeededNormal,
  privateMeanDelta,
  type SeededNormal,
} from "../security/privacy/mod.ts";
import { BaseStrategy } from "./_base.ts";
import { strategyParams } from "./_params.ts";
import type { PreparedUpdates } from "./_combine.ts";
import type { StrategyParams } from "./strategy.ts";

/** DP-FedAvg's params (`privacy.dp` in a scenario fills clipNorm and noiseMultiplier). */
export const DpFedAvgParamsSchema = strategyParams({
  /** C, the L2 bound on each site's delta (required: it sets the sensitivity). */
  clipNorm: z.number().positive(),
  /** z, the noise standard deviation in units of C. */
  noiseMultiplier: z.number().min(0),
  /** Seed of the server's noise. */
  seed: z.int().default(0),
  /** m, the divisor of the noisy sum (default: the number of updates). */
  expectedSites: z.number().positive().optional(),
  /** η, the server learning rate. */
  serverLearningRate: z.number().positive().default(1),
  /** Only the mean keeps the sensitivity bound. */
  aggregator: z.literal("mean").default("mean"),
});

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
export class DpFedAvg extends BaseStrategy<z.output<typeof DpFedAvgParamsSchema>> {
  #noiseMultiplier: number;
  #clip: number;
  #eta: number;
  #expectedSites: number | undefined;
  #normal: SeededNormal;

  constructor(params: StrategyParams = {}) {
    super("dp-fedavg", params, DpFedAvgParamsSchema);
    const p = this.params;
    this.#clip = p.clipNorm;
    this.#noiseMultiplier = p.noiseMultiplier;
    this.#eta = p.serverLearningRate;
    this.#expectedSites = p.expectedSites;
    this.#normal = createSeededNormal(p.seed);
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
