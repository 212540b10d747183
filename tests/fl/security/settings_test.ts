import assert from "node:assert/strict";
import { securitySettings, withPrivacyParams } from "../../../sim/fl/security/mod.ts";
import { tinyScenario } from "../_tiny.ts";

const secure = { privacy: { secureAggregation: { enabled: true } } };

Deno.test("securitySettings() reads secure aggregation with its defaults and DP with its delta", () => {
  const s = securitySettings(tinyScenario({ strategy: { name: "dp-fedavg" } }, {
    privacy: {
      secureAggregation: { enabled: true, dropout: 0.2 },
      dp: { clipNorm: 0.5, noiseMultiplier: 1.1 },
    },
  }));
  assert.equal(s.secureAggregation?.clip, 1);
  assert.equal(s.secureAggregation?.dropout, 0.2);
  assert.deepEqual(s.dp, { clipNorm: 0.5, noiseMultiplier: 1.1, delta: 1e-5 });
  assert.equal(s.attack, null);
});

Deno.test("securitySettings() leaves secure aggregation off unless enabled", () => {
  const s = securitySettings(
    tinyScenario({}, { privacy: { secureAggregation: { enabled: false } } }),
  );
  assert.equal(s.secureAggregation, null);
});

Deno.test("securitySettings() names the field of a malformed privacy block", () => {
  assert.throws(
    () => securitySettings(tinyScenario({}, { privacy: { secureAggregation: { clip: -1 } } })),
    (e: Error) => e instanceof TypeError && /privacy\.secureAggregation\.clip/.test(e.message),
  );
});

Deno.test("secure aggregation refuses rules that must see individual updates", () => {
  for (
    const training of [
      { strategy: { name: "scaffold" } },
      { strategy: { name: "fedavg", params: { aggregator: "median" } } },
      { protocol: "async" },
    ]
  ) {
    assert.throws(() => securitySettings(tinyScenario(training, secure)), TypeError);
  }
});

Deno.test("privacy.dp asks for the dp-fedavg strategy and fills its params", () => {
  const dp = { privacy: { dp: { clipNorm: 0.5, noiseMultiplier: 1 } } };
  assert.throws(() => securitySettings(tinyScenario({}, dp)), /dp-fedavg/);
  const scenario = tinyScenario({ strategy: { name: "dp-fedavg" } }, dp);
  assert.deepEqual(withPrivacyParams(scenario, {}, 9), {
    clipNorm: 0.5,
    noiseMultiplier: 1,
    seed: 9,
  });
  assert.throws(() => withPrivacyParams(scenario, { clipNorm: 2 }, 9), /clipNorm/);
});
