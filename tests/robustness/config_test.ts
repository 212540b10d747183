import assert from "node:assert/strict";
import { robustnessConfig } from "../../sim/robustness/mod.ts";
import { resolveScenario } from "../../scenarios/mod.ts";

const training = { learningRate: 0.1, batchSize: 16 };

Deno.test("robustnessConfig() leaves every mechanism off when a scenario says nothing", () => {
  const c = robustnessConfig({ training });
  assert.equal(c.granularityAugmentation.enabled, false);
  assert.equal(c.smallSiteWeighting.enabled, false);
  assert.equal(c.imputation.enabled, false);
  assert.equal(c.personalization.enabled, false);
});

Deno.test("robustnessConfig() takes true for the defaults and an object for settings", () => {
  const c = robustnessConfig({
    robustness: {
      granularityAugmentation: { fraction: 0.6, granularities: [0.1] },
      smallSiteWeighting: true,
      imputation: { kind: "mean" },
    },
    personalization: { enabled: true, steps: 5 },
    training,
  });
  assert.deepEqual(c.granularityAugmentation, {
    enabled: true,
    fraction: 0.6,
    granularities: [0.1],
  });
  assert.deepEqual(c.smallSiteWeighting, { enabled: true, exponent: 0.5 });
  assert.deepEqual(c.imputation, { enabled: true, kind: "mean" });
  assert.equal(c.personalization.steps, 5);
  assert.equal(c.personalization.learningRate, 0.1, "defaults to the training rate");
});

Deno.test("robustnessConfig() names the field of a malformed switch", () => {
  assert.throws(
    () => robustnessConfig({ robustness: { smallSiteWeighting: { exponent: 2 } }, training }),
    (e: Error) => e instanceof TypeError && e.message.includes("robustness.smallSiteWeighting"),
  );
});

Deno.test("the scenario schema rejects an unknown robustness switch", () => {
  const base = { name: "t", sites: [{ group: "a", count: 2, samples: 20 }] };
  assert.ok(resolveScenario({ ...base, robustness: { imputation: true } }));
  assert.throws(() => resolveScenario({ ...base, robustness: { imputaton: true } }));
});
