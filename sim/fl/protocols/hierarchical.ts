/**
 * Hierarchical training (sites → edge aggregator → cloud): each cloud round,
 * every edge aggregator receives the global model over the backbone, runs
 * `edgeRounds` synchronous rounds with its own sites and its own instance of
 * the scenario's strategy, and sends its model back; the cloud averages the
 * edge models weighted by the samples they aggregated. Edges work in
 * parallel on the virtual clock; the cloud round ends with the slowest edge.
 */

import { transferSeconds } from "../../world/mod.ts";
import type { Federation } from "../federation.ts";
import { vectorBytes } from "../messages.ts";
import type { SiteFailure, SiteUpdate, Strategy } from "../strategies/mod.ts";
import { syncRound } from "../sync_round.ts";
import type { Protocol, RoundStep } from "./protocol.ts";
import { restoreSecurity, securityState } from "../security/mod.ts";

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

/**
 * Creates the hierarchical protocol. `makeStrategy` builds each edge's
 * strategy (already initialised); `fed.strategy` aggregates at the cloud.
 */
export function createHierarchicalProtocol(
  fed: Federation,
  settings: HierarchicalSettings,
  makeStrategy: () => Strategy,
): Protocol {
  const edges = assignEdges(fed, settings.groupsBy).filter((ids) => ids.length > 0);
  const edgeStrategies = edges.map(() => makeStrategy());
  const total = fed.world.size;
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
        const perRound = Math.max(1, Math.round((settings.sitesPerRound * ids.length) / total));
        fed.ledger.record("edge-model-down", modelBytes);
        let t = time + backbone(modelBytes);
        let model = global;
        let samples = 0, steps = 0;
        for (let s = 0; s < settings.edgeRounds; s++) {
          const r = await syncRound(fed, {
            round: (round - 1) * settings.edgeRounds + s + 1,
            key: `round-${round}/edge-${e}/step-${s}`,
            start: t,
            candidates: ids,
            sitesPerRound: Math.min(perRound, ids.length),
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
          if (r.samples > 0) {
            lossSum += r.meanLoss * r.samples;
            lossSamples += r.samples;
          }
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
