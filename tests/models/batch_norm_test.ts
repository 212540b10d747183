/** model.norm: real BatchNorm with running statistics in the flat vector, LayerNorm, or none. */
import { assert, assertArraysIdentical, assertEquals } from "../_assert.ts";
import {
  buildModel,
  evaluate,
  flatSize,
  getWeightsFlat,
  initBackend,
  setWeightsFlat,
  trainLocal,
  weightLayout,
} from "../../models/mod.ts";
import { syntheticDataset, tinySpec } from "./_fixtures.ts";

const backend = await initBackend();

Deno.test("norm: batch carries gamma, beta and the running statistics in the flat vector", () => {
  const model = buildModel(tinySpec({ norm: "batch" }));
  const layout = weightLayout(model);
  const names = (f: (s: (typeof layout)[number]) => boolean) =>
    layout.filter(f).map((s) => s.name).sort();
  assertEquals(names((s) => s.isNormalization && s.trainable), [
    "image_norm/beta",
    "image_norm/gamma",
    "series_norm/beta",
    "series_norm/gamma",
  ]);
  assertEquals(names((s) => !s.trainable), [
    "image_norm/moving_mean",
    "image_norm/moving_variance",
    "series_norm/moving_mean",
    "series_norm/moving_variance",
  ]);
  assert(layout.filter((s) => !s.trainable).every((s) => s.isNormalization), "stats are norm");
  // Running statistics come after every trainable weight, contiguously.
  const trainable = flatSize(model, "trainable");
  let offset = trainable;
  for (const s of layout.filter((s) => !s.trainable)) {
    assertEquals(s.offset, offset, s.name);
    offset += s.size;
  }
  assertEquals(offset, model.countParams());
  const flat = getWeightsFlat(model);
  assertEquals(flat.length, model.countParams());
  const variance = layout.find((s) => s.name === "image_norm/moving_variance")!;
  assert(flat.subarray(variance.offset, variance.offset + variance.size).every((v) => v === 1));
  model.dispose();
});

Deno.test(`local training moves the running statistics and inference uses them (${backend})`, () => {
  const spec = tinySpec({ norm: "batch", shapes: { tabular: [16], series: [32, 3] } });
  const model = buildModel(spec);
  const data = syntheticDataset(48, spec.classes, spec.shapes);
  const before = getWeightsFlat(model);
  trainLocal(model, data, { epochs: 2, batchSize: 16, learningRate: 0.05, seed: 3 });
  const after = getWeightsFlat(model);
  assert(after.every(Number.isFinite), "finite");
  for (const s of weightLayout(model).filter((s) => s.isNormalization)) {
    const moved = after.subarray(s.offset, s.offset + s.size).some((v, i) =>
      v !== before[s.offset + i]
    );
    assert(moved, `${s.name} did not change`);
  }
  // Inference normalises with the running statistics: one sample scores the same alone or in a batch,
  const whole = evaluate(model, data, 48).loss;
  const single = evaluate(model, data, 1).loss;
  assert(Math.abs(whole - single) < 1e-5, `${whole} vs ${single}`);
  // and other statistics give other predictions.
  const mean = weightLayout(model).find((s) => s.name === "series_norm/moving_mean")!;
  const shifted = after.slice();
  for (let i = 0; i < mean.size; i++) shifted[mean.offset + i] += 1;
  setWeightsFlat(model, shifted);
  assert(Math.abs(evaluate(model, data).loss - whole) > 1e-4, "the statistics must matter");
  model.dispose();
});

Deno.test("the default norm is each preset's own: layer for tiny (the same bits), none for reference", () => {
  const a = buildModel(tinySpec()), b = buildModel(tinySpec({ norm: "layer" }));
  assertArraysIdentical(getWeightsFlat(b), getWeightsFlat(a), "tiny layer");
  assertEquals(weightLayout(b).map((s) => s.name), weightLayout(a).map((s) => s.name));
  const none = buildModel(tinySpec({ norm: "none" }));
  assert(!weightLayout(none).some((s) => s.isNormalization), "none has no norm weights");
  const ref = { preset: "reference" as const, shapes: { series: [32, 3] }, classes: 3, seed: 2 };
  const plain = buildModel(ref), withBn = buildModel({ ...ref, norm: "batch" });
  assert(!weightLayout(plain).some((s) => s.isNormalization), "reference has no norm");
  assert(weightLayout(withBn).some((s) => s.name === "series_norm/moving_mean"), "reference + BN");
  [a, b, none, plain, withBn].forEach((m) => m.dispose());
});
