import assert from "node:assert/strict";
import { resolveScenario, type Scenario } from "../../scenarios/mod.ts";
import { LocalExecutor, runScenario } from "../../sim/fl/mod.ts";
import type { RetentionWithSpread } from "../../sim/robustness/mod.ts";

function scenario(robustness: Record<string, unknown>, personalization = {}): Scenario {
  return resolveScenario({
    name: "robustness-test",
    seed: 3,
    data: {
      source: "scene",
      classes: 3,
      localTestFraction: 0.25,
      globalTestSamples: 60,
      partition: { label: { dirichlet: { alpha: 1.0, minPerSite: 4 } } },
    },
    devices: { compute: 1e9, memory: 2e9 },
    links: { latency: 0.02, uplink: 5e6, downlink: 2e7 },
    sites: [
      { group: "full", count: 3, samples: 40 },
      { group: "tenth-volume", count: 1, samples: 4 },
      { group: "tenth-granularity", count: 1, samples: 32, granularity: 0.1 },
      { group: "missing-camera", count: 1, samples: 32, missing: { image: 1.0 } },
    ],
    model: { preset: "tiny", fusion: "gated", modalityDropout: 0.2 },
    training: { rounds: 2, sitesPerRound: 6, batchSize: 16, learningRate: 0.1, evalEvery: 2 },
    robustness,
    personalization,
    baseline: { enabled: false, epochs: 1 },
  });
}

Deno.test("a site with small-site weighting reports n^γ and trains on coarsened copies", async () => {
  const off = await LocalExecutor.create({ scenario: scenario({}), seed: 3 });
  const on = await LocalExecutor.create({
    scenario: scenario({ smallSiteWeighting: { exponent: 0.5 }, granularityAugmentation: true }),
    seed: 3,
  });
  try {
    const task = (e: LocalExecutor) => ({
      round: 1,
      weights: e.initialWeights(),
      epochs: 1,
      batchSize: 16,
      learningRate: 0.1,
      seed: 4,
    });
    const a = await off.train(0, task(off));
    const b = await on.train(0, task(on));
    const n = off.siteData(0).train.n;
    assert.equal(a.samples, n);
    assert.ok(Math.abs(b.samples - Math.sqrt(n)) < 1e-9);
    assert.ok(a.weights.some((v, i) => v !== b.weights[i]), "augmented inputs change the update");
  } finally {
    off.dispose();
    on.dispose();
  }
});

Deno.test("a run with every mechanism on reports imputed, personalised accuracy and retention with spread", async () => {
  const r = await runScenario(
    scenario(
      { granularityAugmentation: true, smallSiteWeighting: true, imputation: true },
      { enabled: true, steps: 3 },
    ),
    { quiet: true },
  );
  for (const s of r.sites) {
    assert.ok(s.accuracy >= 0 && s.accuracy <= 1, `site ${s.siteId} accuracy ${s.accuracy}`);
    assert.ok(s.fineTunedAccuracy! >= 0 && s.fineTunedAccuracy! <= 1);
    // FedAvg keeps no personal model of its own.
    assert.ok(Number.isNaN(s.personalizedAccuracy));
  }
  const extras = r.extras.robustness as {
    retention: RetentionWithSpread[];
    accuracyBeforeImputation: Record<string, number>;
    imputationSamples: Record<string, number>;
  };
  const missing = r.sites.filter((s) => s.missing.length > 0).map((s) => String(s.siteId));
  assert.deepEqual(Object.keys(extras.accuracyBeforeImputation), missing);
  assert.ok(extras.imputationSamples[0] > 0, "the camera statistics come from sites with one");
  assert.deepEqual(extras.retention.map((g) => g.group), [
    "tenth-volume",
    "tenth-granularity",
    "missing-camera",
  ]);
  for (const g of extras.retention) assert.ok("sd" in g && "ci95" in g);
  // Statistics and tables moved, never samples: only declared kinds carry bytes.
  assert.ok(r.summary.bytesByKind["metrics-up"] > 0);
});
