/**
 * Accuracy-target checks: each target in a scenario's `targets` block is
 * measured on one run or on several seeds (mean and worst case); a target
 * passes only when the worst seed meets it, so CI never passes on a lucky seed.
 */
import type { RunResults } from "../sim/results/results.ts";
import type { TargetOutcome, Targets } from "./types.ts";
import { groupRetention, meanFinite } from "../sim/results/groups.ts";

type Measure = (r: RunResults) => number;

/**
 * Checks `targets` against one run or several seeds of the same scenario.
 * `maxGap` is measured as centralised − federated accuracy (a shortfall, so
 * positive means federated is worse); `minRetention` yields one outcome per
 * degraded group. A target that cannot be measured (no centralised baseline,
 * no degraded sites, NaN accuracy) fails with a `note` saying why.
 *
 * @example
 * ```ts
 * import { checkTargets } from "./targets.ts";
 * const run = { summary: { finalAccuracy: 0.7 } } as never;
 * const [outcome] = checkTargets(run, { minAccuracy: 0.6 });
 * if (!outcome.pass || outcome.measured !== 0.7) throw new Error();
 * ```
 */
export function checkTargets(
  results: RunResults | RunResults[],
  targets: Targets,
): TargetOutcome[] {
  const runs = Array.isArray(results) ? results : [results];
  if (runs.length === 0) throw new RangeError("Expected at least one run but found 0");
  const outcomes: TargetOutcome[] = [];
  if (targets.minAccuracy !== undefined) {
    outcomes.push(outcome("minAccuracy", targets.minAccuracy, ">=", runs, finalAccuracy));
  }
  if (targets.maxGap !== undefined) {
    const o = outcome("maxGap", targets.maxGap, "<=", runs, shortfall);
    if (runs.some((r) => !Number.isFinite(r.summary.centralAccuracy))) {
      o.note = "no centralised baseline to compare with (enable baseline)";
    }
    outcomes.push(o);
  }
  if (targets.minRetention !== undefined) {
    outcomes.push(...retentionOutcomes(targets.minRetention, runs));
  }
  if (targets.maxSimulatedSeconds !== undefined) {
    outcomes.push(
      outcome("maxSimulatedSeconds", targets.maxSimulatedSeconds, "<=", runs, simulatedSeconds),
    );
  }
  return outcomes;
}

const finalAccuracy: Measure = (r) => r.summary.finalAccuracy;
const simulatedSeconds: Measure = (r) => r.summary.simulatedSeconds;
const shortfall: Measure = (r) => r.summary.centralAccuracy - r.summary.finalAccuracy;

function outcome(
  name: string,
  threshold: number,
  comparison: ">=" | "<=",
  runs: RunResults[],
  measure: Measure,
): TargetOutcome {
  if (!Number.isFinite(threshold)) {
    throw new TypeError(`Expected targets.${name} to be a finite number but found ${threshold}`);
  }
  const values = runs.map((r) => Number(measure(r)));
  const measurable = values.every(Number.isFinite);
  const measured = measurable ? meanFinite(values) : NaN;
  const worst = !measurable ? NaN : comparison === ">=" ? Math.min(...values) : Math.max(...values);
  const pass = measurable && (comparison === ">=" ? worst >= threshold : worst <= threshold);
  const result: TargetOutcome = {
    name,
    threshold,
    measured,
    worst,
    pass,
    comparison,
    runs: runs.length,
  };
  if (!measurable) result.note = "not measured in every run";
  return result;
}

function retentionOutcomes(threshold: number, runs: RunResults[]): TargetOutcome[] {
  const groups = new Set(runs.flatMap((r) => groupRetention(r).map((g) => g.group)));
  if (groups.size === 0) {
    const o = outcome("minRetention", threshold, ">=", runs, () => NaN);
    o.note = "no degraded sites (small volume, coarse granularity or missing modality)";
    return [o];
  }
  return [...groups].map((group) =>
    outcome(`minRetention[${group}]`, threshold, ">=", runs, (r) => {
      return groupRetention(r).find((g) => g.group === group)?.retention ?? NaN;
    })
  );
}

/**
 * A plain-text table of outcomes for the terminal, one target per line and a
 * closing line that counts the misses.
 *
 * @example
 * ```ts
 * import { formatTargets } from "./targets.ts";
 * const text = formatTargets([{ name: "minAccuracy", threshold: 0.6, measured: 0.7,
 *   worst: 0.7, pass: true, comparison: ">=", runs: 1 }]);
 * if (!text.includes("PASS")) throw new Error();
 * ```
 */
export function formatTargets(outcomes: TargetOutcome[]): string {
  if (outcomes.length === 0) return "no targets set";
  const rows = [["target", "threshold", "measured", "worst", "result"]];
  for (const o of outcomes) {
    rows.push([
      o.name,
      `${o.comparison} ${fmt(o.threshold)}`,
      fmt(o.measured),
      fmt(o.worst),
      (o.pass ? "PASS" : "FAIL") + (o.note ? `  (${o.note})` : ""),
    ]);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const lines = rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c])).join("  ").trimEnd());
  lines.splice(1, 0, widths.map((w) => "-".repeat(w)).join("  "));
  const misses = outcomes.filter((o) => !o.pass).length;
  const seeds = outcomes[0].runs;
  lines.push(
    `${outcomes.length - misses}/${outcomes.length} targets met` +
      (seeds > 1 ? ` (mean and worst of ${seeds} seeds)` : ""),
  );
  return lines.join("\n");
}

/** Four significant digits; large values (seconds) keep their integer part. */
function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  return Math.abs(x) >= 1000 ? x.toFixed(0) : String(Number(x.toPrecision(4)));
}

/**
 * Reads the `targets` block of a resolved scenario, ignoring unknown keys.
 * Returns an empty object when the scenario sets no targets.
 */
export function targetsOf(scenario: unknown): Targets {
  const block = (scenario as { targets?: unknown } | null)?.targets;
  if (block === undefined || block === null) return {};
  if (typeof block !== "object") {
    throw new TypeError(`Expected scenario.targets to be an object but found ${typeof block}`);
  }
  const out: Targets = {};
  for (
    const key of ["minAccuracy", "maxGap", "minRetention", "maxSimulatedSeconds"] as const
  ) {
    const v = (block as Record<string, unknown>)[key];
    if (v === undefined || v === null) continue;
    if (typeof v !== "number") {
      throw new TypeError(`Expected scenario.targets.${key} to be a number but found ${typeof v}`);
    }
    out[key] = v;
  }
  // The seed list is the runner's business (run --check trains each seed); keep it for the record.
  const seeds = (block as Record<string, unknown>).seeds;
  if (Array.isArray(seeds) && seeds.every((s) => typeof s === "number")) out.seeds = seeds;
  return out;
}
