/**
 * One scenario over several seeds: each headline metric with its mean, sd and
 * t-based 95 % interval, so a reviewer can tell signal from seed noise. What
 * `DIR/summary.json`, `DIR/summary.csv` and the seeds report show.
 */
import type { RunResults } from "../../sim/results/results.ts";
import { groupRetention } from "../../sim/results/groups.ts";
import { targetsOf } from "../targets.ts";
import { type MeanInterval, meanInterval } from "./intervals.ts";

/** One metric over the seeds. */
export interface SeedMetric extends MeanInterval {
  /** e.g. `finalAccuracy`, `retention[tenth-volume]`. */
  metric: string;
  /** One value per seed, in seed order (NaN where not measured or not reached). */
  values: number[];
}

/** What `summary.json` holds. */
export interface SeedSummary {
  scenario: string;
  seeds: number[];
  /** Seed folders relative to the summary's directory, in seed order. */
  runs: string[];
  metrics: SeedMetric[];
}

type Measure = (r: RunResults) => number | null | undefined;

/** Headline metrics, in the order the table shows them. */
const HEADLINE: [string, Measure][] = [
  ["finalAccuracy", (r) => r.summary.finalAccuracy],
  ["centralAccuracy", (r) => r.summary.centralAccuracy],
  ["gap", (r) => r.summary.gap],
  ["roundsTo95", (r) => r.summary.roundsTo95],
  ["timeTo95", (r) => r.summary.timeTo95],
  ["roundsTo99", (r) => r.summary.roundsTo99],
  ["timeTo99", (r) => r.summary.timeTo99],
  ["simulatedSeconds", (r) => r.summary.simulatedSeconds],
];

/** The scenario's minAccuracy target, if it sets one readable. */
function minAccuracyOf(results: RunResults): number | undefined {
  try {
    return targetsOf(results.scenario).minAccuracy;
  } catch {
    return undefined; // a malformed block is the checker's to report
  }
}

/**
 * The first evaluated round (and its simulated time) whose global accuracy
 * reaches `target`; null when none does (FedScale's time-to-accuracy).
 */
export function firstReaching(
  results: Pick<RunResults, "rounds">,
  target: number,
): { round: number; time: number } | null {
  const hit = results.rounds.find((r) => Number.isFinite(r.accuracy) && r.accuracy >= target);
  return hit === undefined ? null : { round: hit.round, time: hit.time };
}

/** The privacy budget spent by the end of a run (NaN without DP). */
export function finalEpsilon(results: RunResults): number {
  const points = results.extras?.privacy;
  if (!Array.isArray(points) || points.length === 0) return NaN;
  const last = points[points.length - 1] as { epsilon?: unknown };
  return typeof last.epsilon === "number" ? last.epsilon : NaN;
}

/**
 * Summarises runs of one scenario (one per seed): the headline metrics,
 * retention of every degraded group, and ε where differential privacy is on.
 * "Not reached" (null) counts as NaN: the metric's `n` then says how many
 * seeds reached it.
 *
 * @example
 * ```ts
 * import { seedSummary } from "./seed_summary.ts";
 * const run = (seed: number, a: number) => ({ name: "s", seed, sites: [], extras: {},
 *   summary: { finalAccuracy: a, centralAccuracy: 0.9, gap: a - 0.9, roundsTo95: null } }) as never;
 * const s = seedSummary([run(1, 0.8), run(2, 0.82)], ["seed-1", "seed-2"]);
 * const acc = s.metrics.find((m) => m.metric === "finalAccuracy")!;
 * if (Math.abs(acc.mean - 0.81) > 1e-12 || s.metrics.find((m) => m.metric === "roundsTo95")!.n !== 0) {
 *   throw new Error();
 * }
 * ```
 */
export function seedSummary(runs: readonly RunResults[], dirs: readonly string[]): SeedSummary {
  if (runs.length === 0) throw new RangeError("Expected at least one run but found 0");
  const metric = (name: string, measure: Measure): SeedMetric => {
    const values = runs.map((r) => {
      const v = measure(r);
      return typeof v === "number" ? v : NaN;
    });
    return { metric: name, values, ...meanInterval(values) };
  };
  const metrics = HEADLINE.map(([name, measure]) => metric(name, measure));
  const target = minAccuracyOf(runs[0]);
  if (target !== undefined) {
    // Time-to-accuracy for the scenario's own target, beside 95 % / 99 % of central.
    metrics.push(metric("roundsToTarget", (r) => firstReaching(r, target)?.round));
    metrics.push(metric("timeToTarget", (r) => firstReaching(r, target)?.time));
  }
  const groups = [...new Set(runs.flatMap((r) => groupRetention(r).map((g) => g.group)))];
  for (const group of groups) {
    const of = (r: RunResults) => groupRetention(r).find((g) => g.group === group);
    metrics.push(metric(`retention[${group}]`, (r) => of(r)?.retention));
    metrics.push(metric(`accuracy[${group}]`, (r) => of(r)?.meanAccuracy));
  }
  if (groups.length > 0) {
    metrics.push(metric("accuracy[full sites]", (r) => groupRetention(r)[0]?.fullAccuracy));
  }
  if (runs.some((r) => Number.isFinite(finalEpsilon(r)))) {
    metrics.push(metric("epsilon", finalEpsilon));
  }
  return { scenario: runs[0].name, seeds: runs.map((r) => r.seed), runs: [...dirs], metrics };
}

/** `summary.csv`: one row per metric, one column per statistic, then the per-seed values. */
export function seedSummaryCsv(summary: SeedSummary): string {
  const header = ["metric", "n", "mean", "sd", "ci95_low", "ci95_high"];
  header.push(...summary.seeds.map((s) => `seed_${s}`));
  const cell = (x: number) => Number.isFinite(x) ? String(x) : "";
  const rows = summary.metrics.map((m) =>
    [m.metric, String(m.n), ...[m.mean, m.sd, m.low, m.high, ...m.values].map(cell)].join(",")
  );
  return [header.join(","), ...rows].join("\n") + "\n";
}

/** Accuracies and ratios to four decimals, rounds to one, seconds to whole seconds. */
function digits(metric: string): number {
  if (metric.startsWith("rounds")) return 1;
  if (metric.startsWith("time") || metric === "simulatedSeconds") return 0;
  if (metric === "epsilon") return 3;
  return 4;
}

/**
 * The summary as an aligned table for the terminal: metric, n, mean, sd and
 * the 95 % interval (also as ± half-width, the width a reviewer compares).
 */
export function formatSeedSummary(summary: SeedSummary): string {
  const rows = [["metric", "n", "mean", "sd", "95% CI", "±"]];
  for (const m of summary.metrics) {
    const d = digits(m.metric);
    const f = (x: number) => Number.isFinite(x) ? x.toFixed(d) : "–";
    const ci = Number.isFinite(m.low) ? `[${f(m.low)}, ${f(m.high)}]` : "–";
    const half = Number.isFinite(m.low) ? ((m.high - m.low) / 2).toFixed(d) : "–";
    rows.push([m.metric, `${m.n}/${m.values.length}`, f(m.mean), f(m.sd), ci, half]);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const lines = rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c])).join("  ").trimEnd());
  lines.splice(1, 0, widths.map((w) => "-".repeat(w)).join("  "));
  lines.unshift(
    `${summary.scenario}: ${summary.seeds.length} seeds (${summary.seeds.join(", ")}); ` +
      "mean, sd and t-based 95% interval over seeds",
  );
  return lines.join("\n");
}
