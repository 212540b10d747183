import assert from "node:assert/strict";
import { resolveScenario } from "../../../scenarios/mod.ts";
import { checkStrategy } from "../../../sim/fl/scenario_checks.ts";
import { createStrategy, STRATEGY_NAMES, STRATEGY_PARAMS } from "../../../sim/fl/strategies/mod.ts";

/** Params that some strategies accept and others refuse. */
const PARAM_SETS: Record<string, unknown>[] = [
  {},
  { mu: 0.1 },
  { mu: -1 },
  { muu: 0.1 },
  { eta: 0.1, beta1: 0.5 },
  { beta2: 1 },
  { serverMomentum: 0.7 },
  { localMomentum: 0.9 },
  { globalNorm: "keep" },
  { totalSites: 3 },
  { clipNorm: 1, noiseMultiplier: 0.5 },
  { clipNorm: "median" },
  { aggregator: "median" },
  { aggregator: "krum", byzantine: 1 },
  { trimFraction: 0.2 },
  { trimFraction: 0.6 },
  { weighting: "uniform", staleness: { kind: "hinge", a: 2 } },
  { staleness: "linear" },
  { name: "ignored" },
];

const scenarioWith = (name: string, params: Record<string, unknown>) =>
  resolveScenario({
    name: "t",
    sites: [{ group: "a", count: 8, samples: 20 }],
    training: { strategy: { name, params } },
  });

Deno.test("every strategy's params schema is the one its constructor parses: preflight and strategy agree", () => {
  let refused = 0;
  for (const name of STRATEGY_NAMES) {
    assert.ok(STRATEGY_PARAMS[name], `${name} exports a params schema`);
    for (const params of PARAM_SETS) {
      const problems = checkStrategy(scenarioWith(name, params));
      let thrown: unknown = null;
      try {
        createStrategy(name, params);
      } catch (err) {
        thrown = err;
      }
      const label = `${name} ${JSON.stringify(params)}`;
      assert.equal(problems.length === 0, thrown === null, `${label}: ${String(thrown)}`);
      if (thrown !== null) {
        refused++;
        // The strategy's own error names the same params the preflight does.
        for (const p of problems) assert.ok(String(thrown).includes(String(p.path.at(-1))), label);
      }
    }
  }
  assert.ok(refused > STRATEGY_NAMES.length, "the sets include refusals for every strategy");
});
