/**
 * `renkei sweep FILE --set a=1,2 --set b=x,y`: runs every combination of
 * the listed values, each into its own folder under the sweep's directory.
 * All combinations are validated before the first run starts, so a typo in
 * the last value does not surface hours into a sweep.
 */
import { expandGrid, formatScenarioIssue, ScenarioError } from "../scenarios/mod.ts";
import type { RunResults } from "../sim/results/results.ts";
import { EXIT_OK, reportError } from "./exit.ts";
import type { CliIo } from "./io.ts";
import {
  planResume,
  preflightScenario,
  requireFolderOrNothing,
  requireRedisUrl,
} from "./preflight.ts";
import { type RunCommandOptions, runFile, type RunScenario, type WriteRun } from "./run.ts";
import { type SweepRun, writeSweepSummary } from "./sweep_summary.ts";

/**
 * A folder name for one combination, by the full key path so no two keys
 * ending alike collide: `training.rounds=5 model.fusion=gated` →
 * `training.rounds=5,model.fusion=gated`.
 */
export function combinationFolder(combination: readonly string[]): string {
  if (combination.length === 0) return "base";
  return combination.join(",").replace(/[^A-Za-z0-9._=,-]+/g, "-");
}

/**
 * Runs every combination of `options.sets` (each `key=v1,v2,…`). Returns 2
 * when any combination is invalid (nothing runs then), else the worst exit
 * code of the runs (1 when a target was missed under `--check`).
 */
export async function sweepFile(
  file: string,
  options: RunCommandOptions,
  io: CliIo,
  runner?: RunScenario,
  writer?: WriteRun,
): Promise<number> {
  const combinations = expandGrid(options.sets);
  if (options.out !== undefined) await requireFolderOrNothing(options.out, "--out");
  requireRedisUrl(options.redis);
  const problems: ScenarioError[] = [];
  for (const sets of combinations) {
    try {
      await preflightScenario(file, [...sets, ...flagSets(options)]);
    } catch (err) {
      if (!(err instanceof ScenarioError)) throw err;
      problems.push(err);
    }
  }
  if (problems.length > 0) {
    // A bad value shows up in every combination that uses it; say it once.
    const seen = new Set<string>();
    const issues = problems.flatMap((err) => err.issues).filter((issue) => {
      const key = formatScenarioIssue(issue);
      return !seen.has(key) && seen.add(key);
    });
    return reportError(new ScenarioError(issues), io);
  }
  const base = options.out ?? `runs/sweep-${(await preflightScenario(file)).name}`;
  if (options.resume) {
    // A checkpoint of other settings in any combination's folder is found before the first run.
    for (const sets of combinations) {
      const scenario = await preflightScenario(file, [...sets, ...flagSets(options)]);
      await planResume(`${base}/${combinationFolder(sets)}`, scenario);
    }
  }
  let code = EXIT_OK;
  const finished: SweepRun[] = [];
  for (const sets of combinations) {
    const out = `${base}/${combinationFolder(sets)}`;
    io.out(`== ${sets.join(" ") || "(no overrides)"}  →  ${out}`);
    const onFinished = (_: string, results: RunResults[]) => finished.push({ sets, out, results });
    const run = { ...options, sets, out, onFinished };
    code = Math.max(code, await runFile(file, run, io, runner, writer));
  }
  await writeSweepSummary(base, finished, io);
  return code;
}

/** Each combination as its run will see it: --seed and --workers as overrides. */
function flagSets(options: RunCommandOptions): string[] {
  return [
    ...(options.seed === undefined ? [] : [`seed=${options.seed}`]),
    ...(options.workers === undefined ? [] : [`training.workers=${options.workers}`]),
  ];
}
