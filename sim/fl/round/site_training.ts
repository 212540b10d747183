/**
 * One round of local training at a set of sites, as the strategy's
 * site-side hooks describe it: start weights and config at the site,
 * training on the site's executor (in parallel), then `siteFinish` on a copy
 * of the site's state, committed only if the server aggregates the update.
 */

import type { Site } from "../../world/mod.ts";
import type { LocalConfig, SiteState, SiteUpdate, Strategy } from "../strategies/mod.ts";
import type { Federation } from "./federation.ts";
import { vectorBytes } from "./messages.ts";
import { attackWeights, securityOf } from "../security/mod.ts";

/** Mixed into a site's training seed to seed its gaussian attack noise (a different stream). */
const ATTACK_SALT = 0x5bd1e995;

/** A site that finished local training: its update and what it costs to move. */
export interface TrainedSite {
  siteId: number;
  update: SiteUpdate;
  /** Site state after `siteFinish`; commit with {@link commitSiteState} once aggregated. */
  stateAfter: SiteState;
  /** Bytes of strategy state sent down with the model (e.g. SCAFFOLD's c). */
  controlDownBytes: number;
  /** Bytes of strategy extras sent up with the update. */
  controlUpBytes: number;
}

/** A site whose local training produced non-finite numbers. */
export interface DivergedSite {
  siteId: number;
  diverged: true;
  message: string;
}

/** Copies a site state so `siteFinish` can run before we know the update is delivered. */
export function cloneSiteState(state: SiteState): SiteState {
  const out: SiteState = {};
  for (const [k, v] of Object.entries(state)) {
    out[k] = v instanceof Float32Array ? v.slice() : v;
  }
  return out;
}

/** Makes an aggregated site's post-training state its current state. */
export function commitSiteState(fed: Federation, trained: TrainedSite): void {
  fed.siteStates[trained.siteId] = trained.stateAfter;
}

function isDivergence(err: unknown): err is Error {
  return err instanceof Error &&
    (err.name === "DivergenceError" || /diverge|NaN|non-finite/i.test(err.message));
}

/** A site ready to train: what the strategy's site-side hooks decided at dispatch. */
export interface PreparedSite {
  siteId: number;
  round: number;
  start: Float32Array;
  config: LocalConfig;
  seed: number;
  /** Local epochs when not the scenario's (a straggler's partial work). */
  epochs?: number;
}

/**
 * Runs the site-side hooks that happen at dispatch (`siteStart`,
 * `siteConfig`); `key` names the decision point (e.g. `round-3`) in the
 * per-site seed stream `train/site-<id>/<key>`.
 */
export function prepareSite(
  fed: Federation,
  strategy: Strategy,
  siteId: number,
  global: Float32Array,
  round: number,
  key: string,
): PreparedSite {
  const state = fed.siteStates[siteId];
  return {
    siteId,
    round,
    start: strategy.siteStart(global, state),
    config: strategy.siteConfig(global, state, round),
    seed: fed.streams.stream(`train/site-${siteId}/${key}`).seed32(),
  };
}

/** Trains a prepared site and runs `siteFinish` on a copy of its state. */
export async function trainPrepared(
  fed: Federation,
  strategy: Strategy,
  p: PreparedSite,
): Promise<TrainedSite | DivergedSite> {
  const { batchSize, learningRate, optimizer } = fed.training;
  const epochs = p.epochs ?? fed.training.epochs;
  const site = fed.world.site(p.siteId);
  let result;
  try {
    result = await site.train({
      round: p.round,
      // The executor may take ownership of the buffer it is given; keep our own start.
      weights: p.start.slice(),
      epochs,
      batchSize,
      learningRate,
      seed: p.seed,
      optimizer,
      proxMu: p.config.proxMu,
      anchor: p.config.anchor,
      gradCorrection: p.config.gradCorrection,
    });
  } catch (err) {
    if (isDivergence(err)) return { siteId: site.id, diverged: true, message: err.message };
    throw err;
  }
  // A poisoned site sends an altered update in place of what it trained (issue #9 attacks).
  const { settings: { attack }, attackers } = securityOf(fed);
  if (attack !== null && attackers.has(site.id)) {
    result = {
      ...result,
      weights: attackWeights(attack, p.start, result.weights, p.seed ^ ATTACK_SALT),
    };
  }
  const stateAfter = cloneSiteState(fed.siteStates[site.id]);
  const extras = strategy.siteFinish(p.start, result.weights, stateAfter, {
    steps: result.steps,
    learningRate,
  });
  let controlUpBytes = 0;
  for (const v of Object.values(extras ?? {})) controlUpBytes += vectorBytes(v.length);
  const correction = p.config.gradCorrection;
  return {
    siteId: site.id,
    update: {
      siteId: site.id,
      weights: result.weights,
      numSamples: result.samples,
      steps: result.steps,
      meanLoss: result.meanLoss,
      learningRate,
      extras,
    },
    stateAfter,
    controlDownBytes: correction ? vectorBytes(correction.length) : 0,
    controlUpBytes,
  };
}

/**
 * Prepares and trains `sites` from `global` for round `round`, in parallel;
 * a site in `partialEpochs` runs that many local epochs instead of the scenario's.
 */
export async function trainSites(
  fed: Federation,
  strategy: Strategy,
  sites: readonly Site[],
  global: Float32Array,
  round: number,
  key: string,
  partialEpochs: ReadonlyMap<number, number> = new Map(),
): Promise<(TrainedSite | DivergedSite)[]> {
  const prepared = sites.map((s) => {
    const p = prepareSite(fed, strategy, s.id, global, round, key);
    const epochs = partialEpochs.get(s.id);
    return epochs === undefined ? p : { ...p, epochs };
  });
  return await Promise.all(prepared.map((p) => trainPrepared(fed, strategy, p)));
}
