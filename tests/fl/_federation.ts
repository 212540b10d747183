/** A federation and its protocol, built as runScenario builds them, for protocol tests. */
import { RngStreams } from "../../sim/engine/mod.ts";
import { buildWorld } from "../../sim/world/mod.ts";
import {
  createFederation,
  createProtocol,
  type Federation,
  type LocalExecutor,
  siteBlueprints,
} from "../../sim/fl/mod.ts";
import { createStrategy, type Strategy } from "../../sim/fl/strategies/mod.ts";
import type { Protocol } from "../../sim/fl/protocols/mod.ts";
import type { Scenario } from "../../scenarios/mod.ts";

/** The federation of `scenario` with its strategy (scenario's name, `params`) and protocol. */
export function federation(
  main: LocalExecutor,
  scenario: Scenario,
  params: Record<string, unknown>,
): { fed: Federation; initial: Float32Array; protocol: Protocol } {
  const streams = new RngStreams(scenario.seed);
  const world = buildWorld(siteBlueprints(scenario, main.plans), streams);
  world.attach(main);
  const initial = main.initialWeights();
  const strategy = (): Strategy => {
    const s = createStrategy(scenario.training.strategy.name, params);
    s.init(initial, main.layout(), { totalSites: world.size });
    return s;
  };
  const fed = createFederation(scenario, {
    seed: scenario.seed,
    streams,
    world,
    strategy: strategy(),
    perSample: main.flopsPerSample(),
    weightCount: initial.length,
  });
  return { fed, initial, protocol: createProtocol(scenario, fed, strategy) };
}
