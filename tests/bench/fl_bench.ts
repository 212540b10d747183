/** Wall-clock cost of the federation core on a tiny scenario (sync rounds, in-process and on workers). */
import { resolveScenario } from "../../scenarios/mod.ts";
import { playRound, runScenario } from "../../sim/fl/mod.ts";

const scenario = resolveScenario({
  name: "bench-tiny",
  seed: 1,
  data: { source: "scene", classes: 3, globalTestSamples: 120 },
  sites: [{ group: "full", count: 6, samples: 48 }],
  model: { preset: "tiny" },
  training: { rounds: 2, sitesPerRound: 4, batchSize: 16, learningRate: 0.1, evalEvery: 2 },
  baseline: { enabled: false, epochs: 1 },
});

Deno.bench("runScenario: tiny, 2 sync rounds, in-process", { n: 3 }, async () => {
  await runScenario(scenario, { workers: 0, quiet: true });
});

Deno.bench("runScenario: tiny, 2 sync rounds, 2 workers", { n: 3 }, async () => {
  await runScenario(scenario, { workers: 2, quiet: true });
});

const trips = Array.from({ length: 300 }, (_, i) => ({
  siteId: i,
  download: 1 + (i % 7),
  compute: 5 + (i % 13),
  upload: 2 + (i % 5),
  dropAt: null,
}));
Deno.bench("playRound: 300 sites on the virtual clock", () => {
  playRound(trips, { start: 0, needed: 200, deadline: 20 });
});
