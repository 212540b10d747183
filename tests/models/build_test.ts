import * as tf from "@tensorflow/tfjs-core";
import { assert, assertArraysIdentical, assertEquals, assertThrows } from "../_assert.ts";
import {
  buildModel,
  datasetToTensors,
  getWeightsFlat,
  initBackend,
  type ModelSpec,
  presetInfo,
} from "../../models/mod.ts";
import { DEMO_SHAPES, syntheticDataset, tinySpec } from "./_fixtures.ts";

await initBackend();

const ALL_SHAPES = { ...DEMO_SHAPES, tokens: [12] };

Deno.test("buildModel takes modalities in MODALITIES order then a mask, and outputs a softmax", () => {
  const model = buildModel({
    preset: "tiny",
    shapes: { tokens: [5], tabular: [4], image: [8, 8, 1] },
    classes: 3,
    seed: 1,
  });
  assertEquals(model.inputs.map((i) => i.name).join(","), "image,tabular,tokens,mask");
  assertEquals(model.inputs[3].shape[1], 3);
  const data = syntheticDataset(6, 3, { image: [8, 8, 1], tabular: [4], tokens: [5] });
  const p = model.predict(datasetToTensors(data)) as tf.Tensor;
  const sums = tf.sum(p, 1).dataSync();
  sums.forEach((s) => assert(Math.abs(s - 1) < 1e-5, `row sums to ${s}`));
  assertEquals(p.shape[1], 3);
  model.dispose();
});

Deno.test("the reference preset has exactly the specified parameter count", () => {
  // conv 3·3·3·16+16, conv 3·3·16·32+32, conv1d 5·6·32+32, conv1d 5·32·32+32,
  // dense 16·32+32, dense 96·64+64, dense 64·8+8
  const expected = 448 + 4640 + 992 + 5152 + 544 + 6208 + 520;
  assertEquals(
    presetInfo({ preset: "reference", shapes: DEMO_SHAPES, classes: 8, seed: 1 }).params,
    expected,
  );
  // width 4 multiplies every width
  const wide = 3 * 3 * 3 * 64 + 64 + 3 * 3 * 64 * 128 + 128 + 5 * 6 * 128 + 128 + 5 * 128 * 128 +
    128 +
    16 * 128 + 128 + 384 * 256 + 256 + 256 * 8 + 8;
  assertEquals(
    presetInfo({ preset: "reference", shapes: DEMO_SHAPES, classes: 8, seed: 1, width: 4 }).params,
    wide,
  );
});

Deno.test("presets land near their parameter targets for the demo shapes", () => {
  const params = (preset: ModelSpec["preset"], fusion: ModelSpec["fusion"]) =>
    presetInfo({ preset, shapes: DEMO_SHAPES, classes: 8, seed: 1, fusion }).params;
  for (const fusion of ["concat", "gated", "attention"] as const) {
    const tiny = params("tiny", fusion),
      small = params("small", fusion),
      base = params("base", fusion);
    assert(tiny > 14_000 && tiny < 27_000, `tiny ${fusion}: ${tiny}`);
    assert(small > 180_000 && small < 320_000, `small ${fusion}: ${small}`);
    assert(base > 4_000_000 && base < 6_500_000, `base ${fusion}: ${base}`);
  }
});

Deno.test("the paper preset has 150M ± 5% parameters for three and four modalities", () => {
  const cases = [[DEMO_SHAPES, "concat"], [ALL_SHAPES, "gated"], [
    DEMO_SHAPES,
    "attention",
  ]] as const;
  for (const [shapes, fusion] of cases) {
    const { params } = presetInfo({ preset: "paper", shapes, classes: 8, seed: 1, fusion });
    assert(Math.abs(params - 150e6) <= 7.5e6, `${fusion}: ${params}`);
  }
});

Deno.test("buildModel rejects bad specs with readable errors", () => {
  assertThrows(() => buildModel({ ...tinySpec(), classes: 1 }), RangeError, "Expected classes");
  assertThrows(
    () => buildModel({ ...tinySpec(), shapes: { tabular: [16] }, preset: "paper" }),
    RangeError,
    "at least 3",
  );
  assertThrows(
    () => buildModel({ ...tinySpec(), shapes: { image: [0, 3] } }),
    RangeError,
    "shapes.image",
  );
  assertThrows(
    () => buildModel({ ...tinySpec(), preset: "huge" as unknown as ModelSpec["preset"] }),
    TypeError,
    "Expected preset",
  );
  assertThrows(
    () => buildModel({ ...tinySpec(), modalityDropout: 1 }),
    RangeError,
    "modalityDropout",
  );
});

Deno.test("the same seed gives bit-identical initial weights and another seed does not", () => {
  for (const fusion of ["concat", "gated", "attention"] as const) {
    const a = buildModel(tinySpec({ shapes: ALL_SHAPES, fusion }));
    const b = buildModel(tinySpec({ shapes: ALL_SHAPES, fusion }));
    const c = buildModel(tinySpec({ shapes: ALL_SHAPES, fusion, seed: 8 }));
    assertArraysIdentical(getWeightsFlat(a), getWeightsFlat(b), fusion);
    const fa = getWeightsFlat(a), fc = getWeightsFlat(c);
    assert(fa.some((v, i) => v !== fc[i]), "different seeds should differ");
    [a, b, c].forEach((m) => m.dispose());
  }
});

Deno.test("a masked-out modality does not influence the prediction", () => {
  for (const fusion of ["concat", "gated", "attention"] as const) {
    const model = buildModel(tinySpec({ fusion }));
    const data = syntheticDataset(4, 4, DEMO_SHAPES);
    for (let i = 0; i < 4; i++) data.mask[i * 3] = 0; // hide the image
    const before = (model.predict(datasetToTensors(data)) as tf.Tensor).dataSync();
    data.inputs.image!.fill(5);
    const after = (model.predict(datasetToTensors(data)) as tf.Tensor).dataSync();
    assertArraysIdentical(before, after, fusion);
    model.dispose();
  }
});

Deno.test("modality dropout is off at inference and draws a different mask per training step", () => {
  const model = buildModel(tinySpec({ modalityDropout: 0.5, fusion: "gated" }));
  const data = syntheticDataset(64, 4, DEMO_SHAPES);
  const inputs = datasetToTensors(data);
  const infer1 = (model.apply(inputs, { training: false }) as tf.Tensor).dataSync();
  const infer2 = (model.apply(inputs, { training: false }) as tf.Tensor).dataSync();
  assertArraysIdentical(infer1, infer2, "inference");
  const train1 = (model.apply(inputs, { training: true }) as tf.Tensor).dataSync();
  const train2 = (model.apply(inputs, { training: true }) as tf.Tensor).dataSync();
  assert(train1.some((v, i) => v !== infer1[i]), "dropout should change training outputs");
  assert(train1.some((v, i) => v !== train2[i]), "each call should draw a new mask");
  model.dispose();
});
