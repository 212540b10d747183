/**
 * The security state of one federation: its settings, the attacking sites
 * and a log of what secure aggregation and input checks did each round.
 * Kept beside the {@link Federation} (keyed by it) rather than in it, so the
 * federation's shape stays the core's; protocols save the log with their
 * checkpoint state.
 */

import type { Scenario } from "../../../scenarios/mod.ts";
import type { Federation } from "../federation.ts";
import { chooseAttackers } from "./attack.ts";
import type { PrivacyLoad } from "./accounting.ts";
import { type SecuritySettings, securitySettings } from "./settings.ts";

/** What secure aggregation did in one round (or at one edge step). */
export interface SecAggRoundRecord {
  round: number;
  /** The decision point, e.g. `round-3` or `round-3/edge-1/step-0`. */
  key: string;
  /** Sites that exchanged keys and masked their update. */
  cohort: number;
  /** Sites whose masked update is in the sum. */
  survivors: number;
  /** Cohort sites whose masked update was not used; their masks were removed through shares. */
  dropped: number;
  threshold: number;
  /** Whether the server recovered the sum (survivors ≥ threshold). */
  recovered: boolean;
  /** Secure-aggregation bytes of the round, all kinds and directions. */
  bytes: number;
  /** Longest secure-aggregation compute of a cohort site, virtual seconds. */
  siteSeconds: number;
  /** Seconds the unmasking round added after the last masked update arrived. */
  unmaskSeconds: number;
  /** Seconds of the server's unmasking work (part of `unmaskSeconds`). */
  serverSeconds: number;
  /** Delta coordinates of the cohort clipped to ±clip by quantisation (recovered rounds). */
  clippedCoordinates?: number;
  /** Delta coordinates the cohort quantised (cohort × model size; 0 when not recovered). */
  coordinates?: number;
  /** Cohort deltas scaled down by the declared clipNorm. */
  normClippedSites?: number;
}

/** An update the server refused, with the site and round named. */
export interface RejectedUpdate {
  round: number;
  siteId: number;
  message: string;
}

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
