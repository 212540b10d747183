/**
 * Hierarchical training (sites → edge aggregator → cloud): each cloud round,
 * every edge aggregator receives the global model over the backbone, runs
 * `edgeRounds` synchronous rounds with its own sites and its own instance of
 * the scenario's strategy, and sends its model back; the cloud averages the
 * edge models weighted by the samples they aggregated. Edges work in
 * parallel on the virtual clock; the cloud round ends with the slowest edge.
 */

import { transferSeconds } from "../../world/mod.ts";
import type { Federation } from "../round/federation.ts";
import { vectorBytes } from "../round/messages.ts";
import type { SiteFailure, SiteUpdate, Strategy } from "../strategies/mod.ts";
import { syncRound } from "../round/sync_round.ts";
import type { Protocol, RoundStep } from "./protocol.ts";
import { type PrivacyLoad, restoreSecurity, securityOf, securityState } from "../security/mod.ts";

/** The edge ↔ cloud backbone: a fast, steady link (a district server's fibre). */
export const BACKBONE = { latencyS: 0.01, bandwidthBps: 1e9 } as const;

/** Settings of hierarchical training (from `scenario.training`). */
export interface HierarchicalSettings {
  sitesPerRound: number;
  overcommit: number;
  deadline?: number;
  edgeRounds: number;
  /** One edge per site group, or this many edges with sites assigned in id order. */
  groupsBy: "group" | number;
}

/** Site ids per edge aggregator. */
export function assignEdges(fed: Federation, groupsBy: "group" | number): number[][] {
  if (groupsBy === "group") return [...fed.world.groups().values()];
  const n = fed.world.size;
  const k = Math.min(groupsBy, n);
  // Contiguous blocks of near-equal size, in site id order.
  return Array.from({ length: k }, (_, e) => {
    const from = Math.floor((e * n) / k), to = Math.floor(((e + 1) * n) / k);
    return Array.from({ length: to - from }, (_, i) => from + i);
  });
}

/** The edge an edge aggregator's strategy serves: its index and its own site count. */
export interface EdgeOwner {
  edge: number;
  /** N_e: SCAFFOLD's c_e is the mean over the edge's own sites, not the federation's. */
  siteCount: number;
}

/** Sites one edge samples per edge step: its share of `sitesPerRound`, at least one. */
export function edgeSitesPerRound(edgeSize: number, totalSites: number, sitesPerRound: number) {
  return Math.min(edgeSize, Math.max(1, Math.round((sitesPerRound * edgeSize) / totalSites)));
}

/**
 * The sampled Gaussian mechanisms one cloud round applies to a site of each
 * edge: `edgeRounds` steps, each sampling ceil(perRound × overcommit) of the
 * edge's N_e sites (q_e). A site's privacy depends on its own edge's q_e, not
 * on the federation's Σ sampled / N.
 */
export function edgePrivacyLoads(
  edgeSizes: readonly number[],
  settings: Pick<HierarchicalSettings, "sitesPerRound" | "overcommit" | "edgeRounds">,
): PrivacyLoad[] {
  const total = edgeSizes.reduce((a, n) => a + n, 0);
  return edgeSizes.map((n) => {
    const perRound = edgeSitesPerRound(n, total, settings.sitesPerRound);
    const sampled = Math.min(n, Math.ceil(perRound * settings.overcommit));
    return { q: sampled / n, steps: settings.edgeRounds };
  });
}

/**
 * Creates the hierarchical protocol. `makeStrategy` builds each edge's
 * strategy (already initialised) for the edge it is given, or for the whole
 * federation when there is a single edge; `fed.strategy` aggregates at the cloud.
 */
export function createHierarchicalProtocol(
  fed: Federation,
  settings: HierarchicalSettings,
  makeStrategy: (owner?: EdgeOwner) => Strategy,
): Protocol {
  const edges = assignEdges(fed, settings.groupsBy).filter((ids) => ids.length > 0);
  // One edge holding every site for one step is a sync round with a detour
  // over the backbone: it gets the federation's strategy set-up and streams,
  // so it trains bit for bit as sync does (the protocol invariant).
  const alone = edges.length === 1;
  const edgeStrategies = edges.map((ids, e) =>
    makeStrategy(alone ? undefined : { edge: e, siteCount: ids.length })
  );
  const keyOf = (round: number, e: number, s: number) =>
    alone && settings.edgeRounds === 1 ? `round-${round}` : `round-${round}/edge-${e}/step-${s}`;
  const total = fed.world.size;
  securityOf(fed).privacyLoads = edgePrivacyLoads(edges.map((ids) => ids.length), settings);
  const modelBytes = vectorBytes(fed.weightCount);
  const backbone = (bytes: number) =>
    transferSeconds(bytes, BACKBONE.bandwidthBps, BACKBONE.latencyS);

  return {
    name: "hierarchical",
    async step(round: number, time: number, global: Float32Array): Promise<RoundStep> {
      const edgeUpdates: SiteUpdate[] = [];
      const edgeFailures: SiteFailure[] = [];
      const failures: SiteFailure[] = [];
      let closeTime = time;
      let sampled = 0, completed = 0, lossSum = 0, lossSamples = 0;
      // Edges run one after another in real time but in parallel on the virtual clock.
      for (let e = 0; e < edges.length; e++) {
        const ids = edges[e];
        const perRound = edgeSitesPerRound(ids.length, total, settings.sitesPerRound);
        fed.ledger.record("edge-model-down", modelBytes);
        let t = time + backbone(modelBytes);
        let model = global;
        let samples = 0, steps = 0;
        for (let s = 0; s < settings.edgeRounds; s++) {
          const r = await syncRound(fed, {
            round: (round - 1) * settings.edgeRounds + s + 1,
            key: keyOf(round, e, s),
            start: t,
            candidates: ids,
            sitesPerRound: perRound,
            overcommit: settings.overcommit,
            deadline: settings.deadline,
            strategy: edgeStrategies[e],
            global: model,
          });
          model = r.global;
          t = r.closeTime;
          sampled += r.sampled;
          completed += r.completed;
          samples += r.samples;
          steps += r.completed;
          failures.push(...r.failures);
          lossSum += r.lossSum;
          lossSamples += r.samples;
        }
        if (samples === 0) {
          edgeFailures.push({ siteId: e, reason: "dropped" });
          closeTime = Math.max(closeTime, t);
          continue;
        }
        fed.ledger.record("edge-update-up", modelBytes);
        closeTime = Math.max(closeTime, t + backbone(modelBytes));
        edgeUpdates.push({
          siteId: e,
          weights: model,
          numSamples: samples,
          steps,
          meanLoss: lossSamples > 0 ? lossSum / lossSamples : NaN,
          learningRate: fed.training.learningRate,
        });
      }
      const next = fed.strategy.aggregate(global, edgeUpdates, edgeFailures, round);
      failures.sort((a, b) => a.siteId - b.siteId);
      return {
        global: next,
        closeTime,
        sampled,
        completed,
        failures,
        meanLoss: lossSamples > 0 ? lossSum / lossSamples : NaN,
      };
    },
    state: () => ({ edges: edgeStrategies.map((s) => s.state()), security: securityState(fed) }),
    restore(saved: unknown): void {
      const { edges: states, security } = saved as {
        edges: Record<string, unknown>[];
        security?: unknown;
      };
      restoreSecurity(fed, security);
      if (!Array.isArray(states) || states.length !== edgeStrategies.length) {
        throw new TypeError(
          `Expected ${edgeStrategies.length} edge strategy states but found ${
            Array.isArray(states) ? states.length : typeof states
          }`,
        );
      }
      states.forEach((s, e) => edgeStrategies[e].restore(s));
    },
  };
}
