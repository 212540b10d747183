/**
 * The report over all seeds of one scenario: the summary table with 95 %
 * intervals, accuracy and gap curves with their 95 % bands per round, and
 * links to each seed's own report.
 */
import type { RunResults } from "../../sim/results/results.ts";
import { bandChart, gapLines } from "../gap_charts.ts";
import type { ChartSpec } from "../charts.ts";
import { chartSlot, escapeHtml, renderPage } from "../html.ts";
import { table } from "../sections.ts";
import { targetsOf } from "../targets.ts";
import { meanInterval } from "./intervals.ts";
import type { SeedSummary } from "./seed_summary.ts";

/** Per-round mean and 95 % interval over seeds of `value` (rounds where any seed has it). */
export function roundBands(
  runs: readonly RunResults[],
  value: (run: RunResults, round: RunResults["rounds"][number]) => number,
): { round: number; time: number; mean: number; low: number; high: number }[] {
  const byRound = new Map<number, { values: number[]; times: number[] }>();
  for (const run of runs) {
    for (const r of run.rounds) {
      const v = value(run, r);
      if (!Number.isFinite(v)) continue;
      const entry = byRound.get(r.round) ?? { values: [], times: [] };
      entry.values.push(v);
      entry.times.push(r.time);
      byRound.set(r.round, entry);
    }
  }
  return [...byRound].sort(([a], [b]) => a - b).map(([round, { values, times }]) => {
    const { mean, low, high } = meanInterval(values);
    return { round, time: meanInterval(times).mean, mean, low, high };
  });
}

function fmt(metric: string, x: number): string {
  if (!Number.isFinite(x)) return "–";
  if (metric.startsWith("rounds")) return x.toFixed(1);
  if (metric.startsWith("time") || metric === "simulatedSeconds") return x.toFixed(0);
  return x.toFixed(4);
}

/** One HTML page over every seed of a scenario. */
export function renderSeedsReport(summary: SeedSummary, runs: readonly RunResults[]): string {
  const specs: Record<string, ChartSpec> = {};
  const slot = (id: string, spec: ChartSpec, caption: string) => {
    specs[id] = spec;
    return chartSlot(id, caption);
  };
  const central = summary.metrics.find((m) => m.metric === "centralAccuracy")?.mean ?? NaN;
  let maxGap: number | undefined;
  try {
    maxGap = targetsOf(runs[0].scenario).maxGap;
  } catch {
    maxGap = undefined; // a malformed block is the checker's to report
  }
  const accuracy = roundBands(runs, (_, r) => r.accuracy);
  const gap = roundBands(runs, (run, r) => r.accuracy - run.summary.centralAccuracy);
  const html = [
    `<h1>${escapeHtml(summary.scenario)}: ${summary.seeds.length} seeds</h1>`,
    `<p>Seeds ${escapeHtml(summary.seeds.join(", "))}. Every number is the mean over seeds with ` +
    "its t-based 95% confidence interval; n is the number of seeds that measured it.</p>",
    table(
      ["metric", "n", "mean", "sd", "95% CI low", "95% CI high"],
      summary.metrics.map((m) => [
        m.metric,
        `${m.n}/${m.values.length}`,
        fmt(m.metric, m.mean),
        fmt(m.metric, m.sd),
        fmt(m.metric, m.low),
        fmt(m.metric, m.high),
      ]),
      [1, 2, 3, 4, 5],
    ),
    "<h2>Accuracy</h2>",
  ];
  if (accuracy.length > 0) {
    html.push(slot(
      "chart-seeds-accuracy",
      bandChart(accuracy, "round", "global test accuracy", [{
        value: central,
        label: "centralised",
      }]),
      "Mean global accuracy over seeds per round; band: 95% interval over seeds; dashed: centralised (mean).",
    ));
  }
  if (gap.length > 0 && Number.isFinite(central)) {
    html.push(
      slot(
        "chart-seeds-gap-rounds",
        bandChart(gap, "round", "federated − centralised", gapLines(central, maxGap)),
        "Gap to the centralised baseline per round (mean, 95% band); dashed: 95% and 99% of central, target.",
      ),
      slot(
        "chart-seeds-gap-time",
        bandChart(gap, "time", "federated − centralised", gapLines(central, maxGap)),
        "The same against simulated time (mean time of the round over seeds).",
      ),
    );
  }
  html.push(
    "<h2>Seeds</h2><ul>",
    ...summary.runs.map((dir) =>
      `<li><a href="${escapeHtml(dir)}/report.html">${escapeHtml(dir)}</a></li>`
    ),
    "</ul>",
  );
  return renderPage({
    title: `Renkei report: ${summary.scenario} over ${summary.seeds.length} seeds`,
    body: html.join("\n"),
    charts: specs,
  });
}
