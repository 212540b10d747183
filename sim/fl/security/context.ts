/**
 * The security state of one federation: its settings, the attacking sites
 * and a log of what secure aggregation and input checks did each round.
 * Kept beside the {@link Federation} (keyed by it) rather than in it, so the
 * federation's shape stays the core's; protocols save the log with their
 * checkpoint state.
 */

import type { Scenario } from "../../../scenarios/mod.ts";
import type { Federation } from "../round/federation.ts";
import { chooseAttackers } from "./attack.ts";
import type { PrivacyLoad } from "./accounting.ts";
import { type SecuritySettings, securitySettings } from "./settings.ts";

export type { RejectedUpdate, SecAggRoundRecord } from "../../results/mod.ts";
import type { RejectedUpdate, SecAggRoundRecord } from "../../results/mod.ts";

/** Plain-data log of a run's security events (checkpointed with the protocol). */
export interface SecurityLog {
  secureAggregation: SecAggRoundRecord[];
  rejected: RejectedUpdate[];
}

/** A federation's security settings, attackers and log. */
export interface SecurityContext {
  settings: SecuritySettings;
  /** Site ids that attack (empty without an attack). */
  attackers: ReadonlySet<number>;
  /** dp-fedavg's server learning rate and fixed denominator, for the secure DP path. */
  serverLearningRate: number;
  expectedSites: number | undefined;
  /**
   * Set by a protocol whose sites face mechanisms other than one per round
   * at Σ sampled / N (hierarchical: each edge's own q_e, `edgeRounds` times);
   * the privacy curve then reports the worst site. Fixed by the settings.
   */
  privacyLoads?: PrivacyLoad[];
  log: SecurityLog;
}

const contexts = new WeakMap<Federation, SecurityContext>();

function emptyLog(): SecurityLog {
  return { secureAggregation: [], rejected: [] };
}

/** Reads the scenario's privacy and attack blocks and attaches them to `fed`. */
export function attachSecurity(fed: Federation, scenario: Scenario): SecurityContext {
  const settings = securitySettings(scenario);
  const attack = settings.attack;
  const params = scenario.training.strategy.params;
  const ctx: SecurityContext = {
    settings,
    attackers: new Set(
      attack === null ? [] : chooseAttackers(fed.seed, fed.world.size, attack.fraction),
    ),
    serverLearningRate: typeof params.serverLearningRate === "number"
      ? params.serverLearningRate
      : 1,
    expectedSites: typeof params.expectedSites === "number" ? params.expectedSites : undefined,
    log: emptyLog(),
  };
  contexts.set(fed, ctx);
  return ctx;
}

/** The security context of `fed`; one with nothing enabled when none was attached. */
export function securityOf(fed: Federation): SecurityContext {
  let ctx = contexts.get(fed);
  if (ctx === undefined) {
    ctx = {
      settings: { secureAggregation: null, dp: null, attack: null },
      attackers: new Set(),
      serverLearningRate: 1,
      expectedSites: undefined,
      log: emptyLog(),
    };
    contexts.set(fed, ctx);
  }
  return ctx;
}

/** The log as plain data for a checkpoint. */
export function securityState(fed: Federation): SecurityLog {
  return structuredClone(securityOf(fed).log);
}

/** Restores a log {@link securityState} returned (absent in older checkpoints: kept empty). */
export function restoreSecurity(fed: Federation, saved: unknown): void {
  const log = saved as Partial<SecurityLog> | null | undefined;
  securityOf(fed).log = {
    secureAggregation: [...(log?.secureAggregation ?? [])],
    rejected: [...(log?.rejected ?? [])],
  };
}
