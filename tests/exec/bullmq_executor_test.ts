import assert from "node:assert/strict";
import { QueueEvents } from "bullmq";
import { Redis } from "ioredis";
import { LocalExecutor } from "../../sim/fl/mod.ts";
import { BullmqExecutor, DEFAULT_QUEUE, parseRedisUrl } from "../../sim/exec/mod.ts";
import { type RoundsOutcome, runRounds } from "./_federation.ts";
import { execScenario } from "./_scenario.ts";
import { SKIP_REDIS, startRedisServer } from "./_redis.ts";
import { spawnWorker, type WorkerProcess } from "./_workers.ts";

// Enough local work per site (a few hundred ms) that a kill lands mid-task.
const scenario = execScenario({ localEpochs: 3 });
// Short locks so a killed worker's task moves on within seconds, not a minute.
const FAST_RECOVERY = ["--lock-ms", "1500", "--stalled-ms", "500"];
const STARTED = /train site \d+ started/;

function assertIdentical(actual: RoundsOutcome, expected: RoundsOutcome): void {
  assert.equal(actual.globals.length, expected.globals.length);
  actual.globals.forEach((g, r) => {
    const e = expected.globals[r];
    assert.equal(g.length, e.length);
    const diff = g.findIndex((x, i) => !Object.is(x, e[i]));
    assert.equal(diff, -1, `round ${r + 1}: weight ${diff} is ${g[diff]}, expected ${e[diff]}`);
  });
  assert.deepEqual(actual.losses, expected.losses);
  assert.deepEqual(actual.sites, expected.sites);
}

async function viaBullmq(url: string): Promise<RoundsOutcome> {
  const ex = await BullmqExecutor.create({ scenario, seed: scenario.seed }, { redis: url });
  try {
    return await runRounds(scenario, ex);
  } finally {
    await ex.close();
  }
}

Deno.test({
  name: "BullMQ workers give bit-identical rounds with 1 and 3 workers and when one is killed",
  ignore: SKIP_REDIS,
  async fn(t) {
    const server = await startRedisServer();
    const redis = new Redis(parseRedisUrl(server.url));
    const workers: WorkerProcess[] = [];
    try {
      const local = await LocalExecutor.create({ scenario, seed: scenario.seed });
      const expected = await runRounds(scenario, local);
      local.dispose();
      assert.ok(expected.globals.length === 2 && expected.losses.every(Number.isFinite));

      await t.step("one worker matches in-process training", async () => {
        workers.push(spawnWorker(server.url, FAST_RECOVERY));
        assertIdentical(await viaBullmq(server.url), expected);
        assert.ok(workers[0].lines.some((l) => STARTED.test(l)));
      });

      await t.step("three workers match in-process training", async () => {
        workers.push(
          spawnWorker(server.url, FAST_RECOVERY),
          spawnWorker(server.url, FAST_RECOVERY),
        );
        await Promise.all(workers.map((w) => w.waitFor(/pulling site tasks/)));
        const before = workers.map((w) => w.lines.length);
        assertIdentical(await viaBullmq(server.url), expected);
        const busy = workers.filter((w, i) =>
          w.lines.slice(before[i]).some((l) => STARTED.test(l))
        );
        assert.ok(
          busy.length >= 2,
          `expected the tasks spread over workers but ${busy.length} ran any`,
        );
      });

      await t.step("a worker killed mid-task loses no site and counts none twice", async () => {
        const events = new QueueEvents(DEFAULT_QUEUE, { connection: parseRedisUrl(server.url) });
        const stalled: string[] = [];
        events.on("stalled", ({ jobId }) => stalled.push(jobId));
        await events.waitUntilReady();
        try {
          const victim = workers[2];
          const from = victim.lines.length;
          const run = viaBullmq(server.url);
          await victim.waitFor(STARTED, from);
          await victim.kill();
          assertIdentical(await run, expected);
          assert.ok(stalled.length >= 1, "expected the killed worker's task to be taken over");
        } finally {
          await events.close();
        }
      });

      await t.step(
        "a deterministic failure fails at once with its class, without retries",
        async () => {
          const ex = await BullmqExecutor.create({ scenario, seed: scenario.seed }, {
            redis: server.url,
          });
          try {
            const task = {
              round: 1,
              weights: expected.globals[0].slice(),
              epochs: 1,
              batchSize: 8,
              learningRate: 0.1,
              seed: 1,
            };
            await assert.rejects(ex.train(99, task), (err: Error) => {
              assert.ok(err instanceof RangeError);
              assert.match(err.message, /Expected a site id in 0\.\.5 but found 99/);
              return true;
            });
            const tries = workers.flatMap((w) => w.lines).filter((l) =>
              /train site 99 started/.test(l)
            );
            assert.equal(tries.length, 1);
          } finally {
            await ex.close();
          }
        },
      );

      await t.step(
        "the same task submitted twice runs once and both get the same bytes",
        async () => {
          const ex = await BullmqExecutor.create({ scenario, seed: scenario.seed }, {
            redis: server.url,
          });
          try {
            const task = () => ({
              round: 7,
              weights: expected.globals[1].slice(),
              epochs: 1,
              batchSize: 8,
              learningRate: 0.05,
              seed: 42,
            });
            const [a, b] = await Promise.all([ex.train(1, task()), ex.train(1, task())]);
            assert.deepEqual(a.weights, b.weights);
            const runs = workers.flatMap((w) => w.lines).filter((l) =>
              /train site 1 started \(\w+:7:/.test(l)
            );
            assert.equal(runs.length, 1);
          } finally {
            await ex.close();
          }
        },
      );

      await t.step("a finished run leaves none of its keys in Redis", async () => {
        assert.deepEqual(await redis.keys("renkei:*"), []);
      });
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
      redis.disconnect();
      await server.stop();
    }
  },
});
