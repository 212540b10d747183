import assert from "node:assert/strict";
import { runScenario } from "../../sim/fl/mod.ts";
import { resultsHash, tinyScenario } from "./_tiny.ts";

Deno.test("results are bit-identical with 1 and 2 workers", async () => {
  const scenario = tinyScenario({ rounds: 2 });
  const one = await runScenario(scenario, { workers: 1, quiet: true });
  const two = await runScenario(scenario, { workers: 2, quiet: true });
  assert.equal(await resultsHash(one), await resultsHash(two));
  // How a run was executed is not a result (the run directory's manifest records it).
  assert.equal(two.extras.workers, undefined);
});

Deno.test("results are bit-identical in-process and on a worker", async () => {
  const scenario = tinyScenario({ rounds: 1, strategy: { name: "scaffold" } });
  const inProcess = await runScenario(scenario, { workers: 0, quiet: true });
  const onWorker = await runScenario(scenario, { workers: 1, quiet: true });
  assert.equal(await resultsHash(inProcess), await resultsHash(onWorker));
});

Deno.test("the baseline trained on its own worker equals the baseline trained in this thread", async () => {
  const scenario = tinyScenario({ rounds: 1 }, { baseline: { enabled: true, epochs: 2 } });
  const inThread = await runScenario(scenario, { workers: 0, quiet: true });
  const alongside = await runScenario(scenario, { workers: 1, quiet: true });
  assert.notEqual(inThread.central, null);
  assert.deepEqual(alongside.central, inThread.central);
  assert.equal(await resultsHash(alongside), await resultsHash(inThread));
  // It really ran on a worker: the worker reported its busy time; in-thread runs have none.
  const worker = alongside.extras.wallBaselineWorker as { busySeconds: number } | null;
  assert.ok(worker !== null && worker.busySeconds > 0, JSON.stringify(worker));
  assert.equal(inThread.extras.wallBaselineWorker, null);
});

Deno.test("a run with its baseline on a worker, stopped and resumed, ends like an uninterrupted one", async () => {
  const top = { baseline: { enabled: true, epochs: 1 } };
  const whole = await runScenario(tinyScenario({ rounds: 3 }, top), { workers: 0, quiet: true });
  const outDir = await Deno.makeTempDir({ prefix: "renkei-resume-baseline-" });
  try {
    await runScenario(tinyScenario({ rounds: 2 }, top), { workers: 1, quiet: true, outDir });
    const resumed = await runScenario(tinyScenario({ rounds: 3 }, top), {
      workers: 1,
      quiet: true,
      outDir,
      resume: true,
    });
    assert.equal(await resultsHash(resumed), await resultsHash(whole));
    // The checkpoint already held the baseline: the resumed run did not train it again.
    assert.equal(resumed.extras.wallBaselineWorker, null);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});
