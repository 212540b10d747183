/**
 * The run's headline numbers: final accuracy, the gap to the centralised
 * baseline and how many rounds and simulated seconds it took to reach 95%
 * and 99% of the centralised accuracy. A pure function of the records.
 */

import type { CentralRecord, RoundRecord, Summary } from "./results.ts";

/** Fractions of the centralised accuracy the summary reports the time to reach. */
export const TARGET_FRACTIONS = { to95: 0.95, to99: 0.99 } as const;

/** The last round that was evaluated, or undefined when none was. */
export function lastEvaluated(rounds: readonly RoundRecord[]): RoundRecord | undefined {
  for (let i = rounds.length - 1; i >= 0; i--) {
    if (!Number.isNaN(rounds[i].accuracy)) return rounds[i];
  }
  return undefined;
}

/**
 * The first evaluated round whose accuracy reaches `fraction` × `reference`,
 * or null when none does (or there is no reference).
 *
 * @example
 * ```ts
 * import { firstReaching } from "./summary.ts";
 * const r = (round: number, accuracy: number) =>
 *   ({ round, time: round * 10, accuracy, loss: 0, sampled: 1, completed: 1, failed: 0, bytesDown: 0, bytesUp: 0 });
 * firstReaching([r(1, 0.5), r(2, 0.8), r(3, 0.9)], 0.9, 0.95)?.round; // 3 (0.855 is the bar)
 * ```
 */
export function firstReaching(
  rounds: readonly RoundRecord[],
  reference: number,
  fraction: number,
): RoundRecord | null {
  if (!Number.isFinite(reference)) return null;
  const bar = reference * fraction;
  for (const r of rounds) {
    if (!Number.isNaN(r.accuracy) && r.accuracy >= bar) return r;
  }
  return null;
}

/** Builds the {@link Summary} of a run from its records. */
export function summarize(
  rounds: readonly RoundRecord[],
  central: CentralRecord | null,
  bytesByKind: Record<string, number>,
  wallSeconds: number,
): Summary {
  const last = lastEvaluated(rounds);
  const finalAccuracy = last?.accuracy ?? NaN;
  const centralAccuracy = central?.accuracy ?? NaN;
  const r95 = firstReaching(rounds, centralAccuracy, TARGET_FRACTIONS.to95);
  const r99 = firstReaching(rounds, centralAccuracy, TARGET_FRACTIONS.to99);
  return {
    finalAccuracy,
    centralAccuracy,
    gap: finalAccuracy - centralAccuracy,
    roundsTo95: r95?.round ?? null,
    timeTo95: r95?.time ?? null,
    roundsTo99: r99?.round ?? null,
    timeTo99: r99?.time ?? null,
    simulatedSeconds: rounds.length > 0 ? rounds[rounds.length - 1].time : 0,
    wallSeconds,
    bytesByKind,
  };
}

/**
 * How many of a round's failures had each cause, so a report can tell
 * offline sites from late, dropped or rejected ones.
 *
 * @example
 * ```ts
 * import { failuresByCause } from "./summary.ts";
 * const by = failuresByCause([{ siteId: 1, reason: "offline" }, { siteId: 2, reason: "offline" }]);
 * if (by.offline !== 2) throw new Error();
 * ```
 */
export function failuresByCause(
  failures: readonly { reason: string }[],
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of failures) out[f.reason] = (out[f.reason] ?? 0) + 1;
  return out;
}
