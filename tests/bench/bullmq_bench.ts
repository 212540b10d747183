/**
 * BullMQ executor costs, against a private redis-server on a Unix socket:
 *
 * - coordinator overhead per round: one round of 8 tiny sites through
 *   BullMQ (one worker, one training thread, in this process) against the
 *   same round on a one-thread WorkerPool; the difference is what Redis and
 *   the queue add (weights stored once, jobs, updates back, hash checks);
 * - transfer throughput of one site update of 1M and 100M parameters
 *   (4 MB and 400 MB): written in pieces, read back and checked by SHA-256.
 *
 *   deno bench -A tests/bench/bullmq_bench.ts
 */
import { Redis } from "ioredis";
import { resolveScenario } from "../../scenarios/mod.ts";
import { type ExecutorSetup, LocalExecutor, WorkerPool } from "../../sim/fl/mod.ts";
import type { LocalTrainTask, SiteExecutor } from "../../sim/world/mod.ts";
import {
  BullmqExecutor,
  deleteBlobs,
  floatBytes,
  getBlob,
  parseRedisUrl,
  putBlob,
  SiteWorker,
} from "../../sim/exec/mod.ts";
import { startRedisServer } from "../exec/_redis.ts";

const SITES = 8;
const scenario = resolveScenario({
  name: "bullmq-bench",
  seed: 3,
  data: {
    source: "scene",
    classes: 4,
    modalities: ["image", "series", "tabular"],
    localTestFraction: 0.2,
    globalTestSamples: 32,
  },
  sites: [{ group: "full", count: SITES, samples: 32 }],
  model: { preset: "tiny" },
  training: { rounds: 1, sitesPerRound: SITES, localEpochs: 1, batchSize: 16, learningRate: 0.05 },
  baseline: { enabled: false, epochs: 1 },
});
const setup: ExecutorSetup = { scenario, seed: 3 };

const server = await startRedisServer();
globalThis.addEventListener("unload", () => void server.stop());
const redis = new Redis(parseRedisUrl(server.url));
const worker = await SiteWorker.start({ redis: server.url, concurrency: 1 });
const bullmq = await BullmqExecutor.create(setup, { redis: server.url });
const pool = new WorkerPool(1, setup);
await pool.ready();
const initial = (await LocalExecutor.create(setup)).initialWeights();

let round = 0;
async function trainRound(executor: SiteExecutor): Promise<void> {
  round++;
  const task = (siteId: number): LocalTrainTask => ({
    round,
    weights: initial.slice(),
    epochs: 1,
    batchSize: 16,
    learningRate: 0.05,
    seed: siteId * 1000 + round,
  });
  await Promise.all(Array.from({ length: SITES }, (_, i) => executor.train(i, task(i))));
}
// First use builds the model and site data in each thread; keep it out of the timing.
await trainRound(pool);
await trainRound(bullmq);

Deno.bench({
  name: `round of ${SITES} tiny sites on a 1-thread WorkerPool`,
  group: "round",
  baseline: true,
  n: 10,
  async fn() {
    await trainRound(pool);
  },
});

Deno.bench({
  name: `round of ${SITES} tiny sites through BullMQ (1 worker, 1 thread)`,
  group: "round",
  n: 10,
  async fn() {
    await trainRound(bullmq);
  },
});

for (const params of [1_000_000, 100_000_000]) {
  const update = new Float32Array(params).map((_, i) => (i % 1000) * 1e-3);
  Deno.bench({
    name: `update of ${params / 1e6}M parameters (${params * 4 / 1e6} MB): store, read, check`,
    group: "transfer",
    n: params > 1e7 ? 3 : 20,
    warmup: 1,
    async fn() {
      const ref = await putBlob(redis, "bench:update", floatBytes(update), { ttlSeconds: 600 });
      await getBlob(redis, ref);
      await deleteBlobs(redis, [ref]);
    },
  });
}

globalThis.addEventListener("unload", () => {
  pool.terminate();
  redis.disconnect();
  void bullmq.close();
  void worker.close();
});
