import assert from "node:assert/strict";
import { runScenario } from "../../sim/fl/mod.ts";
import { resultsHash, tinyScenario } from "./_tiny.ts";

Deno.test("results are bit-identical with 1 and 2 workers", async () => {
  const scenario = tinyScenario({ rounds: 2 });
  const one = await runScenario(scenario, { workers: 1, quiet: true });
  const two = await runScenario(scenario, { workers: 2, quiet: true });
  assert.equal(await resultsHash(one), await resultsHash(two));
  assert.equal(two.extras.workers, 2);
});

Deno.test("results are bit-identical in-process and on a worker", async () => {
  const scenario = tinyScenario({ rounds: 1, strategy: { name: "scaffold" } });
  const inProcess = await runScenario(scenario, { workers: 0, quiet: true });
  const onWorker = await runScenario(scenario, { workers: 1, quiet: true });
  assert.equal(await resultsHash(inProcess), await resultsHash(onWorker));
});
