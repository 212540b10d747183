/**
 * What a run carries from round to round, as saved in a checkpoint, and the
 * fingerprint that says whether a checkpoint belongs to a scenario.
 */

import type { SiteState } from "./strategies/mod.ts";
import type { SiteEvaluation } from "./evaluation.ts";
import type { CentralRecord, RoundRecord, TimelineSpan } from "./results.ts";

/** The run's state after a round: everything a resumed run needs. */
export interface RunState {
  /** Fingerprint of the scenario (rounds excluded, so a run can be extended) and seed. */
  fingerprint: string;
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

/** A stable text fingerprint of a scenario and seed, ignoring `training.rounds`. */
export function scenarioFingerprint(scenario: unknown, seed: number): string {
  const s = structuredClone(scenario) as { training?: { rounds?: number; workers?: number } };
  if (s.training) {
    delete s.training.rounds;
    // Worker count never changes results.
    delete s.training.workers;
  }
  const text = JSON.stringify({ seed, scenario: sortKeys(s) });
  // FNV-1a, twice with different offsets, as 16 hex digits: enough to tell scenarios apart.
  let h1 = 0x811c9dc5, h2 = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x01000193) ^ (h2 >>> 15);
  }
  return (h1 >>> 0).toString(16).padStart(8, "0") + (h2 >>> 0).toString(16).padStart(8, "0");
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
