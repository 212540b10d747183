/** The params a run hands its strategy: protocol defaults on top of the scenario's own. */
import { assertEquals } from "../_assert.ts";
import { RngStreams } from "../../sim/engine/mod.ts";
import { strategyParams } from "../../sim/fl/strategy_setup.ts";
import { tinyScenario } from "../_tiny_scenario.ts";

const streams = () => new RngStreams(5);

Deno.test("strategyParams() weighs async FedBuff's buffered deltas uniformly (1/K) by default", () => {
  const p = strategyParams(tinyScenario({ protocol: "async" }), streams());
  assertEquals(p.weighting, "uniform");
  assertEquals(p.staleness, { kind: "polynomial", exponent: 0.5 });
});

Deno.test("strategyParams() keeps an explicit weighting and adds none outside async", () => {
  const explicit = tinyScenario({
    protocol: "async",
    strategy: { name: "fedavg", params: { weighting: "samples" } },
  });
  assertEquals(strategyParams(explicit, streams()).weighting, "samples");
  assertEquals(strategyParams(tinyScenario(), streams()).weighting, undefined);
});
