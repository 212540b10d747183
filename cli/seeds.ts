/**
 * Seeds as an axis of a run: `run --seeds N` (and `targets.seeds` under
 * `--check`) trains seeds seed … seed+N−1 into `DIR/seed-<s>/` and writes
 * `DIR/summary.json`, `DIR/summary.csv` and one report over all seeds;
 * `check DIR` finds the seed folders again through `summary.json`.
 */
import { resolve } from "node:path";
import type { RunResults } from "../sim/results/results.ts";
import type { Scenario } from "../scenarios/mod.ts";
import type { CliIo } from "./io.ts";

/** The seeds a run trains: `--seeds N` from the scenario's (or `--seed`'s) seed, else targets.seeds under --check. */
export function seedList(
  scenario: Pick<Scenario, "seed" | "targets">,
  options: { seed?: number; seeds?: number; check: boolean },
): number[] {
  if (options.seeds !== undefined) {
    return Array.from({ length: options.seeds }, (_, i) => scenario.seed + i);
  }
  const listed = scenario.targets.seeds;
  return options.check && options.seed === undefined && listed ? [...listed] : [scenario.seed];
}

/** The folder of one seed's run inside a multi-seed run directory. */
export function seedFolder(seed: number): string {
  return `seed-${seed}`;
}

/** Writes the summary over `runs` (one per seed) into `out` and prints its table. */
export async function writeSeedSummary(
  out: string,
  runs: readonly RunResults[],
  io: CliIo,
): Promise<void> {
  const { writeSeedDirectory, formatSeedSummary } = await import("../reports/mod.ts");
  const { summary, reportPath } = await writeSeedDirectory(
    out,
    runs,
    runs.map((r) => seedFolder(r.seed)),
  );
  io.out(formatSeedSummary(summary));
  io.out(`wrote ${out}/summary.json, summary.csv  (report: ${resolve(reportPath)})`);
}

/**
 * Run directories to check: a multi-seed directory (summary.json, no
 * results.json of its own) stands for its seed folders.
 */
export async function expandSeedDirectories(dirs: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const dir of dirs) {
    const exists = async (name: string) => {
      try {
        return (await Deno.stat(`${dir}/${name}`)).isFile;
      } catch {
        return false;
      }
    };
    if (!(await exists("results.json")) && await exists("summary.json")) {
      const summary = JSON.parse(await Deno.readTextFile(`${dir}/summary.json`));
      if (!Array.isArray(summary.runs) || summary.runs.length === 0) {
        throw new TypeError(`Expected ${dir}/summary.json to list its seed runs but found none`);
      }
      out.push(...summary.runs.map((run: string) => `${dir}/${run}`));
    } else out.push(dir);
  }
  return out;
}
