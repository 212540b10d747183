/**
 * `renkei run FILE`: validate, then hand the scenario to the simulation.
 * The simulation is imported only here and only when needed, so `validate`
 * stays fast and works before (or without) the training stack.
 */
import type { RunResults } from "../sim/fl/results.ts";
import { loadScenario, type Scenario } from "../scenarios/mod.ts";
import { EXIT_OK, EXIT_TARGETS_MISSED } from "./exit.ts";
import type { CliIo } from "./io.ts";

/** Options of `renkei run` as parsed from the command line. */
export interface RunCommandOptions {
  seed?: number;
  out?: string;
  sets: string[];
  check: boolean;
  resume: boolean;
  workers?: number;
}

/** What `runScenario` in `sim/fl/mod.ts` receives besides the scenario. */
export interface RunScenarioOptions {
  /** Run directory to write (results, report, checkpoints). */
  out: string;
  /** Continue from the last checkpoint in `out`. */
  resume: boolean;
  /** Whether the caller will check targets (the runner may want to say so in its output). */
  check: boolean;
  /** The scenario file, for the manifest. */
  scenarioFile: string;
}

/** The simulation's entry point, as the CLI calls it. */
export type RunScenario = (scenario: Scenario, options: RunScenarioOptions) => Promise<RunResults>;

// A computed specifier keeps the simulation out of the static module graph:
// `validate` then never loads TensorFlow.js, and works while sim/fl is being written.
const SIMULATION_MODULE = new URL("../sim/fl/mod.ts", import.meta.url).href;

/** Loads `runScenario` from `sim/fl/mod.ts`, failing with a one-line reason. */
export async function loadRunner(): Promise<RunScenario> {
  let mod: Record<string, unknown>;
  try {
    mod = await import(SIMULATION_MODULE);
  } catch (err) {
    const why = err instanceof Error ? err.message.split("\n")[0] : String(err);
    throw new Error(`cannot load the simulation from sim/fl/mod.ts (${why})`);
  }
  if (typeof mod.runScenario !== "function") {
    throw new TypeError("Expected sim/fl/mod.ts to export a function runScenario but found none");
  }
  return mod.runScenario as RunScenario;
}

/**
 * Runs one scenario file. With `check`, runs every seed listed in
 * `targets.seeds` (unless `--seed` picks one), checks the targets on all of
 * them and returns 3 when any target is missed.
 */
export async function runFile(
  file: string,
  options: RunCommandOptions,
  io: CliIo,
  runner?: RunScenario,
): Promise<number> {
  const sets = [...options.sets];
  if (options.seed !== undefined) sets.push(`seed=${options.seed}`);
  if (options.workers !== undefined) sets.push(`training.workers=${options.workers}`);
  const scenario = await loadScenario(file, { sets });
  const out = options.out ?? `runs/${scenario.name}`;
  const seeds = options.check && options.seed === undefined && scenario.targets.seeds
    ? scenario.targets.seeds
    : [scenario.seed];
  const runScenario = runner ?? await loadRunner();

  const results: RunResults[] = [];
  for (const seed of seeds) {
    const dir = seeds.length > 1 ? `${out}/seed-${seed}` : out;
    const run = await runScenario({ ...scenario, seed }, {
      out: dir,
      resume: options.resume,
      check: options.check,
      scenarioFile: file,
    });
    if (run === null || typeof run !== "object" || !("summary" in run)) {
      throw new TypeError("Expected runScenario to return the run's results but found none");
    }
    results.push(run);
  }
  if (!options.check) return EXIT_OK;

  const { checkTargets, formatTargets } = await import("../reports/mod.ts");
  const { seeds: _seeds, ...targets } = scenario.targets;
  const outcomes = checkTargets(results, targets);
  io.out(outcomes.length > 0 ? formatTargets(outcomes) : "no targets to check");
  return outcomes.every((o) => o.pass) ? EXIT_OK : EXIT_TARGETS_MISSED;
}
