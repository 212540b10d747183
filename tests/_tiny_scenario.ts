/** The tiny scenario that federation tests share: a few small sites, the tiny preset, a few rounds. */
import { resolveScenario, type Scenario } from "../scenarios/mod.ts";

/** The tiny scenario's data section, for tests that change one of its fields. */
export const TINY_DATA = {
  source: "scene",
  classes: 3,
  modalities: ["image", "series", "tabular"],
  localTestFraction: 0.25,
  // The held-out path (pool sources, siteEvalSamples 0); drawn evaluation sets have their own tests.
  siteEvalSamples: 0,
  globalTestSamples: 120,
  partition: { label: { dirichlet: { alpha: 1.0, minPerSite: 6 } } },
} as const;

/** The tiny scenario, with `training` fields and top-level fields overridden. */
export function tinyScenario(
  training: Record<string, unknown> = {},
  top: Record<string, unknown> = {},
): Scenario {
  return resolveScenario({
    name: "tiny-test",
    seed: 5,
    data: TINY_DATA,
    devices: { compute: { lognormal: { median: 1e9, sigma: 0.3 } }, memory: 2e9 },
    links: { latency: 0.02, uplink: 5e6, downlink: 2e7, jitter: 0.1 },
    availability: { probability: 1 },
    sites: [
      { group: "full", count: 4, samples: 48 },
      { group: "small", count: 2, samples: 12 },
    ],
    model: { preset: "tiny", fusion: "concat" },
    training: {
      protocol: "sync",
      strategy: { name: "fedavg" },
      rounds: 3,
      sitesPerRound: 4,
      overcommit: 1.5,
      localEpochs: 2,
      batchSize: 16,
      learningRate: 0.1,
      evalEvery: 2,
      ...training,
    },
    baseline: { enabled: false, epochs: 1 },
    ...top,
  });
}
