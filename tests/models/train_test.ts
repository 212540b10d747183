import { assert, assertArraysIdentical, assertEquals, assertThrows } from "../_assert.ts";
import {
  buildModel,
  DivergenceError,
  evaluate,
  getWeightsFlat,
  initBackend,
  type ModelSpec,
  setWeightsFlat,
  trainLocal,
  weightLayout,
} from "../../models/mod.ts";
import { DEMO_SHAPES, syntheticDataset, tinySpec } from "./_fixtures.ts";

const backend = await initBackend();
const ALL_SHAPES = { ...DEMO_SHAPES, image: [16, 16, 3], tokens: [12] };

/** Trains a few steps and checks the loss falls and every weight moved, finitely. */
function checkTrains(spec: ModelSpec, label: string): void {
  const model = buildModel(spec);
  const data = syntheticDataset(96, spec.classes, spec.shapes, 3, spec.vocab ?? 256);
  const before = getWeightsFlat(model);
  const first = evaluate(model, data).loss;
  trainLocal(model, data, {
    epochs: 6,
    batchSize: 16,
    learningRate: 0.05,
    seed: 1,
    optimizer: "adam",
  });
  const after = getWeightsFlat(model);
  const last = evaluate(model, data).loss;
  assert(last < first, `${label}: loss ${first} → ${last} should fall`);
  assert(after.every(Number.isFinite), `${label}: weights must stay finite`);
  for (const slot of weightLayout(model).filter((s) => s.trainable)) {
    const moved = after.subarray(slot.offset, slot.offset + slot.size)
      .some((v, i) => v !== before[slot.offset + i]);
    assert(moved, `${label}: ${slot.name} did not change`);
  }
  model.dispose();
}

for (const fusion of ["concat", "gated", "attention"] as const) {
  Deno.test(`every layer of the tiny ${fusion} model trains on ${backend} (all four modalities)`, () => {
    checkTrains(tinySpec({ shapes: ALL_SHAPES, fusion, modalityDropout: 0.2, vocab: 40 }), fusion);
  });
}

Deno.test(`every layer of the reference model trains on ${backend}`, () => {
  checkTrains({
    preset: "reference",
    shapes: { ...ALL_SHAPES, image: [12, 12, 3] },
    classes: 3,
    seed: 2,
    vocab: 40,
  }, "reference");
});

Deno.test("trainLocal reports steps, samples and mean loss, and honours maxSteps", () => {
  const model = buildModel(tinySpec({ shapes: { tabular: [16] } }));
  const data = syntheticDataset(50, 4, { tabular: [16] });
  const losses: number[] = [];
  const full = trainLocal(model, data, {
    epochs: 2,
    batchSize: 16,
    learningRate: 0.05,
    seed: 1,
    onStep: (_s, l) => losses.push(l),
  });
  assertEquals(full.steps, 8); // ceil(50 / 16) × 2
  assertEquals(full.samples, 100);
  assert(Math.abs(full.meanLoss - losses.reduce((a, b) => a + b) / 8) < 1e-9);
  assertEquals(
    trainLocal(model, data, { epochs: 5, batchSize: 16, learningRate: 0.05, seed: 1, maxSteps: 3 })
      .steps,
    3,
  );
  model.dispose();
});

Deno.test("training is bit-identical for the same seed in one process", () => {
  const run = (seed: number) => {
    const spec = tinySpec({
      fusion: "attention",
      modalityDropout: 0.3,
      shapes: { ...DEMO_SHAPES, image: [16, 16, 3] },
    });
    const model = buildModel(spec);
    trainLocal(model, syntheticDataset(64, 4, spec.shapes), {
      epochs: 2,
      batchSize: 16,
      learningRate: 0.05,
      seed,
      optimizer: "momentum",
    });
    const flat = getWeightsFlat(model);
    model.dispose();
    return flat;
  };
  const a = run(5), b = run(5), c = run(6);
  assertArraysIdentical(a, b, "same seed");
  assert(a.some((v, i) => v !== c[i]), "another seed should shuffle differently");
});

Deno.test("a SCAFFOLD correction shifts one SGD step by −lr·c exactly", () => {
  const spec = tinySpec({ shapes: { tabular: [16] } });
  const data = syntheticDataset(16, 4, spec.shapes);
  const opts = { epochs: 1, batchSize: 16, learningRate: 0.5, seed: 1 };
  const plain = buildModel(spec);
  trainLocal(plain, data, opts);
  const corrected = buildModel(spec);
  const c = new Float32Array(getWeightsFlat(corrected).length).fill(0.25);
  trainLocal(corrected, data, { ...opts, gradCorrection: c });
  const a = getWeightsFlat(plain), b = getWeightsFlat(corrected);
  for (let i = 0; i < a.length; i++) assert(Math.abs(b[i] - (a[i] - 0.125)) < 1e-5, `weight ${i}`);
  [plain, corrected].forEach((m) => m.dispose());
});

Deno.test("a strong FedProx term keeps weights near the anchor", () => {
  const spec = tinySpec({ shapes: { tabular: [16] } });
  const data = syntheticDataset(64, 4, spec.shapes);
  const distance = (mu: number) => {
    const model = buildModel(spec);
    const anchor = getWeightsFlat(model);
    trainLocal(model, data, {
      epochs: 3,
      batchSize: 16,
      learningRate: 0.05,
      seed: 1,
      proxMu: mu,
      anchor,
    });
    const w = getWeightsFlat(model);
    model.dispose();
    return Math.sqrt(w.reduce((s, v, i) => s + (v - anchor[i]) ** 2, 0));
  };
  assert(distance(10) < 0.5 * distance(0), "mu = 10 should stay much closer than mu = 0");
});

Deno.test("trainLocal throws a DivergenceError when the loss is not finite", () => {
  const model = buildModel(tinySpec({ shapes: { tabular: [16] } }));
  const data = syntheticDataset(32, 4, { tabular: [16] });
  const w = getWeightsFlat(model).fill(NaN);
  setWeightsFlat(model, w);
  assertThrows(
    () => trainLocal(model, data, { epochs: 1, batchSize: 16, learningRate: 0.1, seed: 1 }),
    DivergenceError,
    "diverged",
  );
  assertThrows(
    () => trainLocal(model, data, { epochs: 0, batchSize: 16, learningRate: 0.1, seed: 1 }),
    RangeError,
    "Expected epochs",
  );
  model.dispose();
});

Deno.test("evaluate reports accuracy, loss and per-class accuracy", () => {
  const model = buildModel(tinySpec({ shapes: { tabular: [16] } }));
  const data = syntheticDataset(40, 4, { tabular: [16] });
  trainLocal(model, data, {
    epochs: 20,
    batchSize: 8,
    learningRate: 0.05,
    seed: 1,
    optimizer: "adam",
  });
  const result = evaluate(model, data, 7);
  assert(result.accuracy > 0.9, `accuracy ${result.accuracy}`);
  assertEquals(result.perClass!.length, 4);
  const mean = result.perClass!.reduce((a, b) => a + b) / 4; // classes are balanced
  assert(Math.abs(mean - result.accuracy) < 1e-9);
  assert(Number.isNaN(evaluate(model, { ...data, n: 0, labels: new Int32Array(0) }).accuracy));
  model.dispose();
});

Deno.test("the host-memory Adam matches tfjs Adam on the same gradients", async () => {
  const tf = await import("@tensorflow/tfjs-core");
  const { HostAdam } = await import("../../models/mod.ts");
  const start = [0.5, -1.25, 2, 0.1];
  const a = tf.variable(tf.tensor1d(start));
  const b = tf.variable(tf.tensor1d(start));
  const stock = tf.train.adam(0.01);
  const host = new HostAdam([b], 0.01);
  for (let step = 0; step < 5; step++) {
    const g = tf.tensor1d([0.3 * step - 0.2, 1, -0.5, 0.01 * step]);
    stock.applyGradients([{ name: a.name, tensor: g }]);
    host.apply([g]);
    g.dispose();
  }
  const x = a.dataSync(), y = b.dataSync();
  for (let i = 0; i < x.length; i++) {
    assert(Math.abs(x[i] - y[i]) < 1e-6, `weight ${i}: ${x[i]} vs ${y[i]}`);
  }
  stock.dispose();
  tf.dispose([a, b]);
});
