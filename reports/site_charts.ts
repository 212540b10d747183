/**
 * Charts of sites with their uncertainty: per-site accuracy with Wilson
 * intervals (never clipped at 1.0), group retention with bootstrap intervals,
 * participation against site size, and failures by cause.
 */
import type { ChartSpec } from "./charts.ts";
import type { GroupAccuracyRow, SiteAccuracyRow } from "./site_stats.ts";

// deno-lint-ignore no-explicit-any
type Row = Record<string, any>;

const SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";
const WIDTH = 560;
const CONDITION_COLOURS = {
  domain: ["full", "small volume", "coarse granularity", "missing modality"],
  range: ["#4c78a8", "#e45756", "#f58518", "#b279a2"],
};
/** Pixels kept free beyond the data on each side, so a mark at 1.0 is drawn whole. */
const EDGE_PADDING = 12;

const round4 = (x: number) => Math.round(x * 1e4) / 1e4;

/** An accuracy axis zoomed to [lowest interval bound, highest], padded so nothing sits on the edge. */
function accuracyScale(lows: number[], highs: number[]): Row {
  const lo = Math.min(...lows.filter(Number.isFinite));
  const hi = Math.max(...highs.filter(Number.isFinite));
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return { zero: false };
  return { domain: [round4(lo), round4(hi)], nice: false, zero: false, padding: EDGE_PADDING };
}

/** Each site's accuracy (tick) with its Wilson 95 % interval (line), and group means. */
export function siteIntervalChart(rows: SiteAccuracyRow[]): ChartSpec {
  const values = rows.map((r) => ({
    ...r,
    accuracy: round4(r.accuracy),
    low: round4(r.low),
    high: round4(r.high),
  }));
  const scale = accuracyScale(values.map((r) => r.low), values.map((r) => r.high));
  const x = {
    field: "accuracy",
    type: "quantitative",
    title: "final model accuracy on the site's own evaluation samples (line: Wilson 95%)",
    scale,
  };
  const y = { field: "group", type: "nominal", title: null, sort: null };
  const colour = { field: "condition", type: "nominal", scale: CONDITION_COLOURS, title: "site" };
  return {
    $schema: SCHEMA,
    width: WIDTH,
    height: { step: 34 },
    data: { values },
    layer: [
      {
        mark: { type: "rule", opacity: 0.25, yOffset: 6 },
        encoding: { x: { ...x, field: "low" }, x2: { field: "high" }, y, color: colour },
      },
      {
        mark: { type: "tick", thickness: 2, opacity: 0.6 },
        encoding: {
          x,
          y,
          color: colour,
          tooltip: [
            { field: "siteId" },
            { field: "group" },
            { field: "accuracy" },
            { field: "n", title: "evaluation samples" },
            { field: "low", title: "95% low" },
            { field: "high", title: "95% high" },
            { field: "trainSamples", title: "training samples" },
          ],
        },
      },
      {
        mark: { type: "point", shape: "diamond", size: 120, filled: true, color: "black" },
        encoding: {
          x: { aggregate: "mean", field: "accuracy", type: "quantitative", scale },
          y,
          tooltip: [{ aggregate: "mean", field: "accuracy", title: "group mean", format: ".3f" }],
        },
      },
    ],
  };
}

/** Retention of each degraded group (point) with its bootstrap 95 % interval, 1 and the target. */
export function retentionIntervalChart(rows: GroupAccuracyRow[], target?: number): ChartSpec {
  const values = rows.filter((r) => Number.isFinite(r.retention)).map((r) => ({
    group: r.group,
    condition: r.condition,
    retention: round4(r.retention),
    low: round4(Number.isFinite(r.retentionLow) ? r.retentionLow : r.retention),
    high: round4(Number.isFinite(r.retentionHigh) ? r.retentionHigh : r.retention),
  }));
  const rules = [{ value: 1, label: "full sites" }];
  if (target !== undefined) rules.push({ value: target, label: "target" });
  const scale = accuracyScale(
    [...values.map((r) => r.low), ...rules.map((r) => r.value)],
    [...values.map((r) => r.high), ...rules.map((r) => r.value)],
  );
  const y = { field: "group", type: "nominal", sort: null, title: null };
  const x = { type: "quantitative", scale };
  return {
    $schema: SCHEMA,
    width: WIDTH,
    layer: [
      {
        data: { values },
        mark: { type: "rule", strokeWidth: 2 },
        encoding: {
          y,
          x: { ...x, field: "low", title: "accuracy retained vs full sites (bootstrap 95%)" },
          x2: { field: "high" },
          color: { field: "condition", type: "nominal", scale: CONDITION_COLOURS, title: "site" },
        },
      },
      {
        data: { values },
        mark: { type: "point", filled: true, size: 90, tooltip: true },
        encoding: {
          y,
          x: { ...x, field: "retention" },
          color: { field: "condition", type: "nominal", scale: CONDITION_COLOURS, title: "site" },
        },
      },
      {
        data: { values: rules },
        mark: { type: "rule", strokeDash: [4, 3], color: "black" },
        encoding: { x: { ...x, field: "value" }, tooltip: [{ field: "label" }] },
      },
      {
        data: { values: rules },
        mark: { type: "text", align: "left", dx: 3, y: 0, baseline: "top", fontSize: 10 },
        encoding: { x: { ...x, field: "value" }, text: { field: "label" } },
      },
    ],
  };
}

/** Rounds each site took part in against its training samples, coloured by condition. */
export function participationBySiteChart(rows: Row[]): ChartSpec {
  return {
    $schema: SCHEMA,
    width: WIDTH,
    height: 240,
    data: { values: rows },
    mark: { type: "point", filled: true, opacity: 0.7, tooltip: true },
    encoding: {
      x: {
        field: "trainSamples",
        type: "quantitative",
        title: "training samples (log scale)",
        scale: { type: "log" },
      },
      y: {
        field: "participated",
        type: "quantitative",
        title: "rounds participated",
        axis: { tickMinStep: 1, format: "d" },
      },
      color: { field: "condition", type: "nominal", scale: CONDITION_COLOURS, title: "site" },
      shape: { field: "group", type: "nominal", title: "group" },
    },
  };
}

/** Failed sites per round stacked by cause (offline, late, dropped, diverged, rejected). */
export function failuresByCauseChart(rows: Row[]): ChartSpec {
  return {
    $schema: SCHEMA,
    width: WIDTH,
    height: 200,
    data: { values: rows },
    mark: { type: "bar", tooltip: true },
    encoding: {
      x: { field: "round", type: "quantitative", axis: { tickMinStep: 1, format: "d" } },
      y: { field: "sites", type: "quantitative", stack: true, title: "failed sites" },
      color: {
        field: "cause",
        type: "nominal",
        title: "cause",
        scale: {
          domain: ["offline", "late (deadline)", "dropped", "diverged", "rejected", "unrecorded"],
          range: ["#e45756", "#f58518", "#b279a2", "#9d755d", "#54a24b", "#bab0ac"],
        },
      },
    },
  };
}
