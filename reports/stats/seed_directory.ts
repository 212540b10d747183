/** Writes a multi-seed run directory's summary files and its report over all seeds. */
import type { RunResults } from "../../sim/results/results.ts";
import { canonicalJson } from "../canonical.ts";
import { renderSeedsReport } from "./seeds_report.ts";
import { type SeedSummary, seedSummary, seedSummaryCsv } from "./seed_summary.ts";

/**
 * Writes `dir/summary.json`, `dir/summary.csv` and `dir/report.html` for
 * `runs` (one per seed, each already in `dir/<dirs[i]>`).
 */
export async function writeSeedDirectory(
  dir: string,
  runs: readonly RunResults[],
  dirs: readonly string[],
): Promise<{ summary: SeedSummary; reportPath: string }> {
  await Deno.mkdir(dir, { recursive: true });
  const summary = seedSummary(runs, dirs);
  await Deno.writeTextFile(`${dir}/summary.json`, canonicalJson(summary, 2) + "\n");
  await Deno.writeTextFile(`${dir}/summary.csv`, seedSummaryCsv(summary));
  const reportPath = `${dir}/report.html`;
  await Deno.writeTextFile(reportPath, renderSeedsReport(summary, runs));
  return { summary, reportPath };
}
