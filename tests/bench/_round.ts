/**
 * One round of local training over a small world, shared by the benches that
 * compare executors (in this thread, worker pools): the scenario, an
 * in-thread executor, and `round(executor)` that trains every site once.
 */
import { resolveScenario, type Scenario } from "../../scenarios/mod.ts";
import { type ExecutorSetup, LocalExecutor, WorkerPool } from "../../sim/fl/mod.ts";
import type { LocalTrainTask, SiteExecutor } from "../../sim/world/mod.ts";
import type { PresetName } from "../../models/mod.ts";

/** What differs between the round benches. */
export interface RoundBenchSpec {
  name: string;
  seed: number;
  sites: number;
  samples: number;
  classes: number;
  preset: PresetName;
  fusion?: "concat" | "gated" | "attention";
  localTestFraction: number;
  learningRate: number;
  /** The round number tasks carry (it seeds nothing but the task itself). */
  round: number;
}

/** A bench world: its scenario, an in-thread executor and one round of training. */
export interface RoundBench {
  scenario: Scenario;
  setup: ExecutorSetup;
  local: LocalExecutor;
  task(site: number): LocalTrainTask;
  round(executor: SiteExecutor): Promise<void>;
}

/** Builds the world of `spec` and its in-thread executor. */
export async function roundBench(spec: RoundBenchSpec): Promise<RoundBench> {
  const scenario = resolveScenario({
    name: spec.name,
    seed: spec.seed,
    data: {
      source: "scene",
      classes: spec.classes,
      modalities: ["image", "series", "tabular"],
      localTestFraction: spec.localTestFraction,
      globalTestSamples: 64,
    },
    sites: [{ group: "full", count: spec.sites, samples: spec.samples }],
    model: { preset: spec.preset, ...(spec.fusion ? { fusion: spec.fusion } : {}) },
    training: {
      rounds: 1,
      sitesPerRound: spec.sites,
      localEpochs: 1,
      batchSize: 32,
      learningRate: spec.learningRate,
    },
    baseline: { enabled: false, epochs: 1 },
  });
  const setup: ExecutorSetup = { scenario, seed: spec.seed };
  const local = await LocalExecutor.create(setup);
  const weights = local.initialWeights();
  const task = (site: number): LocalTrainTask => ({
    // A fresh copy per task: the pool transfers (and so detaches) the buffer it is given.
    round: spec.round,
    weights: weights.slice(),
    epochs: 1,
    batchSize: 32,
    learningRate: spec.learningRate,
    seed: site,
  });
  const round = async (executor: SiteExecutor): Promise<void> => {
    const results = await Promise.all(
      Array.from({ length: spec.sites }, (_, site) => executor.train(site, task(site))),
    );
    if (results.length !== spec.sites) {
      throw new Error(`Expected ${spec.sites} results but found ${results.length}`);
    }
  };
  return { scenario, setup, local, task, round };
}

/**
 * Times one round on a fresh pool of `size` workers: start-up and the first
 * round (where each worker generates its sites' data) stay outside the timing.
 * Call it from an `async fn(b)`: a plain function returning this promise made
 * deno bench time almost nothing (b.end() came after it stopped waiting).
 */
export async function timedPoolRound(
  b: Deno.BenchContext,
  bench: RoundBench,
  size: number,
): Promise<void> {
  const pool = new WorkerPool(size, bench.setup);
  try {
    await pool.ready();
    await bench.round(pool); // first use: each worker generates its sites' data
    b.start();
    await bench.round(pool);
    b.end();
  } finally {
    pool.terminate();
  }
}
