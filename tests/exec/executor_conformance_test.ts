/**
 * One conformance suite for every site executor (Hono's router suite is the
 * model): in-process (LocalExecutor), the worker pool (WorkerPool), and BullMQ
 * over a private Redis with a `renkei worker` process. Each must train and
 * evaluate a site with the numbers in-process training gives, bit for bit,
 * carry nothing from one task to the next, and refuse an unknown site. The
 * baseline worker is not a site executor (it trains the pooled baseline, one
 * task per run) and has its own tests in tests/fl/profile_test.ts.
 */
import assert from "node:assert/strict";
import type { LocalTrainTask, SiteExecutor } from "../../sim/world/mod.ts";
import { LocalExecutor, WorkerPool } from "../../sim/fl/mod.ts";
import { BullmqExecutor } from "../../sim/exec/mod.ts";
import { execScenario } from "./_scenario.ts";
import { SKIP_REDIS, startRedisServer } from "./_redis.ts";
import { spawnWorker } from "./_workers.ts";

const scenario = execScenario();
const setup = { scenario, seed: scenario.seed };

/** An executor under test and how to release what it holds. */
interface Subject {
  executor: SiteExecutor;
  close(): Promise<void>;
}

const SUBJECTS: { name: string; ignore?: boolean; open(): Promise<Subject> }[] = [
  {
    name: "LocalExecutor",
    async open() {
      const ex = await LocalExecutor.create(setup);
      return { executor: ex, close: () => Promise.resolve(ex.dispose()) };
    },
  },
  {
    name: "WorkerPool",
    async open() {
      const pool = new WorkerPool(2, setup);
      await pool.ready();
      return { executor: pool, close: () => Promise.resolve(pool.terminate()) };
    },
  },
  {
    name: "BullmqExecutor",
    ignore: SKIP_REDIS,
    async open() {
      const server = await startRedisServer();
      const worker = spawnWorker(server.url);
      // One attempt: a refused task fails at once instead of after the retry backoff.
      const ex = await BullmqExecutor.create(setup, { redis: server.url, attempts: 1 });
      return {
        executor: ex,
        async close() {
          await ex.close();
          await worker.stop();
          await server.stop();
        },
      };
    },
  },
];

/** The reference: every task run in this thread on a fresh LocalExecutor. */
const reference = await LocalExecutor.create(setup);
const weights = reference.initialWeights();
// A fresh copy per task: the pool transfers (detaches) the buffers it sends to a worker.
const task = (siteId: number): LocalTrainTask => ({
  round: 1,
  weights: weights.slice(),
  epochs: 1,
  batchSize: scenario.training.batchSize,
  learningRate: scenario.training.learningRate,
  seed: 1000 + siteId,
});
const SITES = [0, 4, 5];
const expectedTrain = await Promise.all(SITES.map((s) => reference.train(s, task(s))));
const expectedEval = await Promise.all(SITES.map((s) => reference.evaluate(s, weights.slice())));
reference.dispose();

function sameVector(actual: Float32Array, expected: Float32Array, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  const at = actual.findIndex((x, i) => !Object.is(x, expected[i]));
  assert.equal(at, -1, `${what}: weight ${at} is ${actual[at]}, expected ${expected[at]}`);
}

for (const subject of SUBJECTS) {
  Deno.test({
    name: `${subject.name} conforms to the site-executor contract`,
    ignore: subject.ignore,
    async fn(t) {
      const { executor, close } = await subject.open();
      try {
        await t.step(
          "train() gives in-process training's weights, steps, loss and samples",
          async () => {
            const got = await Promise.all(SITES.map((s) => executor.train(s, task(s))));
            got.forEach((r, i) => {
              sameVector(r.weights, expectedTrain[i].weights, `site ${SITES[i]}`);
              assert.equal(r.steps, expectedTrain[i].steps);
              assert.ok(Object.is(r.meanLoss, expectedTrain[i].meanLoss));
              assert.equal(r.samples, expectedTrain[i].samples);
              assert.ok(r.samples > 0 && r.steps > 0 && Number.isFinite(r.meanLoss));
            });
          },
        );
        await t.step("evaluate() gives in-process accuracy, loss and test samples", async () => {
          const got = await Promise.all(SITES.map((s) => executor.evaluate(s, weights.slice())));
          assert.deepEqual(got, expectedEval);
          assert.ok(got.every((e) => e.accuracy >= 0 && e.accuracy <= 1 && e.samples > 0));
        });
        await t.step(
          "a task repeated after others gives the same result (no carried state)",
          async () => {
            const again = await executor.train(SITES[0], task(SITES[0]));
            sameVector(again.weights, expectedTrain[0].weights, "repeated task");
          },
        );
        await t.step("a task for an unknown site is refused, naming the site", async () => {
          await assert.rejects(
            () => executor.train(99, task(99)),
            (err: Error) => /99/.test(err.message),
          );
        });
      } finally {
        await close();
      }
    },
  });
}
