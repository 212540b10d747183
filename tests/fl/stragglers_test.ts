/**
 * FedProx's stragglers (Li et al., MLSys 2020, §5.2; the authors'
 * flearn/trainers/fedprox.py and fedavg.py): of the K selected devices,
 * round(K·(1 − drop_percent)) are active (Python's round); the others run
 * `np.random.randint(1, E)` epochs, i.e. 1…E−1. FedAvg aggregates only the
 * active devices; FedProx aggregates everyone's solution, weighted by samples.
 * The expected aggregates are recomputed here in float64 from the updates.
 */
import { assert, assertArraysIdentical, assertEquals, assertVectorNear } from "../_assert.ts";
import { parseScenario } from "../../scenarios/mod.ts";
import { LocalExecutor } from "../../sim/fl/mod.ts";
import type { SiteUpdate } from "../../sim/fl/strategies/mod.ts";
import { syncRound } from "../../sim/fl/round/sync_round.ts";
import { roundHalfEven, stragglerCount } from "../../sim/fl/round/stragglers.ts";
import { federation } from "./_federation.ts";

const E = 4, BATCH = 10;

function scenarioText(strategy: string, epochs: number, stragglers: string): string {
  return `name: st
seed: 3
data:
  source: fedprox-synthetic
  classes: 10
  modalities: [tabular]
  siteEvalSamples: 20
  globalTestSamples: 50
  synthetic: { alpha: 1, beta: 1, sampleLaw: { mu: 2, sigma: 1, offset: 20 } }
sites:
  - { group: device, count: 10, samples: 30 }
model:
  encoders: { tabular: [] }
  head: [{ dense: { units: 10 } }]
baseline: { enabled: false }
training:
  strategy: { name: ${strategy}, params: ${strategy === "fedprox" ? "{ mu: 1 }" : "{}"} }
  sitesPerRound: 10
  localEpochs: ${epochs}
  batchSize: ${BATCH}
  learningRate: 0.05
${stragglers}`;
}

Deno.test("the straggler count is K − round(K·(1 − fraction)) with Python's round half to even", () => {
  // Python: round(2.5) == 2, round(3.5) == 4, round(10 * (1 - 0.9)) == 1.
  assertEquals([roundHalfEven(2.5), roundHalfEven(3.5), roundHalfEven(0.5)], [2, 4, 0]);
  assertEquals(stragglerCount(10, 0), 0);
  assertEquals(stragglerCount(10, 0.5), 5);
  assertEquals(stragglerCount(10, 0.9), 9);
  assertEquals(stragglerCount(5, 0.5), 3);
  assertEquals(stragglerCount(7, 0.5), 3);
});

/** One sync round of `text`'s scenario; the updates the strategy aggregated and the round. */
async function oneRound(text: string, key = "round-1", candidates?: number[]) {
  const scenario = parseScenario(text, "st.yaml");
  const main = await LocalExecutor.create({ scenario, seed: scenario.seed });
  try {
    const { fed, initial } = federation(main, scenario, scenario.training.strategy.params);
    const seen: SiteUpdate[] = [];
    const aggregate = fed.strategy.aggregate.bind(fed.strategy);
    fed.strategy.aggregate = (g, updates, failures, round) => {
      seen.push(...updates);
      return aggregate(g, updates, failures, round);
    };
    const result = await syncRound(fed, {
      round: 1,
      key,
      start: 0,
      candidates: candidates ?? fed.world.sites.map((s) => s.id),
      sitesPerRound: candidates?.length ?? 10,
      overcommit: 1,
      strategy: fed.strategy,
      global: initial,
    });
    const batches = new Map(main.plans.map((p) => [p.siteId, Math.ceil(p.trainSize / BATCH)]));
    return { result, seen, batches, initial };
  } finally {
    main.dispose();
  }
}

/** Σ nᵢ·wᵢ / Σ nᵢ in float64: the authors' aggregate of client solutions. */
function sampleWeightedMean(updates: readonly SiteUpdate[]): Float64Array {
  const out = new Float64Array(updates[0].weights.length);
  const total = updates.reduce((a, u) => a + u.numSamples, 0);
  for (const u of updates) {
    for (let j = 0; j < out.length; j++) out[j] += u.numSamples * u.weights[j] / total;
  }
  return out;
}

Deno.test("partial: FedProx keeps 5 stragglers' 1…E−1 epochs of work and is told their real steps", async () => {
  const text = scenarioText("fedprox", E, "  stragglers: { fraction: 0.5, policy: partial }\n");
  const { result, seen, batches } = await oneRound(text);
  assertEquals(result.completed, 10);
  const epochs = seen.map((u) => u.steps / batches.get(u.siteId)!);
  assert(epochs.every((e) => Number.isInteger(e) && e >= 1 && e <= E), `epochs ${epochs}`);
  assertEquals(epochs.filter((e) => e < E).length, 5, `epochs ${epochs}`);
  assertVectorNear(result.global, sampleWeightedMean(seen), 1e-6);

  // A straggler's update is exactly e epochs of real training from the same start and seed.
  const straggler = seen.find((u) => u.steps < E * batches.get(u.siteId)!)!;
  const e = straggler.steps / batches.get(straggler.siteId)!;
  const alone = await oneRound(scenarioText("fedprox", e, ""), "round-1", [straggler.siteId]);
  assertArraysIdentical(alone.seen[0].weights, straggler.weights);
});

Deno.test("drop: FedAvg aggregates only the round(K·(1 − 0.9)) = 1 full-work site; stragglers fail", async () => {
  const text = scenarioText("fedavg", E, "  stragglers: { fraction: 0.9, policy: drop }\n");
  const { result, seen, batches } = await oneRound(text);
  assertEquals(result.completed, 1);
  assertEquals(seen.length, 1);
  assertEquals(seen[0].steps, E * batches.get(seen[0].siteId)!);
  assertEquals(result.failures.length, 9);
  assert(result.failures.every((f) => f.reason === "deadline"));
  assertVectorNear(result.global, sampleWeightedMean(seen), 1e-6);
});

Deno.test("fraction 0 changes nothing: every site runs E epochs, as without stragglers", async () => {
  const on = await oneRound(
    scenarioText("fedprox", E, "  stragglers: { fraction: 0, policy: partial }\n"),
  );
  const off = await oneRound(scenarioText("fedprox", E, ""));
  assertArraysIdentical(on.result.global, off.result.global);
  assert(on.seen.every((u) => u.steps === E * on.batches.get(u.siteId)!));
});
