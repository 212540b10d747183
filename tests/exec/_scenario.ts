/** The shared tiny scenario as the BullMQ tests run it: six sites, every one each round, two rounds. */
import type { Scenario } from "../../scenarios/mod.ts";
import { TINY_DATA, tinyScenario } from "../_tiny_scenario.ts";

/** The BullMQ tests' tiny scenario with `training` fields overridden. */
export function execScenario(training: Record<string, unknown> = {}): Scenario {
  return tinyScenario({
    rounds: 2,
    sitesPerRound: 6,
    overcommit: 1,
    localEpochs: 1,
    evalEvery: 1,
    ...training,
  }, {
    name: "exec-tiny",
    seed: 11,
    data: { ...TINY_DATA, globalTestSamples: 60 },
    devices: { compute: 1e9, memory: 2e9 },
    sites: [
      { group: "full", count: 4, samples: 40 },
      { group: "tenth-volume", count: 2, samples: 8 },
    ],
  });
}
