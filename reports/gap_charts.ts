/**
 * Charts of the gap between federated and centralised accuracy, zoomed to the
 * data: a 3-point gap on a 0–1 axis is a flat line. Each takes rows already
 * computed (per round, or mean and 95 % interval over seeds per round).
 */
import type { ChartSpec } from "./charts.ts";

// deno-lint-ignore no-explicit-any
type Row = Record<string, any>;

const SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";

/** A reference line drawn across a chart: its value, its label and its dash. */
export interface ReferenceLine {
  value: number;
  label: string;
}

/** Share of the first rounds left out of the zoomed y range: the climb from chance hides the gap. */
export const ZOOM_SKIP_SHARE = 1 / 3;

/**
 * A y scale zoomed to the later rounds' values and the reference lines, with
 * a checkbox (`param`) that shows the whole range instead. Marks outside the
 * zoomed range are cut at the axis (the layers set `clip`), never squeezed.
 */
export function zoomedScale(
  rows: Row[],
  fields: string[],
  lines: number[],
  param: string,
  full?: [number, number],
): Row {
  const all = rows.flatMap((r) => fields.map((f) => r[f] as number)).filter(Number.isFinite);
  const rounds = rows.map((r) => r.round as number).filter(Number.isFinite);
  const from = rounds.length > 0 ? Math.max(...rounds) * ZOOM_SKIP_SHARE : -Infinity;
  const late = rows.filter((r) => !(r.round < from))
    .flatMap((r) => fields.map((f) => r[f] as number)).filter(Number.isFinite);
  const zoom = [...(late.length > 0 ? late : all), ...lines.filter(Number.isFinite)];
  if (zoom.length === 0) return { zero: false };
  const [lo, hi] = [Math.min(...zoom), Math.max(...zoom)];
  const pad = Math.max((hi - lo) * 0.1, 0.005);
  const [wholeLo, wholeHi] = full ?? [Math.min(...all, lo), Math.max(...all, hi)];
  const f = (x: number) => x.toFixed(4);
  return {
    zero: false,
    nice: false,
    domainMin: { expr: `${param} ? ${f(wholeLo)} : ${f(lo - pad)}` },
    domainMax: { expr: `${param} ? ${f(wholeHi)} : ${f(hi + pad)}` },
  };
}

/** An x axis of rounds (whole numbers only) or of simulated seconds. */
export function xAxis(x: "round" | "time"): Row {
  return x === "round"
    ? {
      field: "round",
      type: "quantitative",
      title: "round",
      axis: { tickMinStep: 1, format: "d" },
    }
    : { field: "time", type: "quantitative", title: "simulated time (s)" };
}

/**
 * A line (rows {round, time, mean, low?, high?}) with its 95 % band where
 * rows have one, and dashed reference lines, each labelled at its right end
 * so no legend symbol can disagree with its mark. The y axis is zoomed to the
 * later rounds and the lines; a checkbox shows the whole range.
 */
export function bandChart(
  rows: Row[],
  x: "round" | "time",
  yTitle: string,
  lines: ReferenceLine[],
): ChartSpec {
  const values = lines.map((l) => l.value);
  const y = {
    type: "quantitative",
    title: yTitle,
    scale: zoomedScale(rows, ["mean", "low", "high"], values, "wholeRange"),
  };
  const layers: ChartSpec[] = [];
  if (rows.some((r) => Number.isFinite(r.low))) {
    layers.push({
      transform: [{ filter: "isFinite(datum.low)" }],
      mark: { type: "area", opacity: 0.25, color: "#4c78a8", clip: true },
      encoding: { x: xAxis(x), y: { ...y, field: "low" }, y2: { field: "high" } },
    });
  }
  layers.push({
    mark: { type: "line", point: rows.length <= 60, tooltip: true, color: "#4c78a8", clip: true },
    encoding: { x: xAxis(x), y: { ...y, field: "mean" } },
  });
  const shown = lines.filter((l) => Number.isFinite(l.value));
  if (shown.length > 0) {
    const data = { values: shown.map((l) => ({ value: l.value, label: l.label })) };
    layers.push(
      {
        data,
        mark: { type: "rule", strokeDash: [6, 4], strokeWidth: 1.5, color: "#222222" },
        encoding: { y: { ...y, field: "value" }, tooltip: [{ field: "label" }] },
      },
      {
        data,
        mark: { type: "text", align: "right", dy: -6, x: "width", fontSize: 10 },
        encoding: { y: { ...y, field: "value" }, text: { field: "label" } },
      },
    );
  }
  return {
    $schema: SCHEMA,
    width: 560,
    height: 240,
    params: [{
      name: "wholeRange",
      value: false,
      bind: { input: "checkbox", name: "whole range " },
    }],
    data: { values: rows },
    layer: layers,
  };
}

/**
 * The gap lines of a run whose centralised accuracy is `central`: where
 * federated reaches 95 % and 99 % of it (gap = −5 % and −1 % of central),
 * and the scenario's `maxGap` target when set.
 */
export function gapLines(central: number, maxGap?: number): ReferenceLine[] {
  const lines = [
    { value: -0.05 * central, label: "95% of central" },
    { value: -0.01 * central, label: "99% of central" },
  ];
  if (maxGap !== undefined) lines.push({ value: -maxGap, label: "target (maxGap)" });
  return lines;
}
