/**
 * What a run carries from round to round, as saved in a checkpoint, and the
 * fingerprint that says whether a checkpoint belongs to a scenario.
 */

import type { Scenario } from "../../../scenarios/mod.ts";
import type { SiteState } from "../strategies/mod.ts";
import type { SiteEvaluation } from "../evaluation.ts";
import type { CentralRecord, RoundRecord, TimelineSpan } from "../../results/results.ts";

/** The run's state after a round: everything a resumed run needs. */
export interface RunState {
  /** Fingerprint of the scenario (rounds excluded, so a run can be extended) and seed. */
  fingerprint: string;
  /** The fingerprinted settings themselves, so a mismatch can name what differs. */
  settings?: unknown;
  round: number;
  time: number;
  global: Float32Array;
  strategy: Record<string, unknown>;
  protocol: unknown;
  siteStates: SiteState[];
  rounds: RoundRecord[];
  timeline: TimelineSpan[];
  participated: number[];
  failed: number[];
  ledger: { bytes: Record<string, number>; count: Record<string, number> };
  siteEvaluations: SiteEvaluation[];
  central: CentralRecord | null;
  /** Wall seconds spent before this checkpoint (so a resumed run reports the total). */
  wallSeconds: number;
}

/**
 * The settings a checkpoint must share with the run that resumes it: the
 * scenario with keys sorted, without `training.rounds` (a run may be
 * extended) and without the worker count (it never changes results), and the seed.
 */
export function fingerprintSettings(scenario: unknown, seed: number): unknown {
  const s = structuredClone(scenario) as { training?: { rounds?: number; workers?: number } };
  if (s.training) {
    delete s.training.rounds;
    delete s.training.workers;
  }
  // Seed first, then the sorted scenario: the order fingerprints have always hashed.
  return { seed, scenario: sortKeys(s) };
}

/** A stable text fingerprint of a scenario and seed, ignoring `training.rounds`. */
export function scenarioFingerprint(scenario: unknown, seed: number): string {
  const text = JSON.stringify(fingerprintSettings(scenario, seed));
  // FNV-1a, twice with different offsets, as 16 hex digits: enough to tell scenarios apart.
  let h1 = 0x811c9dc5, h2 = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x01000193) ^ (h2 >>> 15);
  }
  return (h1 >>> 0).toString(16).padStart(8, "0") + (h2 >>> 0).toString(16).padStart(8, "0");
}

/**
 * The settings that differ between two {@linkcode fingerprintSettings}, each
 * as `path: before → now`, e.g. `seed: 1 → 2`.
 *
 * @example
 * ```ts
 * import { settingDifferences } from "./run_state.ts";
 * const d = settingDifferences({ seed: 1, scenario: { a: 1 } }, { seed: 2, scenario: { a: 1 } });
 * if (d[0] !== "seed: 1 → 2") throw new Error("example failed");
 * ```
 */
export function settingDifferences(before: unknown, now: unknown, path = ""): string[] {
  const isObject = (x: unknown): x is Record<string, unknown> =>
    typeof x === "object" && x !== null && !Array.isArray(x);
  if (isObject(before) && isObject(now)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(now)])].sort();
    return keys.flatMap((k) =>
      settingDifferences(before[k], now[k], path === "" || path === "scenario" ? k : `${path}.${k}`)
    );
  }
  if (JSON.stringify(before) === JSON.stringify(now)) return [];
  const show = (x: unknown) => x === undefined ? "(absent)" : JSON.stringify(x);
  return [`${path}: ${show(before)} → ${show(now)}`];
}

function sortKeys(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(sortKeys);
  if (typeof x === "object" && x !== null) {
    return Object.fromEntries(
      Object.keys(x).sort().map((k) => [k, sortKeys((x as Record<string, unknown>)[k])]),
    );
  }
  return x;
}

/**
 * The scenario as results record it: without how the run was executed
 * (worker threads), which never changes a number, so equal results hashes
 * mean equal science. The run directory's manifest records the execution.
 */
export function withoutExecution(scenario: Scenario): Scenario {
  const { workers: _workers, ...training } = scenario.training;
  return { ...scenario, training };
}
