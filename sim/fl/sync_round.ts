/**
 * One synchronous round: sample sites, broadcast, train, upload, aggregate
 * the first `sitesPerRound` updates that arrive before the deadline. Late,
 * offline, dropped and diverged sites go to the strategy as failures. Used
 * by the sync protocol for the cloud and by the hierarchical protocol at
 * each edge aggregator.
 */

import type { SiteFailure, SiteUpdate, Strategy } from "./strategies/mod.ts";
import type { Federation } from "./federation.ts";
import { vectorBytes } from "./messages.ts";
import { playRound, type Trip } from "./round_clock.ts";
import { commitSiteState, type TrainedSite, trainSites } from "./site_training.ts";

/** What one synchronous round needs to know. */
export interface SyncRoundSpec {
  /** The round number the strategy sees. */
  round: number;
  /** Names this decision point in stream names, e.g. `round-3` or `round-3/edge-1/step-0`. */
  key: string;
  /** Virtual time the round starts. */
  start: number;
  /** Site ids the round samples from. */
  candidates: readonly number[];
  sitesPerRound: number;
  overcommit: number;
  /** Seconds after `start` when late updates stop counting; none when undefined. */
  deadline?: number;
  strategy: Strategy;
  global: Float32Array;
}

/** What came of one synchronous round. */
export interface SyncRoundResult {
  global: Float32Array;
  /** Virtual time the aggregate was applied. */
  closeTime: number;
  sampled: number;
  /** Updates aggregated. */
  completed: number;
  failures: SiteFailure[];
  /** The aggregated updates' training samples and mean local loss. */
  samples: number;
  meanLoss: number;
}

/** Sites sampled this round: ceil(sitesPerRound × overcommit) of the candidates, sorted. */
export function sampleSites(
  fed: Federation,
  key: string,
  candidates: readonly number[],
  sitesPerRound: number,
  overcommit: number,
): number[] {
  const k = Math.min(candidates.length, Math.ceil(sitesPerRound * overcommit));
  const picks = fed.streams.stream(`sampling/${key}`).sampleWithoutReplacement(
    candidates.length,
    k,
  );
  return picks.map((i) => candidates[i]).sort((a, b) => a - b);
}

/** Runs one synchronous round (see the module comment). */
export async function syncRound(fed: Federation, spec: SyncRoundSpec): Promise<SyncRoundResult> {
  const { round, key, start, strategy, global, deadline } = spec;
  const sampled = sampleSites(fed, key, spec.candidates, spec.sitesPerRound, spec.overcommit);
  const failures: SiteFailure[] = [];
  const offline: number[] = [];
  const ready = [];
  for (const id of sampled) {
    const site = fed.world.site(id);
    if (!site.availability.isOnline(key, start)) {
      offline.push(id);
      failures.push({ siteId: id, reason: "offline" });
    } else if (site.device.memoryBytes < fed.memoryNeeded) {
      failures.push({ siteId: id, reason: "dropped" });
    } else {
      ready.push(site);
    }
  }

  const modelBytes = vectorBytes(fed.weightCount);
  const results = await trainSites(fed, strategy, ready, global, round, key);
  const trained = new Map<number, TrainedSite>();
  const trips: Trip[] = [];
  for (const r of results) {
    fed.ledger.record("model-down", modelBytes);
    if ("diverged" in r) {
      failures.push({ siteId: r.siteId, reason: "diverged" });
      continue;
    }
    if (r.controlDownBytes > 0) fed.ledger.record("control-down", r.controlDownBytes);
    trained.set(r.siteId, r);
    const site = fed.world.site(r.siteId);
    const trip = site.roundTrip(
      fed.perSample,
      fed.training.epochs,
      modelBytes + r.controlDownBytes,
      modelBytes + r.controlUpBytes,
      fed.streams.stream(`world/site-${r.siteId}/link/${key}`),
    );
    trips.push({
      siteId: r.siteId,
      ...trip,
      dropAt: site.availability.firstOfflineIn(start, start + trip.total),
    });
  }

  const outcome = playRound(trips, { start, needed: spec.sitesPerRound, deadline });
  for (const id of [...outcome.accepted, ...outcome.surplus, ...outcome.late]) {
    const t = trained.get(id)!;
    fed.ledger.record("update-up", modelBytes);
    if (t.controlUpBytes > 0) fed.ledger.record("control-up", t.controlUpBytes);
    commitSiteState(fed, t);
  }
  for (const id of outcome.dropped) failures.push({ siteId: id, reason: "dropped" });
  for (const id of outcome.late) failures.push({ siteId: id, reason: "deadline" });
  failures.sort((a, b) => a.siteId - b.siteId);

  const updates: SiteUpdate[] = outcome.accepted.map((id) => trained.get(id)!.update);
  const next = strategy.aggregate(global, updates, failures, round);

  fed.timeline.push(...outcome.spans);
  for (const id of offline) {
    fed.timeline.push({ siteId: id, state: "offline", start, end: outcome.closeTime });
  }
  for (const u of updates) fed.participated[u.siteId]++;
  for (const f of failures) fed.failed[f.siteId]++;
  const samples = updates.reduce((a, u) => a + u.numSamples, 0);
  const meanLoss = samples > 0
    ? updates.reduce((a, u) => a + u.meanLoss * u.numSamples, 0) / samples
    : NaN;
  return {
    global: next,
    closeTime: outcome.closeTime,
    sampled: sampled.length,
    completed: updates.length,
    failures,
    samples,
    meanLoss,
  };
}
