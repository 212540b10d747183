/**
 * The end of a sweep: one line per combination on stdout, `summary.csv` and a
 * comparison page in the sweep's directory, so a reviewer reads the sweep
 * without opening every folder.
 */
import type { RunResults } from "../sim/results/results.ts";
import type { CliIo } from "./io.ts";

/** One finished combination: its overrides, its folder and every seed's results. */
export interface SweepRun {
  sets: string[];
  out: string;
  results: RunResults[];
}

const METRICS = ["finalAccuracy", "gap", "roundsTo95", "timeTo95"];

/**
 * Prints the sweep's table (mean over seeds, ± the t 95 % half-width when
 * there are several) and writes `summary.csv` and `comparison.html` into `base`.
 */
export async function writeSweepSummary(base: string, runs: SweepRun[], io: CliIo): Promise<void> {
  if (runs.length === 0) return;
  await Deno.mkdir(base, { recursive: true });
  const { seedSummary, renderComparison } = await import("../reports/mod.ts");
  const summaries = runs.map((r) => seedSummary(r.results, r.results.map((x) => `seed-${x.seed}`)));
  const retention = [
    ...new Set(summaries.flatMap((s) => s.metrics.map((m) => m.metric))),
  ].filter((m) => m.startsWith("retention["));
  const columns = [...METRICS, ...retention];
  const cell = (s: (typeof summaries)[number], metric: string) => {
    const m = s.metrics.find((x) => x.metric === metric);
    if (!m || !Number.isFinite(m.mean)) return "–";
    const d = metric.startsWith("time") ? 0 : metric.startsWith("rounds") ? 1 : 4;
    const half = Number.isFinite(m.high) ? ` ±${((m.high - m.low) / 2).toFixed(d)}` : "";
    return m.mean.toFixed(d) + half;
  };
  const rows = [["combination", "seeds", ...columns]];
  runs.forEach((r, i) => {
    rows.push([
      r.sets.join(" ") || "(base)",
      String(r.results.length),
      ...columns.map((c) => cell(summaries[i], c)),
    ]);
  });
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  io.out(rows.map((r) => r.map((x, c) => x.padEnd(widths[c])).join("  ").trimEnd()).join("\n"));

  const csv = [
    ["combination", "folder", "metric", "n", "mean", "sd", "ci95_low", "ci95_high"].join(","),
  ];
  const num = (x: number) => Number.isFinite(x) ? String(x) : "";
  runs.forEach((r, i) => {
    for (const m of summaries[i].metrics) {
      csv.push(
        [
          `"${r.sets.join(" ")}"`,
          `"${r.out}"`,
          m.metric,
          String(m.n),
          num(m.mean),
          num(m.sd),
          num(m.low),
          num(m.high),
        ].join(","),
      );
    }
  });
  await Deno.writeTextFile(`${base}/summary.csv`, csv.join("\n") + "\n");
  const page = renderComparison(runs.map((r) => ({
    label: r.sets.join(" ") || "(base)",
    results: r.results[0],
  })));
  await Deno.writeTextFile(`${base}/comparison.html`, page);
  io.out(`wrote ${base}/summary.csv and ${base}/comparison.html`);
}
