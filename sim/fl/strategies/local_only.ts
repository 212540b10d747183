import { BaseStrategy } from "./_base.ts";
import { strategyParams } from "./_params.ts";
import type { PreparedUpdates } from "./_combine.ts";
import type { LocalTrainingInfo, SiteState, StrategyParams } from "./strategy.ts";

/** Key in the site state holding the site's own model. */
export const SITE_MODEL_KEY = "localOnly.model";

/** Local-only's params: the shared aggregation params only (nothing is aggregated). */
export const LocalOnlyParamsSchema = strategyParams({});

/**
 * LocalOnly, the no-collaboration baseline: each site trains and keeps its
 * own model, starting from the initial global once. The global returned by
 * `aggregate` is the sample-weighted average of the local models, for
 * reporting only; sites never start from it after their first round, and
 * evaluate their own model.
 */
export class LocalOnly extends BaseStrategy {
  constructor(params: StrategyParams = {}) {
    super("local-only", params, LocalOnlyParamsSchema);
  }

  override siteStart(global: Float32Array, site: SiteState): Float32Array {
    this.checkGlobal(global);
    const own = site[SITE_MODEL_KEY];
    if (own === undefined) return new Float32Array(global);
    if (!(own instanceof Float32Array) || own.length !== global.length) {
      throw new RangeError(
        `Expected the site's own model to hold ${global.length} weights but found ${typeof own}`,
      );
    }
    return new Float32Array(own);
  }

  override siteFinish(
    _start: Float32Array,
    local: Float32Array,
    site: SiteState,
    _info: LocalTrainingInfo,
  ): undefined {
    this.checkGlobal(local);
    site[SITE_MODEL_KEY] = new Float32Array(local);
    return undefined;
  }

  /** A site evaluates its own model (the global until it has trained once). */
  evaluationWeights(global: Float32Array, site: SiteState): Float32Array {
    return this.siteStart(global, site);
  }

  protected combine(global: Float32Array, prepared: PreparedUpdates): Float32Array {
    return this.combinePoints(global, prepared.updates.map((u) => u.weights), prepared.weights);
  }
}
