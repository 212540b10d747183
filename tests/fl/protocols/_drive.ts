/**
 * Drives a scenario's protocol round by round exactly as `runScenario` sets
 * it up (same world, strategy params, edge owners and cloud strategy), and
 * lets a test look at the federation and the protocol after every round.
 */

import { RngStreams } from "../../../sim/engine/mod.ts";
import { buildWorld } from "../../../sim/world/mod.ts";
import {
  createFederation,
  createProtocol,
  type Federation,
  LocalExecutor,
  siteBlueprints,
} from "../../../sim/fl/mod.ts";
import type { EdgeOwner, Protocol, RoundStep } from "../../../sim/fl/protocols/mod.ts";
import { createStrategy } from "../../../sim/fl/strategies/mod.ts";
import { strategyParams } from "../../../sim/fl/strategy_setup.ts";
import type { Scenario } from "../../../scenarios/mod.ts";

/** What a test sees after each round. */
export interface RoundView {
  round: number;
  step: RoundStep;
  fed: Federation;
  protocol: Protocol;
}

/** Runs every round of `scenario`, calling `look` after each; returns the round steps. */
export async function driveRounds(
  scenario: Scenario,
  look: (view: RoundView) => void = () => {},
): Promise<RoundStep[]> {
  const main = await LocalExecutor.create({ scenario, seed: scenario.seed });
  try {
    const streams = new RngStreams(scenario.seed);
    const world = buildWorld(siteBlueprints(scenario, main.plans), streams);
    world.attach(main);
    const initial = main.initialWeights();
    const t = scenario.training;
    const make = (name: string, params: Record<string, unknown>, totalSites = world.size) => {
      const s = createStrategy(name, params);
      s.init(initial, main.layout(), { totalSites });
      return s;
    };
    const siteStrategy = (owner?: EdgeOwner) =>
      make(t.strategy.name, strategyParams(scenario, streams, owner), owner?.siteCount);
    const fed = createFederation(scenario, {
      seed: scenario.seed,
      streams,
      world,
      strategy: t.protocol === "hierarchical" ? make("fedavg", {}) : siteStrategy(),
      perSample: main.flopsPerSample(),
      weightCount: initial.length,
    });
    const protocol = createProtocol(scenario, fed, siteStrategy);
    const steps: RoundStep[] = [];
    let global = initial, time = 0;
    for (let round = 1; round <= t.rounds; round++) {
      const step = await protocol.step(round, time, global);
      global = step.global;
      time = step.closeTime;
      steps.push(step);
      look({ round, step, fed, protocol });
    }
    return steps;
  } finally {
    main.dispose();
  }
}
