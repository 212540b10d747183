import * as tf from "@tensorflow/tfjs-core";
import { assert, assertEquals, assertThrows } from "../_assert.ts";
import {
  buildModel,
  countFlops,
  datasetToTensors,
  declaredShapeProblems,
  declaredWeightShapes,
  getWeightsFlat,
  initBackend,
  trainLocal,
} from "../../models/mod.ts";
import { syntheticDataset } from "./_fixtures.ts";
import {
  assertSimpleCnnLearns,
  declaredSpec,
  LOGISTIC_REGRESSION,
  SIMPLE_CNN,
} from "./_declared_fixtures.ts";

await initBackend();

const MNIST = { image: [28, 28, 1] };

Deno.test("NIID-Bench's SimpleCNN has its paper's parameter count", () => {
  const model = buildModel(declaredSpec(SIMPLE_CNN, MNIST));
  // conv 5·5·1·6+6, conv 5·5·6·16+16, fc 256·120+120 (28→24→12→8→4: 4·4·16), fc 120·84+84, fc 84·10+10
  assertEquals(model.countParams(), 156 + 2416 + 30840 + 10164 + 850);
  model.dispose();
});

Deno.test("countFlops of a declared SimpleCNN matches a hand count", () => {
  const model = buildModel(declaredSpec(SIMPLE_CNN, MNIST));
  const flops = countFlops(model);
  // conv: positions · filters · (2 · taps · inChannels + bias + ReLU); pool: outputs · window;
  // the modality mask: one multiply per feature; softmax 3 per class.
  const conv1 = 24 * 24 * 6 * (2 * 25 * 1 + 2), pool1 = 12 * 12 * 6 * 4;
  const conv2 = 8 * 8 * 16 * (2 * 25 * 6 + 2), pool2 = 4 * 4 * 16 * 4;
  const fc1 = 120 * (2 * 256 + 2), fc2 = 84 * (2 * 120 + 2), fc3 = 10 * (2 * 84 + 1 + 3);
  const mask = 256;
  assertEquals(flops.forward, conv1 + pool1 + conv2 + pool2 + fc1 + fc2 + fc3 + mask);
  assertEquals(
    flops.backward,
    2 * (conv1 + conv2 + fc1 + fc2 + fc3) + pool1 + pool2 + mask,
  );
  model.dispose();
});

Deno.test("a logistic regression is one empty encoder and a dense(classes) head", () => {
  const model = buildModel(declaredSpec(LOGISTIC_REGRESSION, { tabular: [60] }));
  assertEquals(model.countParams(), 60 * 10 + 10);
  assertEquals(countFlops(model).forward, 60 + 10 * (2 * 60 + 1 + 3));
  model.dispose();
});

Deno.test("a declared CNN trains on wasm through the conv gradients and learns", () => {
  assertSimpleCnnLearns();
});

Deno.test("a declared model builds and trains bit-identically from the same seed", () => {
  const spec = declaredSpec(SIMPLE_CNN, MNIST);
  const data = syntheticDataset(20, 10, MNIST, 2);
  const run = () => {
    const model = buildModel(spec);
    trainLocal(model, data, { epochs: 1, batchSize: 10, learningRate: 0.01, seed: 4 });
    const w = getWeightsFlat(model, "all");
    model.dispose();
    return w;
  };
  assertEquals(Array.from(run()), Array.from(run()));
});

Deno.test("declared dropout draws a new mask each step and is the identity in inference", () => {
  const declared = {
    encoders: { tabular: [{ kind: "dropout" as const, rate: 0.5 }] },
    fusion: "concat" as const,
    head: [{ kind: "dense" as const, units: 3 }],
  };
  const model = buildModel(declaredSpec(declared, { tabular: [8] }, 3));
  const data = syntheticDataset(4, 3, { tabular: [8] });
  const layer = model.getLayer("tabular_dropout1");
  const x = tf.ones([4, 8]);
  const masks = [0, 1].map((step) => {
    (layer as unknown as { stepSeed: number }).stepSeed = step;
    return Array.from(tf.tidy(() => (layer.apply(x, { training: true }) as tf.Tensor).dataSync()));
  });
  assert(masks[0].join() !== masks[1].join(), "the same mask twice");
  assert(masks[0].every((v) => v === 0 || v === 2), "kept units are scaled by 1/(1 − rate)");
  const p1 = (model.predict(datasetToTensors(data)) as tf.Tensor).dataSync();
  const p2 = (model.predict(datasetToTensors(data)) as tf.Tensor).dataSync();
  assertEquals(Array.from(p1), Array.from(p2));
  x.dispose();
  model.dispose();
});

Deno.test("declaredShapeProblems names the layer and the shapes that do not fit", () => {
  const tooBig = {
    ...SIMPLE_CNN,
    encoders: {
      image: [{ kind: "conv2d" as const, filters: 4, kernel: 9 }, { kind: "flatten" as const }],
    },
  };
  const [p] = declaredShapeProblems(tooBig, { image: [8, 8, 1] }, 10);
  assertEquals(p.path, ["encoders", "image", 0]);
  assert(p.message.includes("kernel 9") && p.message.includes("[8, 8, 1]"), p.message);

  const unflat = { ...SIMPLE_CNN, encoders: { image: SIMPLE_CNN.encoders.image!.slice(0, 4) } };
  const [q] = declaredShapeProblems(unflat, MNIST, 10);
  assertEquals(q.path, ["encoders", "image"]);
  assert(q.message.includes("[4, 4, 16]"), q.message);

  const denseOnImage = {
    ...SIMPLE_CNN,
    encoders: { image: [{ kind: "dense" as const, units: 3 }] },
  };
  const [d] = declaredShapeProblems(denseOnImage, MNIST, 10);
  assert(d.message.includes("dense needs a flat input but gets [28, 28, 1]"), d.message);

  const [c] = declaredShapeProblems(LOGISTIC_REGRESSION, { tabular: [60] }, 7);
  assertEquals(c.path, ["head", 0]);
  assert(c.message.includes("dense(units: 7)"), c.message);

  const [m] = declaredShapeProblems(LOGISTIC_REGRESSION, { image: [28, 28, 1] }, 10);
  assertEquals(m.path, ["encoders", "tabular"]);
});

Deno.test("buildModel refuses an impossible declared model with the layer and shapes named", () => {
  const spec = declaredSpec(SIMPLE_CNN, { image: [10, 10, 1] });
  assertThrows(() => buildModel(spec), RangeError, "model.encoders.image.2 conv2d kernel 5");
});

Deno.test("declaredWeightShapes lists the built model's weights, names and shapes", () => {
  const declared = {
    ...SIMPLE_CNN,
    encoders: {
      image: [...SIMPLE_CNN.encoders.image!, { kind: "batchNorm" as const }],
      tabular: [{ kind: "layerNorm" as const }, { kind: "dense" as const, units: 4 }],
    },
  };
  const shapes = { ...MNIST, tabular: [6] };
  const model = buildModel(declaredSpec(declared, shapes));
  const built = new Map(model.weights.map((w) => [w.originalName, w.shape]));
  assertEquals(declaredWeightShapes(declared, shapes), built);
  assertEquals(built.get("head_dense1/kernel"), [260, 120]);
  model.dispose();
});

Deno.test("declared layers off the fused path (strided linear conv1d, embedding) train on wasm", () => {
  const declared = {
    encoders: {
      series: [
        { kind: "conv1d" as const, filters: 4, kernel: 3, stride: 2 },
        { kind: "tanh" as const },
        { kind: "avgPool" as const, size: 2 },
        { kind: "layerNorm" as const },
        { kind: "globalAvgPool" as const },
      ],
      tokens: [
        { kind: "embedding" as const, dim: 4, vocab: 32 },
        { kind: "globalAvgPool" as const },
        { kind: "batchNorm" as const },
      ],
    },
    fusion: "concat" as const,
    head: [{ kind: "dense" as const, units: 3 }],
  };
  const shapes = { series: [20, 2], tokens: [6] };
  const model = buildModel(declaredSpec(declared, shapes, 3));
  const before = getWeightsFlat(model, "trainable");
  trainLocal(model, syntheticDataset(12, 3, shapes), {
    epochs: 2,
    batchSize: 4,
    learningRate: 0.1,
    seed: 2,
  });
  const after = getWeightsFlat(model, "trainable");
  // series_conv1d1/kernel (3·2·4 = 24 values) and tokens_embedding1 both moved.
  assert(before.subarray(0, 24).some((v, i) => v !== after[i]), "conv1d kernel did not move");
  const names = model.trainableWeights.map((w) => w.originalName);
  const at = names.indexOf("tokens_embedding1/embeddings");
  assert(at >= 0, names.join());
  const offset = model.trainableWeights.slice(0, at).reduce(
    (a, w) => a + (w.shape as number[]).reduce((x, y) => x * y, 1),
    0,
  );
  assert(
    before.subarray(offset, offset + 128).some((v, i) => v !== after[offset + i]),
    "embedding did not move",
  );
  assert(countFlops(model).forward > 0);
  model.dispose();
});
