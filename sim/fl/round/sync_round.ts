/**
 * One synchronous round: sample sites, broadcast, train, upload, aggregate
 * the first `sitesPerRound` updates that arrive before the deadline. Late,
 * offline, dropped and diverged sites go to the strategy as failures. Used
 * by the sync protocol for the cloud and by the hierarchical protocol at
 * each edge aggregator.
 */

import type { SiteFailure, SiteUpdate, Strategy } from "../strategies/mod.ts";
import type { Federation } from "./federation.ts";
import { vectorBytes } from "./messages.ts";
import { playRound, type Trip } from "./round_clock.ts";
import { commitSiteState, type TrainedSite, trainSites } from "./site_training.ts";
import { drawStragglers } from "./stragglers.ts";
import {
  finishSecureRound,
  planSecureRound,
  rejectNonFinite,
  type SecureRoundPlan,
  securityOf,
  siteSeconds,
} from "../security/mod.ts";

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
  /** The aggregated updates' training samples, Σ loss × samples, and mean local loss. */
  samples: number;
  lossSum: number;
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
  const screened = screenSampled(fed, sampled, key, start);
  const { offline, failures } = screened;
  // FedProx's stragglers: `drop` discards them like late sites (the paper's
  // FedAvg); `partial` trains them for fewer epochs and keeps the update.
  const stragglers = drawStragglers(fed, key, screened.ready.map((s) => s.id));
  const dropStragglers = fed.training.stragglers?.policy === "drop";
  const ready = dropStragglers
    ? screened.ready.filter((s) => !stragglers.has(s.id))
    : screened.ready;
  if (dropStragglers) {
    for (const id of stragglers.keys()) failures.push({ siteId: id, reason: "deadline" });
  }

  const modelBytes = vectorBytes(fed.weightCount);
  const results = await trainSites(fed, strategy, ready, global, round, key, stragglers);
  const trained = new Map<number, TrainedSite>();
  for (const r of results) {
    fed.ledger.record("model-down", modelBytes);
    if ("diverged" in r) {
      failures.push({ siteId: r.siteId, reason: "diverged" });
      continue;
    }
    if (r.controlDownBytes > 0) fed.ledger.record("control-down", r.controlDownBytes);
    // Hardened inputs: a non-finite update is refused (site and round logged), never averaged.
    const rejected = rejectNonFinite(fed, r.update, round);
    if (rejected !== null) {
      fed.ledger.record("update-up", modelBytes);
      failures.push(rejected);
      continue;
    }
    trained.set(r.siteId, r);
  }
  // Secure aggregation: every site that trained joins the key exchange and masks its update.
  const secureOn = securityOf(fed).settings.secureAggregation !== null;
  const plan: SecureRoundPlan | null = secureOn && trained.size >= 2
    ? planSecureRound(fed, [...trained.keys()], key)
    : null;
  const trips = [...trained.values()].map((r) =>
    siteTrip(fed, r, plan, key, start, stragglers.get(r.siteId) ?? fed.training.epochs)
  );

  // Secure aggregation needs `threshold` survivors to unmask the sum, so the server waits for them.
  const needed = plan === null
    ? spec.sitesPerRound
    : Math.min(plan.cohort.length, Math.max(spec.sitesPerRound, plan.threshold));
  const outcome = playRound(trips, { start, needed, deadline });
  const delivered = [...outcome.accepted, ...outcome.surplus, ...outcome.late];
  for (const id of delivered) {
    const t = trained.get(id)!;
    if (plan === null) {
      fed.ledger.record("update-up", modelBytes);
      if (t.controlUpBytes > 0) fed.ledger.record("control-up", t.controlUpBytes);
    }
  }
  for (const id of outcome.dropped) failures.push({ siteId: id, reason: "dropped" });
  for (const id of outcome.late) failures.push({ siteId: id, reason: "deadline" });
  failures.sort((a, b) => a.siteId - b.siteId);

  let updates: SiteUpdate[] = outcome.accepted.map((id) => trained.get(id)!.update);
  let next: Float32Array;
  let closeTime = outcome.closeTime;
  if (plan !== null) {
    const secure = await finishSecureRound(fed, plan, {
      round,
      key,
      global,
      strategy,
      updates: new Map([...trained].map(([id, t]) => [id, t.update])),
      accepted: outcome.accepted,
      delivered,
      failures,
      closeTime,
    });
    next = secure.global;
    closeTime = secure.closeTime;
    fed.timeline.push(...secure.spans);
    if (!secure.recovered) updates = [];
  } else if (secureOn) {
    // Fewer than two sites: a "secure" sum of one update would reveal it, so nothing is aggregated.
    next = new Float32Array(global);
    updates = [];
  } else {
    next = strategy.aggregate(global, updates, failures, round);
  }

  // A site's state moves only with an update the server aggregated: a surplus
  // or late site keeping its new SCAFFOLD c_i while the server never adds its
  // Δc_i would break c = (1/N)·Σ c_i (Karimireddy et al. 2020, Alg. 1).
  for (const u of updates) commitSiteState(fed, trained.get(u.siteId)!);
  fed.timeline.push(...outcome.spans);
  for (const id of offline) {
    fed.timeline.push({ siteId: id, state: "offline", start, end: closeTime });
  }
  for (const u of updates) fed.participated[u.siteId]++;
  for (const f of failures) fed.failed[f.siteId]++;
  const samples = updates.reduce((a, u) => a + u.numSamples, 0);
  const lossSum = updates.reduce((a, u) => a + u.meanLoss * u.numSamples, 0);
  return {
    global: next,
    closeTime,
    sampled: sampled.length,
    completed: updates.length,
    failures,
    samples,
    lossSum,
    meanLoss: samples > 0 ? lossSum / samples : NaN,
  };
}

/** The sampled sites that can train now; the rest fail as offline or dropped (too little memory). */
function screenSampled(fed: Federation, sampled: readonly number[], key: string, start: number) {
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
  return { ready, offline, failures };
}

/** A trained site's trip this round: its phases in virtual seconds and when it drops, if it does. */
function siteTrip(
  fed: Federation,
  r: TrainedSite,
  plan: SecureRoundPlan | null,
  key: string,
  start: number,
  epochs: number,
): Trip {
  const modelBytes = vectorBytes(fed.weightCount);
  const site = fed.world.site(r.siteId);
  const trip = site.roundTrip(
    fed.perSample,
    epochs,
    modelBytes + r.controlDownBytes + (plan?.extraDownBytes ?? 0),
    plan?.upBytes ?? modelBytes + r.controlUpBytes,
    fed.streams.stream(`world/site-${r.siteId}/link/${key}`),
  );
  const compute = trip.compute + (plan === null ? 0 : siteSeconds(fed, plan, r.siteId));
  const total = trip.download + compute + trip.upload;
  let dropAt = site.availability.firstOfflineIn(start, start + total);
  // An injected crash happens after masking, just before the masked update goes up.
  if (plan?.crashes.has(r.siteId)) dropAt = Math.min(dropAt ?? Infinity, start + total - 1e-9);
  return { siteId: r.siteId, download: trip.download, compute, upload: trip.upload, dropAt };
}
