/**
 * `training.optimizer` reaches every site's local training under every
 * protocol, through the worker pool too, and the centralised baseline; and
 * FedNova normalises a real round's updates with the momentum sites used.
 */
import { assert, assertArraysIdentical, assertEquals, assertNear } from "../_assert.ts";
import { RngStreams } from "../../sim/engine/mod.ts";
import type { LocalTrainTask, SiteExecutor } from "../../sim/world/mod.ts";
import { LocalExecutor, trainCentral, WorkerPool } from "../../sim/fl/mod.ts";
import { fedNovaStepNorm } from "../../sim/fl/strategies/mod.ts";
import { runRounds } from "../exec/_federation.ts";
import { tinyScenario } from "./_tiny.ts";

const MOMENTUM = { name: "momentum", momentum: 0.9, nesterov: false, weightDecay: 0 } as const;

/** A LocalExecutor that records every training task and its result. */
function recording(ex: LocalExecutor) {
  const trained: {
    siteId: number;
    task: LocalTrainTask;
    weights: Float32Array;
    steps: number;
    samples: number;
  }[] = [];
  const executor: SiteExecutor = {
    train: async (siteId, task) => {
      const copy = { ...task, weights: task.weights.slice() };
      const r = await ex.train(siteId, task);
      trained.push({
        siteId,
        task: copy,
        weights: r.weights.slice(),
        steps: r.steps,
        samples: r.samples,
      });
      return r;
    },
    evaluate: (siteId, weights) => ex.evaluate(siteId, weights),
  };
  return { executor, trained };
}

for (const protocol of ["sync", "async", "hierarchical"] as const) {
  Deno.test(`training.optimizer reaches every site's task under the ${protocol} protocol`, async () => {
    const scenario = tinyScenario({
      protocol,
      rounds: 1,
      optimizer: MOMENTUM,
      async: { bufferSize: 2, concurrency: 3 },
      hierarchical: { groupsBy: 2, edgeRounds: 1 },
    });
    const ex = await LocalExecutor.create({ scenario, seed: scenario.seed });
    try {
      const { executor, trained } = recording(ex);
      await runRounds(scenario, executor);
      assert(trained.length > 0, "no site trained");
      for (const t of trained) assertEquals(t.task.optimizer, MOMENTUM, `site ${t.siteId}`);
    } finally {
      ex.dispose();
    }
  });
}

Deno.test("a site's momentum moves its weights differently from SGD; explicit SGD is the old default", async () => {
  const scenario = tinyScenario();
  const ex = await LocalExecutor.create({ scenario, seed: scenario.seed });
  try {
    const task = (optimizer?: LocalTrainTask["optimizer"]): LocalTrainTask => ({
      round: 1,
      weights: ex.initialWeights(),
      epochs: 2,
      batchSize: 16,
      learningRate: 0.1,
      seed: 11,
      ...(optimizer ? { optimizer } : {}),
    });
    const plain = (await ex.train(0, task())).weights;
    const sgd = (await ex.train(0, task({ ...MOMENTUM, name: "sgd" }))).weights;
    const heavy = (await ex.train(0, task(MOMENTUM))).weights;
    assertArraysIdentical(sgd, plain, "explicit sgd");
    assert(heavy.some((v, j) => Math.abs(v - plain[j]) > 1e-4), "momentum must change the update");
  } finally {
    ex.dispose();
  }
});

Deno.test("the worker pool trains with the task's optimiser: the same bits as in this thread", async () => {
  const scenario = tinyScenario({ rounds: 2, optimizer: MOMENTUM });
  const ex = await LocalExecutor.create({ scenario, seed: scenario.seed });
  const pool = new WorkerPool(1, { scenario, seed: scenario.seed });
  try {
    await pool.ready();
    const here = await runRounds(scenario, ex);
    const there = await runRounds(scenario, pool);
    here.globals.forEach((g, i) => assertArraysIdentical(there.globals[i], g, `round ${i + 1}`));
    const sgd = await runRounds(tinyScenario({ rounds: 2 }), ex);
    assert(sgd.globals[1].some((v, j) => v !== here.globals[1][j]), "momentum must matter");
  } finally {
    pool.terminate();
    ex.dispose();
  }
});

Deno.test("FedNova normalises a real round's updates with the sites' momentum (float64, from the paper)", async () => {
  const scenario = tinyScenario({
    strategy: { name: "fednova" },
    rounds: 1,
    sitesPerRound: 6,
    overcommit: 1,
    optimizer: MOMENTUM,
  });
  const ex = await LocalExecutor.create({ scenario, seed: scenario.seed });
  try {
    const { executor, trained } = recording(ex);
    const [global] = (await runRounds(scenario, executor)).globals;
    const x = ex.initialWeights();
    const taus = new Set(trained.map((t) => t.steps));
    assert(taus.size > 1, `expected unequal local steps but found ${[...taus]}`);
    // x⁺ = x − τ_eff Σ pᵢ (x − yᵢ)/aᵢ, aᵢ = [τ − ρ(1 − ρ^τ)/(1 − ρ)]/(1 − ρ), pᵢ = nᵢ/Σn.
    const rho = 0.9;
    const a = trained.map((t) => (t.steps - rho * (1 - rho ** t.steps) / (1 - rho)) / (1 - rho));
    a.forEach((ai, i) => assertNear(fedNovaStepNorm(trained[i].steps, rho), ai, 1e-9));
    const total = trained.reduce((s, t) => s + t.samples, 0);
    const p = trained.map((t) => t.samples / total);
    const tauEff = p.reduce((s, pi, i) => s + pi * a[i], 0);
    for (let j = 0; j < x.length; j++) {
      let sum = 0;
      trained.forEach((t, i) => sum += p[i] * (x[j] - t.weights[j]) / a[i]);
      assertNear(global[j], x[j] - tauEff * sum, 1e-6);
    }
  } finally {
    ex.dispose();
  }
});

Deno.test("the baseline trains with the optimiser and keeps its momentum across epochs", async () => {
  const scenario = tinyScenario();
  const ex = await LocalExecutor.create({ scenario, seed: scenario.seed });
  try {
    const settings = { epochs: 2, batchSize: 16, learningRate: 0.05 };
    const run = (optimizer?: typeof MOMENTUM) =>
      trainCentral(ex, ex.initialWeights(), { ...settings, optimizer }, new RngStreams(3));
    const sgd = run();
    const heavy = run(MOMENTUM);
    assert(heavy.curve[1].loss !== sgd.curve[1].loss, "momentum must change the baseline");
    // Restarting momentum every epoch lands elsewhere: the state carries over.
    const data = ex.pooledTrain();
    const streams = new RngStreams(3);
    let w = ex.initialWeights();
    for (let epoch = 1; epoch <= 2; epoch++) {
      w = ex.trainEpoch(data, w, {
        batchSize: 16,
        learningRate: 0.05,
        seed: streams.stream(`baseline/epoch-${epoch}`).seed32(),
        optimizer: MOMENTUM,
      }).weights;
    }
    const restarted = ex.evaluateGlobal(w).loss;
    assert(restarted !== heavy.curve[1].loss, "the baseline's momentum must persist across epochs");
    // Epoch 1 is the same either way (fresh momentum at the start).
    assertEquals(run(MOMENTUM).curve[0].loss, heavy.curve[0].loss);
  } finally {
    ex.dispose();
  }
});
