/**
 * Synchronous rounds (FedAvg-style): every round samples sites from the whole
 * federation, waits for the first `sitesPerRound` updates before the
 * deadline and aggregates them (through secure aggregation when the
 * scenario enables it; see sim/fl/security).
 */

import type { Federation } from "../round/federation.ts";
import { syncRound } from "../round/sync_round.ts";
import type { Protocol, RoundStep } from "./protocol.ts";
import { restoreSecurity, securityState } from "../security/mod.ts";

/** Settings of synchronous rounds (from `scenario.training`). */
export interface SyncSettings {
  sitesPerRound: number;
  overcommit: number;
  deadline?: number;
}

/** Creates the synchronous protocol; it carries only its security log between rounds. */
export function createSyncProtocol(fed: Federation, settings: SyncSettings): Protocol {
  const everyone = fed.world.sites.map((s) => s.id);
  return {
    name: "sync",
    async step(round: number, time: number, global: Float32Array): Promise<RoundStep> {
      const r = await syncRound(fed, {
        round,
        key: `round-${round}`,
        start: time,
        candidates: everyone,
        sitesPerRound: settings.sitesPerRound,
        overcommit: settings.overcommit,
        deadline: settings.deadline,
        strategy: fed.strategy,
        global,
      });
      return {
        global: r.global,
        closeTime: r.closeTime,
        sampled: r.sampled,
        completed: r.completed,
        failures: r.failures,
        meanLoss: r.meanLoss,
      };
    },
    // The security log (secure-aggregation rounds, rejected updates) is all a sync run carries.
    state: () => ({ security: securityState(fed) }),
    restore: (saved: unknown) => restoreSecurity(fed, (saved as { security?: unknown })?.security),
  };
}
