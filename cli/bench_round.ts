/**
 * `renkei bench round`: the marginal cost of one FedAvg round as a user runs
 * it (`runScenario`, every site every round, no baseline), in site-samples
 * trained per wall second — the number issue 21 compares with a PyTorch
 * simulation loop (`tools/reference/fl_loop.py`). Set-up (workers, planning)
 * and the first round (each worker's first data generation, kernel warm-up)
 * are left out: the clock runs from the first task of round 2 to the last
 * update of the last round, plus that round's aggregation.
 */
import { type Command, Option } from "commander";
import { backendOption, useBackend, wholeNumber } from "./_options.ts";
import { EXIT_OK } from "./exit.ts";
import type { CliIo } from "./io.ts";
import type { PresetName } from "../models/mod.ts";
import type { Scenario } from "../scenarios/mod.ts";
import type { WallBreakdown } from "../sim/fl/mod.ts";
import type {
  LocalEvalResult,
  LocalTrainResult,
  LocalTrainTask,
  SiteExecutor,
} from "../sim/world/mod.ts";

const PRESETS: readonly PresetName[] = ["reference", "tiny", "small", "base", "paper"];
/** Where a bad option value is said to come from in a scenario error. */
const SOURCE = "renkei bench round";
const LEARNING_RATE = 0.01;
const CLASSES = 10;
/** Evaluation comes after the timed rounds; small sets keep the bench short. */
const GLOBAL_TEST_SAMPLES = 64;
const SITE_EVAL_SAMPLES = 16;

/** What `renkei bench round` measures; every field has a default in the CLI. */
export interface BenchRoundOptions {
  sites: number;
  samples: number;
  preset: PresetName;
  epochs: number;
  batch: number;
  /** Rounds run; the first is warm-up, so at least 2. */
  rounds: number;
  /** Worker threads; 0 trains in this thread. */
  workers: number;
  backend: string;
  seed: number;
}

/** The FedAvg scenario of that shape: IID scene data, every site every round, no baseline. */
export function roundScenarioInput(opts: BenchRoundOptions): Record<string, unknown> {
  return {
    name: `bench-round-${opts.sites}x${opts.samples}`,
    seed: opts.seed,
    data: {
      source: "scene",
      classes: CLASSES,
      modalities: ["image", "series", "tabular"],
      // With separate evaluation samples every one of a site's samples trains.
      siteEvalSamples: SITE_EVAL_SAMPLES,
      globalTestSamples: GLOBAL_TEST_SAMPLES,
    },
    sites: [{ group: "all", count: opts.sites, samples: opts.samples }],
    model: { preset: opts.preset },
    training: {
      protocol: "sync",
      strategy: { name: "fedavg" },
      rounds: opts.rounds,
      sitesPerRound: opts.sites,
      localEpochs: opts.epochs,
      batchSize: opts.batch,
      learningRate: LEARNING_RATE,
      // Evaluate only after the last round, outside the timed window's rounds.
      evalEvery: opts.rounds,
      workers: opts.workers,
    },
    baseline: { enabled: false, epochs: 1 },
  };
}

/** One round's host times, as seen by the executor (milliseconds of `performance.now()`). */
interface RoundTimes {
  firstDispatch: number;
  lastUpdate: number;
  updates: number;
  samples: number;
}

/** Wraps an executor to note when each round's first task left and its last update came back. */
export function roundTimer(inner: SiteExecutor): {
  executor: SiteExecutor;
  rounds: Map<number, RoundTimes>;
} {
  const rounds = new Map<number, RoundTimes>();
  const executor: SiteExecutor = {
    async train(siteId: number, task: LocalTrainTask): Promise<LocalTrainResult> {
      const now = performance.now();
      if (!rounds.has(task.round)) {
        rounds.set(task.round, { firstDispatch: now, lastUpdate: now, updates: 0, samples: 0 });
      }
      const result = await inner.train(siteId, task);
      const r = rounds.get(task.round)!;
      r.lastUpdate = performance.now();
      r.updates++;
      // A result counts the site's samples once (its FedAvg weight: no small-site
      // weighting in this scenario); every epoch trains them all again.
      r.samples += result.samples * task.epochs;
      return result;
    },
    evaluate: (siteId: number, weights: Float32Array): Promise<LocalEvalResult> =>
      inner.evaluate(siteId, weights),
  };
  return { executor, rounds };
}

/** One measurement, printed as one JSON line (snake_case keys). */
export interface BenchRoundResult {
  preset: string;
  backend: string;
  backend_detail: string;
  sites: number;
  samples: number;
  epochs: number;
  batch: number;
  rounds: number;
  workers: number;
  /** Rounds inside the timed window (all but the first). */
  measured_rounds: number;
  /** Site-samples trained in the timed window (samples × epochs × sites × rounds). */
  measured_site_samples: number;
  /** Wall seconds of the timed window (rounds 2 … last, the last one's aggregation included). */
  marginal_seconds: number;
  /** The headline: site-samples trained per wall second in the timed window. */
  site_samples_per_s: number;
  /** Wall seconds of each timed round (round r: its first task to round r+1's first task). */
  round_seconds: number[];
  /** Wall seconds before the timed window: set-up, workers' start, planning, round 1. */
  setup_and_first_round_seconds: number;
  /** The whole run's profile (`results.extras.wallBreakdown`): set-up and round 1 included. */
  breakdown: WallBreakdown | null;
  /** Seconds workers spent on tasks (null in this thread), and generating data (workers or this thread). */
  executor_busy_seconds: number | null;
  executor_data_seconds: number | null;
  final_accuracy: number;
  load_1m_before: number | null;
  load_1m_after: number | null;
}

function loadAverage(): number | null {
  try {
    return Deno.loadavg()[0];
  } catch {
    // Without --allow-sys the load is simply not reported.
    return null;
  }
}

function roundTo(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Checks the options as a scenario (exit 2 with `path: what is wrong` on a bad value). */
export async function benchRoundScenario(opts: BenchRoundOptions): Promise<Scenario> {
  const { resolveScenario } = await import("../scenarios/mod.ts");
  return resolveScenario(roundScenarioInput(opts), SOURCE);
}

/** Runs the scenario and times its rounds after the first. */
export async function measureRound(opts: BenchRoundOptions): Promise<BenchRoundResult> {
  const loadBefore = loadAverage();
  const scenario = await benchRoundScenario(opts);
  const fl = await import("../sim/fl/mod.ts");
  const zoo = await import("../models/mod.ts");
  const start = performance.now();
  const setup = { scenario, seed: opts.seed };
  // Our own executor, made as runScenario makes its own, so its tasks can be timed.
  const executorProfile = new fl.WallProfile();
  const pool = opts.workers > 0 ? new fl.WorkerPool(opts.workers, setup) : null;
  try {
    const inner = pool ?? await fl.LocalExecutor.create(setup, executorProfile);
    await pool?.ready();
    const timer = roundTimer(inner);
    const results = await fl.runScenario(scenario, {
      siteExecutor: timer.executor,
      quiet: true,
    });
    const breakdown = (results.extras.wallBreakdown ?? null) as WallBreakdown | null;
    const timed = [...timer.rounds.entries()].sort((a, b) => a[0] - b[0]).map(([, t]) => t);
    if (timed.length !== opts.rounds) {
      throw new Error(`Expected ${opts.rounds} rounds of training but timed ${timed.length}`);
    }
    const aggregateMs = breakdown === null ? 0 : (breakdown.aggregateSeconds * 1000) / opts.rounds;
    const windowEnd = timed[timed.length - 1].lastUpdate + aggregateMs;
    const roundSeconds = timed.slice(1).map((t, i) =>
      ((timed[i + 2]?.firstDispatch ?? windowEnd) - t.firstDispatch) / 1000
    );
    const marginal = (windowEnd - timed[1].firstDispatch) / 1000;
    const measured = timed.slice(1).reduce((sum, t) => sum + t.samples, 0);
    const workerTimes = pool?.workerTimes();
    const busy = workerTimes === undefined
      ? null
      : workerTimes.train.busySeconds + workerTimes.eval.busySeconds;
    const data = workerTimes === undefined
      ? executorProfile.seconds("data")
      : workerTimes.train.dataSeconds + workerTimes.eval.dataSeconds;
    return {
      preset: opts.preset,
      backend: opts.backend,
      backend_detail: zoo.describeBackend(opts.backend),
      sites: opts.sites,
      samples: opts.samples,
      epochs: opts.epochs,
      batch: opts.batch,
      rounds: opts.rounds,
      workers: opts.workers,
      measured_rounds: opts.rounds - 1,
      measured_site_samples: measured,
      marginal_seconds: roundTo(marginal, 3),
      site_samples_per_s: roundTo(measured / marginal, 1),
      round_seconds: roundSeconds.map((s) => roundTo(s, 3)),
      setup_and_first_round_seconds: roundTo((timed[1].firstDispatch - start) / 1000, 3),
      breakdown,
      executor_busy_seconds: busy === null ? null : roundTo(busy, 3),
      executor_data_seconds: roundTo(data, 3),
      final_accuracy: results.summary.finalAccuracy,
      load_1m_before: loadBefore,
      load_1m_after: loadAverage(),
    };
  } finally {
    pool?.terminate();
  }
}

/** A one-line summary for people. */
export function formatBenchRound(r: BenchRoundResult): string {
  return `${r.sites} sites × ${r.samples} samples, ${r.preset} on ${r.backend}, ` +
    `${r.workers} workers: ${r.site_samples_per_s.toFixed(1)} site-samples/s over ` +
    `${r.measured_rounds} rounds after the first (${r.marginal_seconds.toFixed(2)} s; rounds ` +
    `${r.round_seconds.map((s) => s.toFixed(2)).join(", ")} s), set-up and round 1 ` +
    `${r.setup_and_first_round_seconds.toFixed(2)} s, load ` +
    `${r.load_1m_before?.toFixed(2) ?? "?"} → ${r.load_1m_after?.toFixed(2) ?? "?"}`;
}

/** Adds `round` to the `bench` command; `setCode` receives the exit code. */
export function addBenchRoundCommand(
  bench: Command,
  io: CliIo,
  setCode: (code: number) => void,
): void {
  bench.command("round")
    .description("time FedAvg rounds (every site, every round) after the first: site-samples/s")
    .option("--sites <n>", "sites, all trained every round", wholeNumber("--sites", 1), 300)
    .option("--samples <n>", "training samples per site", wholeNumber("--samples", 1), 200)
    .addOption(
      new Option("--preset <name>", "model preset").choices([...PRESETS]).default("reference"),
    )
    .option("--epochs <n>", "local epochs", wholeNumber("--epochs", 1), 1)
    .option("--batch <n>", "local batch size", wholeNumber("--batch", 1), 32)
    .option("--rounds <n>", "rounds run; the first is not timed", wholeNumber("--rounds", 2), 3)
    .option(
      "--workers <n>",
      "worker threads (0: this thread)",
      wholeNumber("--workers", 0),
      navigator.hardwareConcurrency,
    )
    .addOption(backendOption("wasm"))
    .option("--seed <n>", "root seed", wholeNumber("--seed", 0), 1)
    .option("--json", "print one JSON line instead of a sentence", false)
    .action(async (opts: BenchRoundOptions & { json: boolean }) => {
      // Bad sizes fail here, before any worker starts or data is generated.
      await benchRoundScenario(opts);
      await useBackend(opts.backend, io.err);
      const result = await measureRound(opts);
      io.out(opts.json ? JSON.stringify(result) : formatBenchRound(result));
      setCode(EXIT_OK);
    });
}
