/**
 * A small scenario shaped like scenarios/demo.yaml — four site groups
 * (1/10 volume, 1/10 granularity, a missing camera), Dirichlet label skew,
 * sites that go offline, over-commit and a deadline — with the tiny model
 * and few samples, so every protocol × strategy pair runs in a test.
 */
import { resolveScenario, type Scenario } from "../../scenarios/mod.ts";

/** Strategy params that make every registered strategy run on this scenario. */
export const DEMO_SHAPED_PARAMS: Record<string, Record<string, unknown>> = {
  "dp-fedavg": { clipNorm: 1, noiseMultiplier: 0.1, seed: 3 },
  // Krum needs n ≥ 2f + 3 updates; with f = 0 three are enough.
  "krum": { byzantine: 0 },
  "multi-krum": { byzantine: 0 },
};

/** The demo-shaped scenario for `protocol` and `strategy`, with `training` fields overridden. */
export function demoShapedScenario(
  protocol: "sync" | "async" | "hierarchical",
  strategy: string,
  training: Record<string, unknown> = {},
): Scenario {
  // Krum aborts a run when fewer than 2f + 3 updates arrive (issue 16, defect 7,
  // fixed separately); until then its runs keep every site able to answer.
  const krum = strategy === "krum" || strategy === "multi-krum";
  return resolveScenario({
    name: "demo-shaped-test",
    seed: 42,
    data: {
      source: "scene",
      classes: 4,
      modalities: ["image", "series", "tabular"],
      localTestFraction: 0.25,
      globalTestSamples: 60,
      partition: { label: { dirichlet: { alpha: 0.5, minPerSite: 4 } } },
    },
    devices: {
      compute: { lognormal: { median: 2e9, sigma: 0.6 } },
      memory: { uniform: { min: 1e9, max: 4e9 } },
    },
    links: {
      latency: { lognormal: { median: 0.05, sigma: 0.5 } },
      uplink: { lognormal: { median: 5e6, sigma: 0.7 } },
      downlink: { lognormal: { median: 2e7, sigma: 0.7 } },
      jitter: 0.1,
    },
    // Sites that fail when asked (offline here, no memory below) made async checkpoints crash.
    availability: { probability: krum ? 1 : 0.7 },
    sites: [
      { group: "full", count: 5, samples: { lognormal: { median: 24, sigma: 0.3 } } },
      { group: "tenth-volume", count: 2, samples: 6 },
      { group: "tenth-granularity", count: 2, samples: 24, granularity: 0.1 },
      { group: "missing-camera", count: 2, samples: 24, missing: { image: 1.0 } },
      // Too little memory for the model: every dispatch to them fails ("dropped").
      ...(krum ? [] : [{ group: "old-devices", count: 3, samples: 24, devices: { memory: 1000 } }]),
    ],
    model: { preset: "tiny", fusion: "gated", modalityDropout: 0.1 },
    training: {
      protocol,
      strategy: { name: strategy, params: DEMO_SHAPED_PARAMS[strategy] ?? {} },
      rounds: 2,
      // Krum: enough sites for every hierarchical edge to get three.
      sitesPerRound: krum ? 10 : 5,
      overcommit: 1.2,
      deadline: 120,
      localEpochs: 1,
      batchSize: 16,
      learningRate: 0.05,
      evalEvery: 2,
      async: { bufferSize: 3, concurrency: 5 },
      hierarchical: { groupsBy: 2, edgeRounds: 2 },
      ...training,
    },
    baseline: { enabled: false, epochs: 1 },
  });
}
