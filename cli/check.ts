/**
 * `renkei check RUN_DIR...` checks finished runs against their scenario's
 * targets (exit 1 on any miss) and `renkei compare RUN_DIR...` writes one
 * HTML page that puts runs side by side. Both read run directories only;
 * neither re-runs training.
 */
import type { Command } from "commander";
import { basename, resolve } from "node:path";
import {
  checkTargets,
  formatTargets,
  readRunDirectory,
  renderComparison,
  targetsOf,
} from "../reports/mod.ts";
import type { RunResults } from "../sim/results/results.ts";
import { EXIT_OK, EXIT_TARGETS_MISSED, UsageError } from "./exit.ts";
import { differencesBesideSeed, labelsByDifference } from "./run_labels.ts";
import { dirname } from "node:path";
import type { CliIo } from "./io.ts";
import { expandSeedDirectories } from "./seeds.ts";

/**
 * Checks each run directory against its own targets; several directories of
 * the same scenario (seeds) are checked together, mean and worst case.
 */
export async function checkRuns(given: string[], io: CliIo): Promise<number> {
  // A multi-seed directory (run --seeds) stands for its seed folders.
  const dirs = await expandSeedDirectories(given);
  const runs = await Promise.all(dirs.map(readRun));
  const differ = differencesBesideSeed(runs.map((r) => r.scenario ?? r.results.scenario));
  if (differ.length > 0) {
    throw new UsageError(
      `check over several runs needs seeds of one scenario, but these runs differ in ` +
        `${differ.slice(0, 5).join(", ")}${
          differ.length > 5 ? ", …" : ""
        }; check them one at a time`,
    );
  }
  if (dirs.length > 1) {
    const { formatSeedSummary, seedSummary } = await import("../reports/mod.ts");
    io.out(formatSeedSummary(seedSummary(runs.map((r) => r.results), dirs)));
  }
  const targets = targetsOf(runs[0].scenario ?? runs[0].results.scenario);
  const outcomes = checkTargets(runs.map((r) => r.results), targets);
  if (outcomes.length === 0) {
    io.out(`no targets in the scenario of ${dirs[0]}: nothing to check`);
    return EXIT_OK;
  }
  io.out(formatTargets(outcomes));
  return outcomes.every((o) => o.pass) ? EXIT_OK : EXIT_TARGETS_MISSED;
}

/** Writes the side-by-side report of `dirs` to `out` and returns its path. */
export async function compareRuns(
  dirs: string[],
  given: string | undefined,
  io: CliIo,
): Promise<number> {
  if (dirs.length < 2) {
    throw new UsageError(`compare needs at least two run directories but found ${dirs.length}`);
  }
  const out = given ?? `${dirname(resolve(dirs[0]))}/comparison.html`;
  await requireNotFolder(out);
  const read = await Promise.all(dirs.map(readRun));
  // Label runs by the parameters in which they differ; folder names when that says nothing.
  const byDifference = labelsByDifference(read.map((r) => r.scenario ?? r.results.scenario));
  const runs: { label: string; results: RunResults }[] = [];
  for (const [i, dir] of dirs.entries()) {
    let label = byDifference?.[i] ?? basename(resolve(dir));
    for (let k = 2; runs.some((r) => r.label === label); k++) label = `${basename(dir)} (${k})`;
    runs.push({ label, results: read[i].results });
  }
  await Deno.writeTextFile(out, renderComparison(runs));
  io.out(`comparison of ${runs.length} runs: ${resolve(out)}`);
  return EXIT_OK;
}

/**
 * Reads a run directory; anything that is not one (a file, a scenario, a
 * folder without results) is the person's mistake, exit 2, not a crash.
 */
async function readRun(dir: string): ReturnType<typeof readRunDirectory> {
  try {
    return await readRunDirectory(dir);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new UsageError(
      `${dir} is not a run directory (expected a folder written by renkei run, with ` +
        `results.json, manifest.json and scenario.resolved.yaml; ${why})`,
    );
  }
}

/** `compare --out` names the page to write; a folder there would fail after the reading. */
async function requireNotFolder(out: string): Promise<void> {
  const info = await Deno.stat(out).catch(() => null);
  if (info?.isDirectory) {
    throw new UsageError(`--out ${out} is a folder (expected the path of an HTML file to write)`);
  }
}

/** Registers `renkei check` and `renkei compare` on `program`. */
export function addCheckCommands(
  program: Command,
  io: CliIo,
  setCode: (code: number) => void,
): void {
  program.command("check")
    .description("check run directories against their targets (exit 1 on any miss)")
    .argument(
      "<runs...>",
      "run directories (several, or one made by --seeds: seeds of one scenario)",
    )
    .action(async (dirs: string[]) => setCode(await checkRuns(dirs, io)));
  program.command("compare")
    .description("write one HTML page that puts runs side by side, labelled by what differs")
    .argument("<runs...>", "run directories")
    .option("--out <file>", "where to write the comparison (default: beside the first run)")
    .action(async (dirs: string[], opts: { out?: string }) =>
      setCode(await compareRuns(dirs, opts.out, io))
    );
}
