import assert from "node:assert/strict";
import { RngStreams } from "../../sim/engine/mod.ts";
import { materializeEvalSet, materializeTrainSet } from "../../sim/data/mod.ts";
import { LocalExecutor } from "../../sim/fl/executor.ts";
import { planScenario, siteBlueprints } from "../../sim/fl/data_setup.ts";
import { tinyScenario } from "../_tiny_scenario.ts";

Deno.test("with siteEvalSamples a site evaluates on its drawn samples, the same n for small and full sites", async () => {
  const base = tinyScenario();
  const scenario = { ...base, data: { ...base.data, siteEvalSamples: 40 } };
  const executor = await LocalExecutor.create({ scenario, seed: scenario.seed });
  try {
    const streams = new RngStreams(scenario.seed);
    const { source } = await planScenario(scenario, new RngStreams(scenario.seed));
    const blueprints = siteBlueprints(scenario, executor.plans);
    for (const plan of executor.plans) {
      const test = executor.siteTestData(plan.siteId);
      assert.equal(test.n, 40);
      assert.equal(blueprints[plan.siteId].data.testSamples, 40, "the site record reports n");
      const expected = materializeEvalSet(source, plan, streams);
      assert.deepEqual(test.labels, expected.labels);
      // Nothing held out: the site trains on every planned sample.
      assert.equal(executor.siteTrainData(plan.siteId).n, plan.size);
      assert.equal(materializeTrainSet(source, plan, streams).n, plan.size);
    }
    const sizes = executor.plans.map((p) => p.size);
    assert.ok(
      Math.min(...sizes) * 3 <= Math.max(...sizes),
      "small and full sites differ in volume",
    );
  } finally {
    executor.dispose();
  }
});
