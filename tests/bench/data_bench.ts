/**
 * Data benchmarks. Target: generating the scene for 300 sites × 400 samples
 * takes < 10 s on the 2-core dev machine. The fusion-matters numbers (logistic
 * regression on summary features, per modality and fused) are printed once.
 *
 *   deno bench -A tests/bench/data_bench.ts
 */

import { RngStreams } from "../../sim/engine/mod.ts";
import {
  createSceneSource,
  materializeSite,
  type Modality,
  planSites,
} from "../../sim/data/mod.ts";
import { fusedFeatures, logisticAccuracy } from "../data/_fusion.ts";

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
