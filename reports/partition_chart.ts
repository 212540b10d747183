/** The partition heatmap: class shares per site (or per group) with group boundaries. */
import type { ChartSpec } from "./charts.ts";

// deno-lint-ignore no-explicit-any
type Row = Record<string, any>;

const SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";

/**
 * Class share per site (or per group, for very large partitions) as a
 * heatmap; per site, a rule and the group's name mark where each group starts.
 */
export function partitionChart(rows: Row[], by: "site" | "group" = "site"): ChartSpec {
  const heatmap = partitionHeatmap(rows, by);
  if (by !== "site") return heatmap;
  const starts = new Map<string, number>();
  for (const r of rows) starts.set(r.group, Math.min(starts.get(r.group) ?? Infinity, r.column));
  const boundaries = [...starts].map(([group, column]) => ({ group, column }));
  const x = { field: "column", type: "ordinal", sort: null, bandPosition: 0 };
  const { $schema, width, height, data, ...layer } = heatmap;
  return {
    $schema,
    width,
    height,
    layer: [
      { data, ...layer },
      {
        data: { values: boundaries },
        mark: { type: "rule", color: "black", strokeWidth: 1.5 },
        encoding: { x },
      },
      {
        data: { values: boundaries },
        mark: { type: "text", align: "left", baseline: "bottom", dx: 2, y: -2, fontSize: 10 },
        encoding: { x, text: { field: "group" } },
      },
    ],
  };
}

function partitionHeatmap(rows: Row[], by: "site" | "group"): ChartSpec {
  return {
    $schema: SCHEMA,
    width: 900,
    height: 200,
    data: { values: rows },
    mark: "rect",
    encoding: {
      x: {
        field: "column",
        type: "ordinal",
        title: by === "site" ? "sites (ordered by group)" : "group",
        sort: null,
        axis: by === "site" ? { labels: false, ticks: false } : { labelAngle: -30 },
      },
      y: { field: "cls", type: "ordinal", title: "class" },
      color: {
        field: "share",
        type: "quantitative",
        title: "share of site",
        scale: { scheme: "blues" },
      },
      tooltip: [
        ...(by === "site" ? [{ field: "siteId" }] : []),
        { field: "group" },
        { field: "cls" },
        { field: "count" },
      ],
    },
  };
}
