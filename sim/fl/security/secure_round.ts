/**
 * Secure aggregation inside a synchronous round. The protocol asks
 * {@link planSecureRound} what secure aggregation adds to each site's trip
 * (key and share messages, the masked upload, masking work) and who crashes
 * after masking; once the round's arrivals are known,
 * {@link finishSecureRound} runs the real Bonawitz protocol (sim/fl/security/secagg)
 * over the cohort, charges the unmasking round on the clock and hands the
 * strategy only the unmasked sum.
 *
 * FedAvg weighting: each site pre-scales its delta by n_i / N_max and sends
 * n_i / N_max in one extra coordinate, so the sum gives Σ n_i Δ_i / Σ n_i.
 * The quantisation range is the declared clip norm (`secureAggregation.clipNorm`,
 * each site L2-clips its delta to it) or the per-coordinate `clip`; coordinates
 * beyond the range are counted in the round's record (secure_clip.ts).
 *
 * DP-FedAvg: each site clips its delta to L2 norm C before masking; the
 * server adds N(0, (zC)²) to the unmasked sum and divides by the expected
 * number of sites — the noise never touches an individual update.
 */

import { transferSeconds } from "../../world/mod.ts";
import {
  defaultThreshold,
  SECAGG_KIND_NAMES,
  secAggCost,
  secAggFlops,
  secureAggregate,
  secureWeightedMean,
  serverOps,
} from "./secagg/mod.ts";
import { createSeededNormal } from "./privacy/mod.ts";
import { boundDelta, type BoundedDelta } from "./secure_clip.ts";
import type { SiteFailure, SiteUpdate, Strategy } from "../strategies/mod.ts";
import type { Federation } from "../round/federation.ts";
import type { TimelineSpan } from "../../results/results.ts";
import { securityOf } from "./context.ts";
import type { DpSettings, SecureAggregationSettings } from "./settings.ts";

/** What secure aggregation adds to one round, decided before the trips are played. */
export interface SecureRoundPlan {
  settings: SecureAggregationSettings;
  dp: DpSettings | null;
  /** Cohort site ids, ascending: every site that trained and takes part in the key exchange. */
  cohort: number[];
  threshold: number;
  /** Length of the masked vector (one more than the model for the FedAvg weight). */
  dim: number;
  /** Extra bytes each cohort site receives before it can upload (key directory, shares). */
  extraDownBytes: number;
  /** Bytes each cohort site uploads instead of its plain update (keys, shares, masked update). */
  upBytes: number;
  /** FLOP-equivalents of one site's masking work. */
  siteFlops: number;
  /** Sites that crash after masking (fault injection), ascending. */
  crashes: Set<number>;
}

/** Shamir threshold for a cohort of `n`: a fraction of it, or n − ⌊n/3⌋ by default. */
export function cohortThreshold(n: number, fraction?: number): number {
  if (fraction === undefined) return defaultThreshold(n);
  return Math.min(n, Math.max(Math.floor(n / 2) + 1, Math.ceil(fraction * n)));
}

/**
 * Plans secure aggregation over `cohort` (at least two sites) for the round
 * named `key`; crashes are drawn from stream `secagg/dropout/<key>`.
 */
export function planSecureRound(
  fed: Federation,
  cohort: readonly number[],
  key: string,
): SecureRoundPlan {
  const { settings: { secureAggregation: settings, dp } } = securityOf(fed);
  if (settings === null) throw new TypeError("Expected secure aggregation to be enabled");
  const ids = [...cohort].sort((a, b) => a - b);
  const n = ids.length;
  const threshold = cohortThreshold(n, settings.threshold);
  const dim = dp === null ? fed.weightCount + 1 : fed.weightCount;
  const cost = secAggCost(n, dim, { threshold });
  const { bytesUp, bytesDown } = cost.site;
  const crashCount = Math.floor(settings.dropout * n);
  const picks = fed.streams.stream(`secagg/dropout/${key}`).sampleWithoutReplacement(n, crashCount);
  return {
    settings,
    dp,
    cohort: ids,
    threshold,
    dim,
    extraDownBytes: bytesDown["secagg-keys"] + bytesDown["secagg-shares"],
    upBytes: bytesUp["secagg-keys"] + bytesUp["secagg-shares"] + bytesUp["secagg-masked-update"],
    siteFlops: secAggFlops(cost.site.ops),
    crashes: new Set(picks.map((i) => ids[i])),
  };
}

/** What the round's arrivals were, as the sync round saw them. */
export interface SecureRoundArrivals {
  round: number;
  key: string;
  global: Float32Array;
  strategy: Strategy;
  /** Every cohort site's trained update (survivors and not). */
  updates: ReadonlyMap<number, SiteUpdate>;
  /** Sites whose masked update was accepted into the sum, in any order. */
  accepted: readonly number[];
  /** Sites whose masked update reached the server (accepted, surplus or late). */
  delivered: readonly number[];
  failures: SiteFailure[];
  /** When the last accepted masked update arrived. */
  closeTime: number;
}

/** The aggregate and what unmasking added to the round. */
export interface SecureRoundResult {
  global: Float32Array;
  /** Close time after the unmasking round. */
  closeTime: number;
  /** Whether the sum was recovered (else the global is unchanged). */
  recovered: boolean;
  spans: TimelineSpan[];
}

/**
 * Runs secure aggregation over the plan's cohort: survivors are the accepted
 * sites, every other cohort site dropped after masking and is removed
 * through Shamir shares. Records every message in the ledger and the round
 * in the security log.
 */
export async function finishSecureRound(
  fed: Federation,
  plan: SecureRoundPlan,
  a: SecureRoundArrivals,
): Promise<SecureRoundResult> {
  const ctx = securityOf(fed);
  const n = plan.cohort.length;
  const survivors = [...a.accepted].sort((x, y) => x - y);
  const survivorSet = new Set(survivors);
  const dropAfterMasking = plan.cohort.filter((id) => !survivorSet.has(id));
  const recovered = survivors.length >= plan.threshold;
  const before = secAggBytes(fed);

  const cost = secAggCost(n, plan.dim, {
    threshold: plan.threshold,
    dropped: Math.min(n - 1, dropAfterMasking.length),
  });
  for (const _ of plan.cohort) {
    for (const kind of ["secagg-keys", "secagg-shares"] as const) {
      fed.ledger.record(kind, cost.site.bytesUp[kind]);
      fed.ledger.record(kind, cost.site.bytesDown[kind]);
    }
  }
  for (const _ of a.delivered) {
    fed.ledger.record("secagg-masked-update", cost.site.bytesUp["secagg-masked-update"]);
  }

  let global: Float32Array = new Float32Array(a.global);
  let clipping: ClipCount = { clippedCoordinates: 0, coordinates: 0, normClippedSites: 0 };
  let unmaskSeconds = 0, serverSeconds = 0;
  const spans: TimelineSpan[] = [];
  if (recovered) {
    // Down: the survivor list; up: one share per cohort site (a self-mask seed or a mask key).
    const listBytes = cost.site.bytesDown["secagg-unmask"];
    const responseBytes = cost.site.bytesUp["secagg-unmask"];
    for (const id of survivors) {
      fed.ledger.record("secagg-unmask", listBytes);
      fed.ledger.record("secagg-unmask", responseBytes);
      const { link } = fed.world.site(id);
      const down = transferSeconds(listBytes, link.downlinkBps, link.latencyS);
      const up = transferSeconds(responseBytes, link.uplinkBps, link.latencyS);
      spans.push(
        { siteId: id, state: "download", start: a.closeTime, end: a.closeTime + down },
        { siteId: id, state: "upload", start: a.closeTime + down, end: a.closeTime + down + up },
      );
      unmaskSeconds = Math.max(unmaskSeconds, down + up);
    }
    const ops = serverOps(n, plan.threshold, plan.dim, survivors.length);
    serverSeconds = secAggFlops(ops) / plan.settings.serverFlops;
    unmaskSeconds += serverSeconds;
    ({ global, clipping } = await aggregateSecurely(fed, plan, a, dropAfterMasking));
  }
  ctx.log.secureAggregation.push({
    round: a.round,
    key: a.key,
    cohort: n,
    survivors: recovered ? survivors.length : 0,
    dropped: dropAfterMasking.length,
    threshold: plan.threshold,
    recovered,
    bytes: secAggBytes(fed) - before,
    siteSeconds: Math.max(...plan.cohort.map((id) => siteSeconds(fed, plan, id))),
    unmaskSeconds,
    serverSeconds,
    ...clipping,
  });
  return { global, closeTime: a.closeTime + unmaskSeconds, recovered, spans };
}

/** Virtual seconds of a site's masking work on its own device. */
export function siteSeconds(fed: Federation, plan: SecureRoundPlan, siteId: number): number {
  return plan.siteFlops / fed.world.site(siteId).device.computeFlops;
}

/** What bounding the cohort's deltas for quantisation cut, for the round's record. */
interface ClipCount {
  clippedCoordinates: number;
  coordinates: number;
  normClippedSites: number;
}

function countClipping(bounded: readonly BoundedDelta[], dim: number): ClipCount {
  return {
    clippedCoordinates: bounded.reduce((s, b) => s + b.clippedCoordinates, 0),
    coordinates: bounded.length * dim,
    normClippedSites: bounded.filter((b) => b.normClipped).length,
  };
}

async function aggregateSecurely(
  fed: Federation,
  plan: SecureRoundPlan,
  a: SecureRoundArrivals,
  dropAfterMasking: number[],
): Promise<{ global: Float32Array; clipping: ClipCount }> {
  const { global } = a;
  const seed = fed.streams.stream(`secagg/${a.key}`).seed32();
  const deltaOf = (id: number) => {
    const w = a.updates.get(id)!.weights;
    const d = new Float32Array(global.length);
    for (let j = 0; j < d.length; j++) d[j] = w[j] - global[j];
    return d;
  };
  if (plan.dp !== null) {
    const { clipNorm, noiseMultiplier } = plan.dp;
    const bounded = plan.cohort.map((siteId) => boundDelta(deltaOf(siteId), clipNorm, clipNorm));
    const inputs = plan.cohort.map((siteId, i) => ({ siteId, vector: bounded[i].vector }));
    // An L2-clipped vector has every coordinate within ±C: no value is clipped again.
    const { sum, survivors } = await secureAggregate(inputs, {
      clip: clipNorm,
      threshold: plan.threshold,
      dropAfterMasking,
      seed,
    });
    const ctx = securityOf(fed);
    const normal = createSeededNormal(fed.streams.stream(`privacy/noise/${a.key}`).seed32());
    const m = ctx.expectedSites ?? survivors.length;
    const sigma = noiseMultiplier * clipNorm;
    const out = new Float32Array(global.length);
    for (let j = 0; j < out.length; j++) {
      out[j] = global[j] + ctx.serverLearningRate * (sum[j] + sigma * normal()) / m;
    }
    return { global: out, clipping: countClipping(bounded, global.length) };
  }
  const maxWeight = Math.max(...fed.world.sites.map((s) => s.data.trainSamples), 1);
  const { clip, clipNorm } = plan.settings;
  const bounded = plan.cohort.map((siteId) => boundDelta(deltaOf(siteId), clip, clipNorm));
  const inputs = plan.cohort.map((siteId, i) => ({
    siteId,
    vector: bounded[i].vector,
    weight: a.updates.get(siteId)!.numSamples,
  }));
  const { mean, totalWeight } = await secureWeightedMean(inputs, {
    clip,
    maxWeight,
    threshold: plan.threshold,
    dropAfterMasking,
    seed,
  });
  const survivors = a.accepted.map((id) => a.updates.get(id)!);
  const weights = new Float32Array(global.length);
  for (let j = 0; j < weights.length; j++) weights[j] = global[j] + mean[j];
  // The strategy sees one update: the securely averaged one (server optimisers apply to it).
  const summed: SiteUpdate = {
    siteId: Math.min(...a.accepted),
    weights,
    numSamples: totalWeight,
    steps: Math.max(...survivors.map((u) => u.steps)),
    meanLoss: NaN,
    learningRate: survivors[0].learningRate,
  };
  return {
    global: a.strategy.aggregate(global, [summed], a.failures, a.round),
    clipping: countClipping(bounded, global.length),
  };
}

function secAggBytes(fed: Federation): number {
  const totals = fed.ledger.bytesByKind();
  return SECAGG_KIND_NAMES.reduce((s, k) => s + (totals[k] ?? 0), 0);
}
