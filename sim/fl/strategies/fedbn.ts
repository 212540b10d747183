import { z } from "zod";
import { strategyParams } from "./_params.ts";
import { BaseStrategy } from "./_base.ts";
import type { PreparedUpdates } from "./_combine.ts";
import type { LocalTrainingInfo, SiteState, StrategyParams } from "./strategy.ts";

/** Key in the site state holding the site's own normalisation parameters (layout order). */
export const SITE_NORM_KEY = "fedbn.norm";

/** FedBN's params. */
export const FedBNParamsSchema = strategyParams({
  /** average: the global's norm entries are the weighted average; keep: left as initialised. */
  globalNorm: z.enum(["average", "keep"]).default("average"),
});

/**
 * FedBN (Li et al., ICLR 2021): normalisation layers (layout entries with
 * `isNormalization`) stay local. Each site keeps its own norm parameters
 * across rounds and starts every round from the global with its own norm
 * parameters put back; everything else is averaged as in FedAvg. With
 * `model.norm: batch` (the paper's setting) those entries are BatchNorm's
 * γ, β *and* running mean and variance, so a site also evaluates with its
 * own statistics; with the presets' LayerNorm they are its γ and β.
 *
 * The global's norm entries are for reporting only — sites that already have
 * their own never receive them. Param `globalNorm`: `"average"` (default;
 * the sample-weighted average, so the global model can still be evaluated on
 * a pooled test set) or `"keep"` (left at their initial values).
 */
export class FedBN extends BaseStrategy<z.output<typeof FedBNParamsSchema>> {
  #globalNorm: "average" | "keep" = "average";

  constructor(params: StrategyParams = {}) {
    super("fedbn", params, FedBNParamsSchema);
    this.#globalNorm = this.params.globalNorm;
  }

  #normSize(): number {
    return this.layout.reduce((s, e) => s + (e.isNormalization ? e.size : 0), 0);
  }

  override siteStart(global: Float32Array, site: SiteState): Float32Array {
    this.checkGlobal(global);
    const start = new Float32Array(global);
    const own = site[SITE_NORM_KEY];
    if (own instanceof Float32Array) {
      if (own.length !== this.#normSize()) {
        throw new RangeError(
          `Expected the site's ${SITE_NORM_KEY} to hold ${this.#normSize()} numbers but found ${own.length}`,
        );
      }
      let k = 0;
      for (const e of this.layout) {
        if (!e.isNormalization) continue;
        start.set(own.subarray(k, k + e.size), e.offset);
        k += e.size;
      }
    }
    return start;
  }

  override siteFinish(
    _start: Float32Array,
    local: Float32Array,
    site: SiteState,
    _info: LocalTrainingInfo,
  ): undefined {
    this.checkGlobal(local);
    const own = new Float32Array(this.#normSize());
    let k = 0;
    for (const e of this.layout) {
      if (!e.isNormalization) continue;
      own.set(local.subarray(e.offset, e.offset + e.size), k);
      k += e.size;
    }
    site[SITE_NORM_KEY] = own;
    return undefined;
  }

  /** A site evaluates the global with its own normalisation parameters. */
  evaluationWeights(global: Float32Array, site: SiteState): Float32Array {
    return this.siteStart(global, site);
  }

  protected combine(global: Float32Array, prepared: PreparedUpdates): Float32Array {
    const out = this.combinePoints(
      global,
      prepared.updates.map((u) => u.weights),
      prepared.weights,
    );
    if (this.#globalNorm === "keep") {
      for (const e of this.layout) {
        if (e.isNormalization) out.set(global.subarray(e.offset, e.offset + e.size), e.offset);
      }
    }
    return out;
  }
}
