/**
 * BatchNorm in the federation: FedBN keeps each site's BN parameters and
 * running statistics local (Li et al., ICLR 2021) while the rest is FedAvg;
 * FedAvg averages the statistics; server optimisers average them too.
 */
import { assert, assertNear } from "../_assert.ts";
import { LocalExecutor } from "../../sim/fl/mod.ts";
import {
  createStrategy,
  type SiteState,
  type SiteUpdate,
  type Strategy,
  type WeightLayoutEntry,
} from "../../sim/fl/strategies/mod.ts";
import { tinyScenario } from "./_tiny.ts";

const SITES = [0, 1, 4];

/** One round of `name` at three sites of the tiny scenario with model.norm: batch. */
async function oneRound(name: string) {
  const scenario = tinyScenario({}, { model: { preset: "tiny", norm: "batch" } });
  const ex = await LocalExecutor.create({ scenario, seed: scenario.seed });
  try {
    const layout = ex.layout();
    const global = ex.initialWeights();
    const strategy: Strategy = createStrategy(name, {});
    strategy.init(global, layout, { totalSites: 6 });
    const states: SiteState[] = SITES.map(() => ({}));
    const updates: SiteUpdate[] = [];
    for (const [k, siteId] of SITES.entries()) {
      const start = strategy.siteStart(global, states[k]);
      const r = await ex.train(siteId, {
        round: 1,
        weights: start.slice(),
        epochs: 2,
        batchSize: 8,
        learningRate: 0.1,
        seed: 40 + siteId,
      });
      strategy.siteFinish(start, r.weights, states[k], { steps: r.steps, learningRate: 0.1 });
      updates.push({
        siteId,
        weights: r.weights,
        numSamples: r.samples,
        steps: r.steps,
        meanLoss: r.meanLoss,
        learningRate: 0.1,
      });
    }
    const next = strategy.aggregate(global, updates, [], 1);
    return { layout, global, strategy, states, updates, next };
  } finally {
    ex.dispose();
  }
}

/** Float64 FedAvg of the updates at index j. */
function fedAvgAt(updates: SiteUpdate[], j: number): number {
  const total = updates.reduce((s, u) => s + u.numSamples, 0);
  return updates.reduce((s, u) => s + u.numSamples * u.weights[j], 0) / total;
}

function indices(layout: WeightLayoutEntry[], keep: (e: WeightLayoutEntry) => boolean): number[] {
  return layout.filter(keep).flatMap((e) => Array.from({ length: e.size }, (_, i) => e.offset + i));
}

Deno.test("FedBN: after a round each site keeps its own BN parameters and running statistics, the rest is FedAvg", async () => {
  const { layout, global, strategy, states, updates, next } = await oneRound("fedbn");
  const norm = indices(layout, (e) => e.isNormalization);
  const stats = indices(layout, (e) => e.trainable === false);
  const shared = indices(layout, (e) => !e.isNormalization);
  assert(stats.length > 0 && stats.every((j) => norm.includes(j)), "statistics are norm entries");
  // The statistics really moved in training, differently at each site.
  assert(stats.some((j) => updates[0].weights[j] !== global[j]), "running stats moved");
  assert(stats.some((j) => updates[0].weights[j] !== updates[1].weights[j]), "sites differ");
  updates.forEach((u, k) => {
    for (
      const start of [
        strategy.siteStart(next, states[k]),
        strategy.evaluationWeights!(next, states[k]),
      ]
    ) {
      for (const j of norm) assert(start[j] === u.weights[j], `site ${u.siteId} norm ${j}`);
      for (const j of shared) assertNear(start[j], fedAvgAt(updates, j), 1e-6);
    }
  });
});

Deno.test("FedAvg averages BatchNorm's running statistics with the other weights", async () => {
  const { layout, updates, next } = await oneRound("fedavg");
  const stats = indices(layout, (e) => e.trainable === false);
  for (const j of stats) assertNear(next[j], fedAvgAt(updates, j), 1e-6);
});

Deno.test("FedAdam averages the running statistics instead of stepping them with its optimiser", async () => {
  const { layout, updates, next } = await oneRound("fedadam");
  for (const j of indices(layout, (e) => e.trainable === false)) {
    assertNear(next[j], fedAvgAt(updates, j), 1e-6);
  }
  // Trainable weights do take FedAdam's step (not the average).
  const trainable = indices(layout, (e) => e.trainable !== false);
  assert(trainable.some((j) => Math.abs(next[j] - fedAvgAt(updates, j)) > 1e-4), "server step");
});
