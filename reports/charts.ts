/**
 * Vega-Lite specifications of the report's charts. Each function takes rows
 * already aggregated by `aggregate.ts` and returns a plain spec object, so the
 * specs are testable without a browser.
 */

// deno-lint-ignore no-explicit-any
type Row = Record<string, any>;
/** A Vega-Lite specification, as the JSON vega-embed accepts. */
export type ChartSpec = Record<string, unknown>;

import { zoomedScale } from "./gap_charts.ts";

const SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";
const WIDTH = 560;
const HEIGHT = 240;
/** Colours for site conditions: full sites grey-blue, degraded ones stand out. */
const CONDITION_COLOURS = {
  domain: ["full", "small volume", "coarse granularity", "missing modality"],
  range: ["#4c78a8", "#e45756", "#f58518", "#b279a2"],
};
const STATE_COLOURS = {
  domain: ["download", "compute", "upload", "idle", "offline"],
  range: ["#72b7b2", "#4c78a8", "#54a24b", "#e0e0e0", "#e45756"],
};

/**
 * Accuracy against `x` ("round" or "time") with the centralised accuracy as a
 * dashed, labelled rule. The y axis is zoomed to the data (a 3-point gap is
 * invisible on 0–1); a checkbox under the chart switches to the 0–1 view.
 * Rounds are whole numbers on the axis.
 */
export function accuracyChart(rows: Row[], x: "round" | "time", central: number | null): ChartSpec {
  const title = x === "round" ? "round" : "simulated time (s)";
  const lines = central !== null && Number.isFinite(central) ? [central] : [];
  const y = {
    field: "accuracy",
    type: "quantitative",
    title: "global test accuracy",
    // Zoomed to the later rounds (the climb from chance would flatten a 3-point gap).
    scale: zoomedScale(rows, ["accuracy"], lines, "unitAxis", [0, 1]),
  };
  const xAxis = x === "round"
    ? { field: x, type: "quantitative", title, axis: { tickMinStep: 1, format: "d" } }
    : { field: x, type: "quantitative", title };
  const layers: ChartSpec[] = [{
    mark: { type: "line", point: rows.length <= 60, tooltip: true, color: "#4c78a8", clip: true },
    encoding: { x: xAxis, y },
  }];
  if (central !== null && Number.isFinite(central)) {
    const label = `centralised ${(central * 100).toFixed(1)}%`;
    const rule = { values: [{ accuracy: central, label }] };
    layers.push(
      {
        data: rule,
        mark: { type: "rule", strokeDash: [6, 4], strokeWidth: 2, color: "#222222" },
        encoding: { y: { field: "accuracy", type: "quantitative" } },
      },
      {
        data: rule,
        mark: { type: "text", align: "right", dy: -7, x: "width", fontSize: 11 },
        encoding: { y: { field: "accuracy", type: "quantitative" }, text: { field: "label" } },
      },
    );
  }
  return {
    $schema: SCHEMA,
    width: WIDTH,
    height: HEIGHT,
    params: [{ name: "unitAxis", value: false, bind: { input: "checkbox", name: "0–1 axis " } }],
    data: { values: rows },
    layer: layers,
  };
}

/** Each site's accuracy as a tick per group, degraded sites coloured by condition. */
export function siteAccuracyChart(rows: Row[]): ChartSpec {
  return {
    $schema: SCHEMA,
    width: WIDTH,
    height: { step: 34 },
    data: { values: rows },
    layer: [
      {
        mark: { type: "tick", thickness: 2, opacity: 0.6 },
        encoding: {
          x: {
            field: "accuracy",
            type: "quantitative",
            title: "final model accuracy on the site's own test data",
            scale: { zero: false },
          },
          y: { field: "group", type: "nominal", title: null, sort: null },
          color: { field: "condition", type: "nominal", scale: CONDITION_COLOURS, title: "site" },
          tooltip: [{ field: "siteId" }, { field: "group" }, { field: "accuracy" }, {
            field: "samples",
          }],
        },
      },
      {
        mark: { type: "point", shape: "diamond", size: 120, filled: true, color: "black" },
        encoding: {
          x: { aggregate: "mean", field: "accuracy", type: "quantitative", scale: { zero: false } },
          y: { field: "group", type: "nominal", sort: null },
          tooltip: [{ aggregate: "mean", field: "accuracy", title: "group mean", format: ".3f" }],
        },
      },
    ],
  };
}

/** Retention (group mean ÷ full-site mean) per degraded group, with 1 and the target drawn in. */
export function retentionChart(rows: Row[], target: number | undefined): ChartSpec {
  const rules = [{ value: 1, label: "full sites" }];
  if (target !== undefined) rules.push({ value: target, label: "target" });
  return {
    $schema: SCHEMA,
    width: WIDTH,
    layer: [
      {
        data: { values: rows },
        mark: { type: "bar", tooltip: true },
        encoding: {
          y: { field: "group", type: "nominal", sort: null, title: null },
          x: {
            field: "retention",
            type: "quantitative",
            title: "accuracy retained vs full sites",
            axis: { format: ".0%" },
          },
          color: { field: "condition", type: "nominal", scale: CONDITION_COLOURS, title: "site" },
        },
      },
      {
        data: { values: rules },
        mark: { type: "rule", strokeDash: [4, 3], color: "black" },
        encoding: { x: { field: "value", type: "quantitative" }, tooltip: [{ field: "label" }] },
      },
    ],
  };
}

export { partitionChart } from "./partition_chart.ts";

/** Share of each group's sites that observe each modality. */
export function modalityChart(rows: Row[]): ChartSpec {
  const encoding = {
    x: { field: "modality", type: "nominal", title: null, axis: { labelAngle: 0, orient: "top" } },
    y: { field: "group", type: "nominal", title: null, sort: null },
  };
  return {
    $schema: SCHEMA,
    width: { step: 90 },
    height: { step: 26 },
    data: { values: rows },
    layer: [
      {
        mark: "rect",
        encoding: {
          ...encoding,
          color: {
            field: "available",
            type: "quantitative",
            title: "sites with it",
            scale: { domain: [0, 1], scheme: "greens" },
          },
        },
      },
      {
        mark: { type: "text", fontSize: 12 },
        encoding: {
          ...encoding,
          text: { field: "available", type: "quantitative", format: ".0%" },
          color: { condition: { test: "datum.available > 0.6", value: "white" }, value: "black" },
        },
      },
    ],
  };
}

/** Bytes down and up per round as lines. */
export function communicationChart(rows: Row[]): ChartSpec {
  return {
    $schema: SCHEMA,
    width: WIDTH,
    height: 200,
    data: { values: rows },
    mark: { type: "line", tooltip: true },
    encoding: {
      x: { field: "round", type: "quantitative" },
      y: { field: "bytes", type: "quantitative", title: "bytes", axis: { format: "~s" } },
      color: { field: "direction", type: "nominal", title: null },
    },
  };
}

/** Total bytes per message kind. */
export function bytesByKindChart(rows: Row[]): ChartSpec {
  return {
    $schema: SCHEMA,
    width: 360,
    data: { values: rows },
    mark: { type: "bar", tooltip: true },
    encoding: {
      y: { field: "kind", type: "nominal", sort: "-x", title: "message kind" },
      x: { field: "bytes", type: "quantitative", axis: { format: "~s" } },
    },
  };
}

/** Completed and failed sites per round, stacked. */
export function participationChart(rows: Row[]): ChartSpec {
  const rounds = new Set(rows.map((r) => r.round)).size;
  // Label every stride-th round so a 100-round run stays legible.
  const stride = [1, 2, 5, 10, 20, 50, 100, 200, 500].find((s) => rounds / s <= 25) ?? 1000;
  return {
    $schema: SCHEMA,
    width: WIDTH,
    height: 200,
    data: { values: rows },
    mark: { type: "bar", tooltip: true },
    encoding: {
      x: {
        field: "round",
        type: "ordinal",
        axis: { labelAngle: 0, labelExpr: `datum.value % ${stride} === 0 ? datum.label : ""` },
      },
      y: { field: "sites", type: "quantitative", stack: true },
      color: {
        field: "outcome",
        type: "nominal",
        title: null,
        scale: { range: ["#54a24b", "#e45756"] },
      },
    },
  };
}

/** Gantt-like timeline of a sample of sites on the virtual clock. */
export function timelineChart(rows: Row[]): ChartSpec {
  return {
    $schema: SCHEMA,
    width: 900,
    data: { values: rows },
    mark: { type: "bar", tooltip: true },
    encoding: {
      y: { field: "site", type: "nominal", sort: null, title: null },
      x: { field: "start", type: "quantitative", title: "simulated time (s)" },
      x2: { field: "end" },
      color: { field: "state", type: "nominal", scale: STATE_COLOURS, title: "state" },
    },
  };
}
