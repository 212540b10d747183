/** Several runs side by side: headline numbers, overlaid curves, retention per group. */
import type { RunResults } from "../sim/results/results.ts";
import type { ChartSpec } from "./charts.ts";
import { accuracyRows } from "./aggregate.ts";
import { groupRetention } from "../sim/results/groups.ts";
import { chartSlot, escapeHtml, renderPage } from "./html.ts";
import { table } from "./sections.ts";
import { bytes, duration, pct, pp, roundsReached } from "./format.ts";
import { totalBytes } from "./summary.ts";

const SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";

/** One run to compare and the name it goes by in legends and tables. */
export interface LabelledRun {
  label: string;
  results: RunResults;
}

/**
 * A self-contained HTML page comparing runs (e.g. strategies or seeds):
 * final accuracy and gap, accuracy curves overlaid against rounds and
 * simulated time, and each degraded group's retention per run.
 */
export function renderComparison(runs: LabelledRun[]): string {
  if (runs.length === 0) throw new RangeError("Expected at least one run to compare but found 0");
  const seen = new Set<string>();
  for (const { label } of runs) {
    if (seen.has(label)) {
      throw new RangeError(`Expected distinct run labels but found "${label}" twice`);
    }
    seen.add(label);
  }
  const curves = runs.flatMap(({ label, results }) =>
    accuracyRows(results).map((r) => ({
      run: label,
      round: r.round,
      time: r.time,
      accuracy: r.accuracy,
    }))
  );
  const retention = runs.flatMap(({ label, results }) =>
    groupRetention(results).map((g) => ({ run: label, group: g.group, retention: g.retention }))
  ).filter((r) => Number.isFinite(r.retention));
  const central = runs.flatMap(({ label, results }) =>
    results.central && Number.isFinite(results.summary.centralAccuracy)
      ? [{ run: label, accuracy: results.summary.centralAccuracy }]
      : []
  );

  const charts: Record<string, ChartSpec> = {
    "chart-compare-rounds": overlay(curves, central, "round", "round"),
    "chart-compare-time": overlay(curves, central, "time", "simulated time (s)"),
  };
  if (retention.length > 0) charts["chart-compare-retention"] = retentionBars(retention);

  const rows = runs.map(({ label, results: r }) => [
    label,
    r.name,
    String(r.seed),
    pct(r.summary.finalAccuracy),
    pct(r.summary.centralAccuracy),
    pp(r.summary.gap),
    roundsReached(r.summary.roundsTo95),
    duration(r.summary.simulatedSeconds),
    bytes(totalBytes(r)),
  ]);
  const body = [
    `<h1>Comparison of ${runs.length} runs</h1>`,
    table(
      [
        "run",
        "scenario",
        "seed",
        "final",
        "central",
        "gap",
        "95% of central",
        "simulated",
        "bytes",
      ],
      rows,
      [2, 3, 4, 5, 7, 8],
    ),
    "<h2>Accuracy</h2>",
    chartSlot(
      "chart-compare-rounds",
      "Global accuracy per round; dashed: each run's centralised baseline.",
    ),
    chartSlot("chart-compare-time", "The same against simulated time."),
    "<h2>Degraded groups</h2>",
    retention.length > 0
      ? chartSlot(
        "chart-compare-retention",
        "Mean accuracy of each degraded group ÷ full sites, per run.",
      )
      : `<p>${escapeHtml("No run has degraded sites.")}</p>`,
  ].join("\n");
  return renderPage({ title: "Renkei comparison", body, charts });
}

function overlay(
  curves: Record<string, unknown>[],
  central: Record<string, unknown>[],
  x: "round" | "time",
  title: string,
): ChartSpec {
  const color = { field: "run", type: "nominal", title: "run", sort: null };
  return {
    $schema: SCHEMA,
    width: 600,
    height: 260,
    layer: [
      {
        data: { values: curves },
        mark: { type: "line", tooltip: true },
        encoding: {
          x: { field: x, type: "quantitative", title },
          y: { field: "accuracy", type: "quantitative", title: "global test accuracy" },
          color,
        },
      },
      {
        data: { values: central },
        mark: { type: "rule", strokeDash: [6, 4], opacity: 0.7 },
        encoding: { y: { field: "accuracy", type: "quantitative" }, color },
      },
    ],
  };
}

function retentionBars(rows: Record<string, unknown>[]): ChartSpec {
  return {
    $schema: SCHEMA,
    width: 600,
    data: { values: rows },
    mark: { type: "bar", tooltip: true },
    encoding: {
      y: { field: "group", type: "nominal", sort: null, title: null },
      yOffset: { field: "run", sort: null },
      x: {
        field: "retention",
        type: "quantitative",
        title: "accuracy retained vs full sites",
        axis: { format: ".0%" },
      },
      color: { field: "run", type: "nominal", sort: null },
    },
  };
}
