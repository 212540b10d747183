/**
 * One round of local training for 8 sites: in this thread (LocalExecutor)
 * against the worker pool with 1 and 2 workers. Worker start-up (backend,
 * model, site data) is excluded from the timing; it happens once per run.
 * With 2 cores, 2 workers can at best halve the round's time.
 *
 *   deno bench -A tests/bench/pool_bench.ts
 */
import { resolveScenario } from "../../scenarios/mod.ts";
import { type ExecutorSetup, LocalExecutor, WorkerPool } from "../../sim/fl/mod.ts";
import type { LocalTrainTask, SiteExecutor } from "../../sim/world/mod.ts";

const SITES = 8;
const scenario = resolveScenario({
  name: "pool-bench",
  seed: 3,
  data: {
    source: "scene",
    classes: 10,
    modalities: ["image", "series", "tabular"],
    localTestFraction: 0.2,
    globalTestSamples: 64,
  },
  sites: [{ group: "full", count: SITES, samples: 80 }],
  model: { preset: "reference" },
  training: { rounds: 1, sitesPerRound: SITES, localEpochs: 1, batchSize: 32, learningRate: 0.01 },
  baseline: { enabled: false, epochs: 1 },
});
const setup: ExecutorSetup = { scenario, seed: 3 };
const local = await LocalExecutor.create(setup);
const weights = local.initialWeights();

function task(site: number): LocalTrainTask {
  // A fresh copy per task: the pool transfers (and so detaches) the buffer it is given.
  return {
    round: 0,
    weights: weights.slice(),
    epochs: 1,
    batchSize: 32,
    learningRate: 0.01,
    seed: site,
  };
}

async function round(executor: SiteExecutor): Promise<void> {
  const results = await Promise.all(
    Array.from({ length: SITES }, (_, site) => executor.train(site, task(site))),
  );
  if (results.length !== SITES) {
    throw new Error(`Expected ${SITES} results but found ${results.length}`);
  }
}

Deno.bench({
  name: `${SITES} sites × 64 training samples, reference model: in this thread`,
  group: "round",
  baseline: true,
  n: 3,
  warmup: 1,
  fn: () => round(local),
});

for (const size of [1, 2]) {
  Deno.bench({
    name: `${SITES} sites × 64 training samples, reference model: worker pool of ${size}`,
    group: "round",
    n: 3,
    warmup: 1,
    async fn(b) {
      const pool = new WorkerPool(size, setup);
      try {
        await pool.ready();
        await round(pool); // first use: each worker generates its sites' data
        b.start();
        await round(pool);
        b.end();
      } finally {
        pool.terminate();
      }
    },
  });
}
