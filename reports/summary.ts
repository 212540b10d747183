/** The few headline lines the CLI prints after a run. */
import type { RunResults } from "../sim/results/results.ts";
import { bytes, duration, pct, pp, roundsReached } from "./format.ts";

/** Total bytes over every message kind. */
export function totalBytes(results: RunResults): number {
  return Object.values(results.summary.bytesByKind).reduce((a, b) => a + b, 0);
}

/**
 * Headline numbers of a run as a few aligned lines: final and centralised
 * accuracy, the gap, when 95% and 99% of centralised accuracy was reached,
 * bytes moved, simulated and wall time.
 *
 * @example
 * ```ts
 * import { formatSummary } from "./summary.ts";
 * const text = formatSummary({ name: "demo", seed: 1, rounds: [], summary: {
 *   finalAccuracy: 0.8, centralAccuracy: 0.85, gap: -0.05, roundsTo95: 12, timeTo95: 300,
 *   roundsTo99: null, timeTo99: null, simulatedSeconds: 900, wallSeconds: 4,
 *   bytesByKind: { model: 1e6 } } } as never);
 * if (!text.includes("80.0%")) throw new Error();
 * ```
 */
export function formatSummary(results: RunResults): string {
  const s = results.summary;
  const reach = (r: number | null, t: number | null) =>
    r === null ? "not reached" : `${roundsReached(r)} (${duration(t)} simulated)`;
  const lines: [string, string][] = [
    ["scenario", `${results.name} (seed ${results.seed}, ${results.rounds.length} rounds)`],
    ["final accuracy", pct(s.finalAccuracy)],
    ["centralised", pct(s.centralAccuracy)],
    ["gap", pp(s.gap)],
    ["95% of central", reach(s.roundsTo95, s.timeTo95)],
    ["99% of central", reach(s.roundsTo99, s.timeTo99)],
    ["bytes moved", bytes(totalBytes(results))],
    ["simulated time", duration(s.simulatedSeconds)],
    ["wall time", duration(s.wallSeconds)],
  ];
  const width = Math.max(...lines.map(([k]) => k.length));
  return lines.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join("\n");
}
