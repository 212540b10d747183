/**
 * A few federated rounds driven exactly as `runScenario` drives them (same
 * world, strategy and protocol), but through any {@link SiteExecutor}; it
 * returns every round's global weights and site evaluations so tests can
 * compare executors bit for bit. Kept until `runScenario` accepts an
 * executor (see docs/DISTRIBUTED.md).
 */

import { RngStreams } from "../../sim/engine/mod.ts";
import { buildWorld, type SiteExecutor } from "../../sim/world/mod.ts";
import {
  createFederation,
  createProtocol,
  LocalExecutor,
  siteBlueprints,
} from "../../sim/fl/mod.ts";
import { createStrategy } from "../../sim/fl/strategies/mod.ts";
import type { Scenario } from "../../scenarios/mod.ts";

/** What a few rounds produced. */
export interface RoundsOutcome {
  globals: Float32Array[];
  losses: number[];
  /** Final per-site accuracy and loss, by site id. */
  sites: { accuracy: number; loss: number; samples: number }[];
}

/** Runs `scenario.training.rounds` rounds with site numerics on `executor`. */
export async function runRounds(
  scenario: Scenario,
  executor: SiteExecutor,
): Promise<RoundsOutcome> {
  const main = await LocalExecutor.create({ scenario, seed: scenario.seed });
  try {
    const streams = new RngStreams(scenario.seed);
    const world = buildWorld(siteBlueprints(scenario, main.plans), streams);
    world.attach(executor);
    const initial = main.initialWeights();
    const t = scenario.training;
    const siteStrategy = () => {
      const s = createStrategy(t.strategy.name, { ...t.strategy.params });
      s.init(initial, main.layout(), {
        totalSites: world.size,
        localOptimizer: { ...t.optimizer },
      });
      return s;
    };
    const fed = createFederation(scenario, {
      seed: scenario.seed,
      streams,
      world,
      strategy: siteStrategy(),
      perSample: main.flopsPerSample(),
      weightCount: initial.length,
    });
    const protocol = createProtocol(scenario, fed, siteStrategy);
    const globals: Float32Array[] = [];
    const losses: number[] = [];
    let global = initial, time = 0;
    for (let round = 1; round <= t.rounds; round++) {
      const step = await protocol.step(round, time, global);
      global = step.global;
      time = step.closeTime;
      globals.push(global.slice());
      losses.push(step.meanLoss);
    }
    const sites = await Promise.all(world.sites.map((s) => s.evaluate(global)));
    return { globals, losses, sites };
  } finally {
    main.dispose();
  }
}
