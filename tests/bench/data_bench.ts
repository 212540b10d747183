/**
 * Data benchmarks. Target: generating the scene for 300 sites × 400 samples
 * takes < 10 s on the 2-core dev machine. fl-300's 300 sites are materialised
 * with the C kernels and in JavaScript alone (the per-sample cost the
 * scenario pays). The fusion-matters numbers (logistic regression on summary
 * features, per modality and fused) are printed once.
 *
 *   deno bench -A tests/bench/data_bench.ts
 */

import { RngStreams } from "../../sim/engine/mod.ts";
import {
  createSceneSource,
  materializeSite,
  type Modality,
  planSites,
  prepareDataHelpers,
} from "../../sim/data/mod.ts";
import { withoutDataKernels } from "../../sim/data/data_helpers.ts";
import { loadScenario } from "../../scenarios/mod.ts";
import { planScenario } from "../../sim/fl/data_setup.ts";
import { fusedFeatures, logisticAccuracy } from "../data/_fusion.ts";

const helpers = await prepareDataHelpers();
const fl300 = await loadScenario(new URL("../../scenarios/fl-300.yaml", import.meta.url).pathname);
const fl300Streams = new RngStreams(fl300.seed);
const fl300World = await planScenario(fl300, fl300Streams);
const fl300Samples = fl300World.plans.reduce((s, p) => s + p.size, 0);

function materialiseFl300(): void {
  for (const p of fl300World.plans) materializeSite(fl300World.source, p, fl300Streams);
}

Deno.bench({
  name: `fl-300: materialise all 300 sites (${fl300Samples} samples), C kernels`,
  group: "fl-300",
  baseline: true,
  ignore: !helpers.ok,
  fn: materialiseFl300,
});

Deno.bench({
  name: `fl-300: materialise all 300 sites (${fl300Samples} samples), JavaScript only`,
  group: "fl-300",
  fn: () => withoutDataKernels(materialiseFl300),
});

const SITES = 300;
const SAMPLES = 400;
const ALL: Modality[] = ["image", "series", "tabular", "tokens"];

const scene = createSceneSource({ modalities: ALL });

function generateWorld(): number {
  const streams = new RngStreams(42);
  const plans = planSites(scene, {
    groups: [{ group: "full", count: SITES, samples: SAMPLES }],
    label: { dirichlet: { alpha: 0.5, minPerSite: 8 } },
  }, streams);
  let n = 0;
  // Each site is generated and dropped, as a lazily materialising world would.
  for (const p of plans) n += materializeSite(scene, p, streams).train.n;
  return n;
}

Deno.bench({
  name: `scene: plan + materialise ${SITES} sites × ${SAMPLES} samples (4 modalities)`,
  n: 1,
  warmup: 0,
  fn: () => {
    generateWorld();
  },
});

Deno.bench({
  name: "scene: plan 300 sites only (what an idle world holds)",
  fn: () => {
    planSites(scene, {
      groups: [{ group: "full", count: SITES, samples: SAMPLES }],
      label: { dirichlet: { alpha: 0.5 } },
    }, new RngStreams(1));
  },
});

// The fusion numbers: printed once so `deno bench` output carries them.
{
  const streams = new RngStreams(3);
  const make = (n: number, name: string) =>
    scene.generate(Int32Array.from({ length: n }, (_, i) => i % 8), streams.stream(name), "train");
  const train = make(3000, "fusion-train"), test = make(1500, "fusion-test");
  const sets: Modality[][] = [
    ["image"],
    ["series"],
    ["tabular"],
    ["tokens"],
    ["image", "series"],
    ["image", "series", "tabular"],
    ALL,
  ];
  for (const ms of sets) {
    const a = fusedFeatures(train, ms), b = fusedFeatures(test, ms);
    const acc = logisticAccuracy({ ...a, y: train.labels }, { x: b.x, y: test.labels }, 8, 200);
    console.log(
      `fusion check (logistic regression, 8 classes): ${ms.join("+")}: ${acc.toFixed(3)}`,
    );
  }
}
