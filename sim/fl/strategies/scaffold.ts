import { z } from "zod";
import { strategyParams } from "./_params.ts";
import { BaseStrategy, savedVector } from "./_base.ts";
import type { PreparedUpdates } from "./_combine.ts";
import type { LocalConfig, LocalTrainingInfo, SiteState, StrategyParams } from "./strategy.ts";

/** Key in the site state holding c_i, the site's control variate. */
export const SITE_CONTROL_KEY = "scaffold.control";
/** Key in the site state holding the server control c the site was dispatched with. */
export const SITE_SERVER_CONTROL_KEY = "scaffold.serverControl";
/** Key in the update extras carrying Δc_i. */
export const CONTROL_DELTA_EXTRA = "controlDelta";

/** SCAFFOLD's params. */
export const ScaffoldParamsSchema = strategyParams({
  /** η_g, the server learning rate. */
  serverLearningRate: z.number().positive().default(1),
  /** N, all sites (else the run's site count). */
  totalSites: z.int().min(1).optional(),
  /** uniform: the paper's 1/|S| server step; samples: x moves by the sample-weighted mean. */
  weighting: z.enum(["samples", "uniform"]).default("uniform"),
});

/**
 * SCAFFOLD (Karimireddy et al. 2020), control variates against client drift.
 *
 * - Site: trains with gradient correction c − c_i (`LocalConfig.gradCorrection`),
 *   then (option II) c_i⁺ = c_i − c + (x − y_i)/(K·η_l) and uploads
 *   Δc_i = c_i⁺ − c_i as `extras.controlDelta`.
 * - Server (Alg. 1, lines 16–17): x⁺ = x + η_g·(1/|S|)·Σ(y_i − x);
 *   c⁺ = c + (1/N)·Σ Δc_i. Together with a protocol that commits a site's
 *   c_i⁺ exactly when its Δc_i reaches this sum, c stays the mean of all N c_i.
 *
 * Params: `serverLearningRate` η_g (default 1), `totalSites` N (else
 * `init(..., {totalSites})`; an edge aggregator passes its own site count),
 * `weighting` `uniform` (default, the paper's 1/|S|) or `samples` (x moves by
 * the sample-weighted mean instead; c is unaffected). The c a site was
 * dispatched with is kept in its state until it finishes, so async protocols
 * compute Δc_i against the right c.
 */
export class Scaffold extends BaseStrategy<z.output<typeof ScaffoldParamsSchema>> {
  #eta = 1;
  #totalSites: number | undefined;
  #control = new Float32Array(0);

  constructor(params: StrategyParams = {}) {
    super("scaffold", params, ScaffoldParamsSchema);
    this.#eta = this.params.serverLearningRate;
    this.#totalSites = this.params.totalSites;
  }

  protected override onInit(global: Float32Array): void {
    this.#control = new Float32Array(global.length);
  }

  /** The server control variate c (a copy). */
  get control(): Float32Array {
    return new Float32Array(this.#control);
  }

  override siteConfig(global: Float32Array, site: SiteState, _round: number): LocalConfig {
    this.checkGlobal(global);
    const c = this.#control;
    const ci = siteControl(site, c.length);
    // The server replaces (never mutates) c, so keeping the reference is safe.
    site[SITE_SERVER_CONTROL_KEY] = c;
    const correction = new Float32Array(c.length);
    for (let j = 0; j < c.length; j++) correction[j] = c[j] - ci[j];
    return { gradCorrection: correction };
  }

  override siteFinish(
    start: Float32Array,
    local: Float32Array,
    site: SiteState,
    info: LocalTrainingInfo,
  ): Record<string, Float32Array> {
    this.checkGlobal(start);
    this.checkGlobal(local);
    const dispatched = site[SITE_SERVER_CONTROL_KEY];
    const c = dispatched instanceof Float32Array ? dispatched : this.#control;
    const ci = siteControl(site, c.length);
    const deltaControl = new Float32Array(c.length);
    const kl = info.steps * info.learningRate;
    if (kl > 0) {
      const next = new Float32Array(c.length);
      for (let j = 0; j < c.length; j++) {
        next[j] = ci[j] - c[j] + (start[j] - local[j]) / kl;
        deltaControl[j] = next[j] - ci[j];
      }
      site[SITE_CONTROL_KEY] = next;
    }
    delete site[SITE_SERVER_CONTROL_KEY];
    return { [CONTROL_DELTA_EXTRA]: deltaControl };
  }

  protected combine(global: Float32Array, prepared: PreparedUpdates): Float32Array {
    const n = this.#totalSites ?? this.context.totalSites;
    if (n === undefined) {
      throw new TypeError(
        "Expected scaffold to know the number of sites (param totalSites or init context) but found none",
      );
    }
    const avg = this.combinePoints(
      global,
      prepared.updates.map((u) => u.weights),
      prepared.weights,
    );
    const out = new Float32Array(global.length);
    for (let j = 0; j < out.length; j++) out[j] = global[j] + this.#eta * (avg[j] - global[j]);

    const acc = new Float64Array(global.length);
    for (const u of prepared.updates) {
      const dc = u.extras?.[CONTROL_DELTA_EXTRA];
      if (!(dc instanceof Float32Array) || dc.length !== global.length) {
        throw new TypeError(
          `Expected the update from site ${u.siteId} to carry extras.${CONTROL_DELTA_EXTRA} ` +
            `of length ${global.length} (from siteFinish) but found ${
              dc instanceof Float32Array ? `length ${dc.length}` : "none"
            }`,
        );
      }
      for (let j = 0; j < acc.length; j++) acc[j] += dc[j];
    }
    // c += (1/N)·Σ Δc_i: every committed c_i⁺ enters the mean of all N control variates.
    const next = new Float32Array(global.length);
    for (let j = 0; j < next.length; j++) next[j] = this.#control[j] + acc[j] / n;
    this.#control = next;
    return out;
  }

  protected override saveState(): Record<string, unknown> {
    return { control: new Float32Array(this.#control) };
  }

  protected override loadState(saved: Record<string, unknown>): void {
    this.#control = savedVector(saved, "control", this.length);
  }
}

function siteControl(site: SiteState, length: number): Float32Array {
  const ci = site[SITE_CONTROL_KEY];
  if (ci === undefined) return new Float32Array(length);
  if (!(ci instanceof Float32Array) || ci.length !== length) {
    throw new TypeError(
      `Expected the site's ${SITE_CONTROL_KEY} to be a Float32Array of length ${length} but found ${typeof ci}`,
    );
  }
  return ci;
}
