/**
 * `renkei run FILE`: validate, run the scenario, write the run directory
 * (results, CSVs, manifest, HTML report) and optionally check its targets.
 * The simulation and reports are imported only here and only when a run
 * starts, so `validate` stays fast and never loads TensorFlow.js.
 */
import type { BackendName } from "../models/mod.ts";
import { resolve } from "node:path";
import type { RunResults } from "../sim/results/results.ts";
import type { SiteExecutor } from "../sim/world/mod.ts";
import { lineOfField, type Scenario, ScenarioError } from "../scenarios/mod.ts";
import { redactRedisUrl } from "../sim/exec/redis_url.ts";
import type { Execution } from "../reports/mod.ts";
import { EXIT_OK, EXIT_TARGETS_MISSED } from "./exit.ts";
import type { CliIo } from "./io.ts";
import {
  planResume,
  preflightScenario,
  requireFolderOrNothing,
  requireRedisUrl,
} from "./preflight.ts";
import { seedFolder, seedList, writeSeedSummary } from "./seeds.ts";

/** Options of `renkei run` as parsed from the command line. */
export interface RunCommandOptions {
  seed?: number;
  out?: string;
  sets: string[];
  check: boolean;
  resume: boolean;
  workers?: number;
  /** Train this many seeds (seed … seed+N−1) into `<out>/seed-<s>` and summarise them. */
  seeds?: number;
  /** Receives the run directory and every seed's results once they are written (sweep's summary). */
  onFinished?: (out: string, results: RunResults[]) => void;
  /** Redis URL: site tasks go to `renkei worker` processes through BullMQ. */
  redis?: string;
  /** `--backend`: passed to the simulation's executors explicitly (validated by `useBackend`). */
  backend?: string;
}

/** What the CLI passes to the simulation besides the scenario (a subset of `sim/fl`'s `RunOptions`). */
export interface RunScenarioOptions {
  /** Run directory; the simulation keeps its checkpoints under it. */
  outDir: string;
  /** Continue from the last checkpoint in `outDir`. */
  resume: boolean;
  /** Runs site tasks elsewhere (BullMQ workers); made for this scenario and seed. */
  siteExecutor?: SiteExecutor;
  /** The TensorFlow.js backend of this process's executors (`--backend`); default RENKEI_BACKEND, else wasm. */
  backend?: BackendName;
}

/** The simulation's entry point, as the CLI calls it (`runScenario` in `sim/fl/mod.ts`). */
export type RunScenario = (scenario: Scenario, options: RunScenarioOptions) => Promise<RunResults>;

/** Writes a finished run's directory; returns the report's path. */
export type WriteRun = (
  dir: string,
  input: {
    scenario: Scenario;
    scenarioText: string;
    results: RunResults;
    wallSeconds: number;
    execution?: Execution;
  },
) => Promise<{ reportPath: string }>;

/**
 * How the run was executed: the manifest records it, the hashed results do
 * not, since no setting here changes a number.
 */
function executionOf(scenario: Scenario, options: RunCommandOptions): Execution {
  if (options.redis !== undefined) {
    return { executor: "bullmq", workers: null, redis: redactRedisUrl(options.redis) };
  }
  const workers = scenario.training.workers ?? navigator.hardwareConcurrency;
  return { executor: workers > 0 ? "worker-pool" : "in-process", workers, redis: null };
}

/** Loads the simulation's `runScenario`, importing TensorFlow.js only now. */
export async function loadRunner(): Promise<RunScenario> {
  const { runScenario } = await import("../sim/fl/mod.ts");
  return runScenario;
}

async function loadWriter(): Promise<WriteRun> {
  const { writeRunDirectory } = await import("../reports/mod.ts");
  return writeRunDirectory;
}

/**
 * Runs one scenario file into `--out` (default `runs/<name>`). With `seeds`
 * (or `check` and `targets.seeds`, unless `--seed` picks one) runs every
 * seed, each into `<out>/seed-<n>`, writes the summary over them, checks the
 * targets on all of them together and returns 1 when any target is missed.
 */
export async function runFile(
  file: string,
  options: RunCommandOptions,
  io: CliIo,
  runner?: RunScenario,
  writer?: WriteRun,
): Promise<number> {
  const sets = [...options.sets];
  if (options.seed !== undefined) sets.push(`seed=${options.seed}`);
  if (options.workers !== undefined) sets.push(`training.workers=${options.workers}`);
  const scenario = await preflightScenario(file, sets);
  requireRedisUrl(options.redis);
  const scenarioText = await Deno.readTextFile(file);
  const out = options.out ?? `runs/${scenario.name}`;
  const seeds = seedList(scenario, options);
  const dirOf = (seed: number) => seeds.length > 1 ? `${out}/${seedFolder(seed)}` : out;
  // Every mistake in --out or --resume is found before the first run starts.
  await requireFolderOrNothing(out, "--out");
  for (const seed of seeds) {
    const dir = dirOf(seed);
    if (dir !== out) await requireFolderOrNothing(dir, "--out");
    if (!options.resume) continue;
    const plan = await planResume(dir, { ...scenario, seed });
    io.err(
      plan.kind === "afresh"
        ? `renkei: --resume: ${plan.reason}; starting afresh`
        : `renkei: --resume: continuing ${dir} after round ${plan.round}`,
    );
  }
  const runScenario = runner ?? await loadRunner();
  const writeRun = writer ?? await loadWriter();
  const execution = executionOf(scenario, options);

  const results: RunResults[] = [];
  for (const seed of seeds) {
    const dir = dirOf(seed);
    const seeded = { ...scenario, seed };
    const start = performance.now();
    const run = await runWithExecutor(
      seeded,
      options.redis,
      (siteExecutor) =>
        runScenario(seeded, {
          outDir: dir,
          resume: options.resume,
          siteExecutor,
          ...(options.backend !== undefined ? { backend: options.backend as BackendName } : {}),
        }),
    ).catch((err) => {
      throw asScenarioError(err, file, scenarioText, sets);
    });
    const wallSeconds = (performance.now() - start) / 1000;
    const { reportPath } = await writeRun(dir, {
      scenario: seeded,
      scenarioText,
      results: run,
      wallSeconds,
      execution,
    });
    const { formatSummary, secureAggregationWarnings } = await import("../reports/mod.ts");
    io.out(formatSummary({ ...run, summary: { ...run.summary, wallSeconds } }));
    for (const w of secureAggregationWarnings(run)) io.err(`renkei: warning: ${w}`);
    // The last line is the report's absolute path, so a person (or a script) can open it.
    io.out(`wrote ${dir}  (report: ${resolve(reportPath)})`);
    results.push(run);
  }
  if (seeds.length > 1) await writeSeedSummary(out, results, io);
  options.onFinished?.(out, results);
  if (!options.check) return EXIT_OK;

  const { checkTargets, formatTargets } = await import("../reports/mod.ts");
  const { seeds: _seeds, ...targets } = scenario.targets;
  const outcomes = checkTargets(results, targets);
  io.out(outcomes.length > 0 ? formatTargets(outcomes) : "no targets to check");
  return outcomes.every((o) => o.pass) ? EXIT_OK : EXIT_TARGETS_MISSED;
}

/**
 * Runs `body` with a BullMQ executor for `scenario` when a Redis URL is given
 * (closed afterwards, also on failure), and with the local default otherwise.
 */
async function runWithExecutor<T>(
  scenario: Scenario,
  redis: string | undefined,
  body: (siteExecutor?: SiteExecutor) => Promise<T>,
): Promise<T> {
  if (redis === undefined) return await body();
  const { BullmqExecutor } = await import("../sim/exec/mod.ts");
  const executor = await BullmqExecutor.create({ scenario, seed: scenario.seed }, { redis });
  try {
    return await body(executor);
  } finally {
    await executor.close();
  }
}

/**
 * A label partition that cannot be drawn (`PartitionError` from sim/data,
 * thrown while the world is built, before training) is the scenario's
 * problem: shown as `file:line  field: message`, exit 2. Anything else passes.
 */
export function asScenarioError(
  err: unknown,
  file: string,
  text: string,
  sets: readonly string[] = [],
): unknown {
  if (!(err instanceof RangeError) || err.name !== "PartitionError" || !("field" in err)) {
    return err;
  }
  const field = String(err.field);
  // A `--set` on the field, above it or inside it is where the setting came from.
  const set = sets.findLast((s) => {
    const key = s.slice(0, s.indexOf("="));
    return field === key || field.startsWith(`${key}.`) || key.startsWith(`${field}.`);
  });
  return new ScenarioError([{
    file: set === undefined ? file : `--set ${set}`,
    line: set === undefined ? lineOfField(text, field) : null,
    path: field,
    message: err.message,
  }]);
}
