/** A tiny scenario for the BullMQ tests: a few small sites, the tiny model, a few rounds. */
import { resolveScenario, type Scenario } from "../../scenarios/mod.ts";

/** The tiny scenario with `training` fields overridden. */
export function tinyScenario(training: Record<string, unknown> = {}): Scenario {
  return resolveScenario({
    name: "exec-tiny",
    seed: 11,
    data: {
      source: "scene",
      classes: 3,
      modalities: ["image", "series", "tabular"],
      localTestFraction: 0.25,
      globalTestSamples: 60,
      partition: { label: { dirichlet: { alpha: 1.0, minPerSite: 6 } } },
    },
    devices: { compute: 1e9, memory: 2e9 },
    links: { latency: 0.02, uplink: 5e6, downlink: 2e7, jitter: 0.1 },
    availability: { probability: 1 },
    sites: [
      { group: "full", count: 4, samples: 40 },
      { group: "tenth-volume", count: 2, samples: 8 },
    ],
    model: { preset: "tiny", fusion: "concat" },
    training: {
      protocol: "sync",
      strategy: { name: "fedavg" },
      rounds: 2,
      sitesPerRound: 6,
      localEpochs: 1,
      batchSize: 16,
      learningRate: 0.1,
      evalEvery: 1,
      ...training,
    },
    baseline: { enabled: false, epochs: 1 },
  });
}
