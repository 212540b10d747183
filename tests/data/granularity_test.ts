import { assert, assertEquals } from "../_assert.ts";
import { RngStreams } from "../../sim/engine/mod.ts";
import {
  applyGranularity,
  coarsestGranularity,
  createSceneSource,
  type Dataset,
  planSites,
  sampleSize,
  TABULAR_QUANTUM,
} from "../../sim/data/mod.ts";

function scene(n = 8): Dataset {
  const src = createSceneSource({ modalities: ["image", "series", "tabular", "tokens"] });
  return src.generate(
    Int32Array.from({ length: n }, (_, i) => i % 8),
    new RngStreams(3).stream("g"),
    "train",
  );
}

function distinctPerSample(ds: Dataset, m: "image" | "series" | "tabular"): number {
  const size = sampleSize(ds.shapes[m]!);
  let worst = 0;
  for (let i = 0; i < ds.n; i++) {
    worst = Math.max(worst, new Set(ds.inputs[m]!.subarray(i * size, (i + 1) * size)).size);
  }
  return worst;
}

/** Mean squared difference of neighbouring steps: energy at the highest frequencies. */
function highFrequencyEnergy(ds: Dataset): number {
  const [T, S] = ds.shapes.series!;
  const x = ds.inputs.series!;
  let e = 0;
  for (let i = 0; i < ds.n; i++) {
    for (let t = 1; t < T; t++) {
      for (let s = 0; s < S; s++) e += (x[(i * T + t) * S + s] - x[(i * T + t - 1) * S + s]) ** 2;
    }
  }
  return e / (ds.n * (T - 1) * S);
}

Deno.test("granularity 1 leaves data untouched", () => {
  const a = scene(), b = scene();
  applyGranularity(b, 1);
  assertEquals(b.inputs.image, a.inputs.image);
});

Deno.test("1/10-granularity images keep their shape but hold only 3×3 block values per channel", () => {
  const ds = scene();
  assert(distinctPerSample(ds, "image") > 1000);
  applyGranularity(ds, 0.1);
  assertEquals(ds.inputs.image!.length, 8 * 32 * 32 * 3);
  assert(distinctPerSample(ds, "image") <= 3 * 3 * 3, `${distinctPerSample(ds, "image")}`);
});

Deno.test("1/10-granularity series are sampled every 10 steps and carry less high-frequency energy", () => {
  const full = scene(), held = scene(), linear = scene();
  applyGranularity(held, 0.1, "hold");
  applyGranularity(linear, 0.1, "linear");
  assert(distinctPerSample(held, "series") <= 7 * 6);
  assert(highFrequencyEnergy(linear) < 0.2 * highFrequencyEnergy(full));
  // Kept steps are the original readings.
  const S = 6;
  for (const t of [0, 10, 60]) {
    assertEquals(linear.inputs.series![t * S + 2], full.inputs.series![t * S + 2]);
  }
});

Deno.test("1/10-granularity tabular readings are quantised to steps of 1.0", () => {
  const ds = scene();
  applyGranularity(ds, 0.1);
  const step = TABULAR_QUANTUM / 0.1;
  assert(ds.inputs.tabular!.every((v) => Math.abs(v / step - Math.round(v / step)) < 1e-5));
  assert(distinctPerSample(ds, "tabular") < 10);
});

Deno.test("per-modality granularity coarsens only the modalities it names", () => {
  const full = scene(), ds = scene();
  applyGranularity(ds, { image: 0.1 });
  assert(distinctPerSample(ds, "image") <= 27);
  assertEquals(ds.inputs.series, full.inputs.series);
  assertEquals(ds.inputs.tabular, full.inputs.tabular);
  assertEquals(coarsestGranularity({ image: 0.1, series: 0.5 }), 0.1);
  const plans = planSites(createSceneSource(), {
    groups: [{ group: "coarse-camera", count: 1, samples: 10, granularity: { image: 0.25 } }],
  }, new RngStreams(1));
  assertEquals([plans[0].granularity, plans[0].granularityByModality], [0.25, { image: 0.25 }]);
});
