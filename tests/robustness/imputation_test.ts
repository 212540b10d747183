import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import {
  embeddingStats,
  evaluateImputed,
  forwardWith,
  imputationTable,
  predictImputed,
  statsBytes,
} from "../../sim/robustness/mod.ts";
import { applyMissing, gatherDataset } from "../../sim/data/mod.ts";
import { datasetToTensors, evaluate, ModalityMask } from "../../models/mod.ts";
import { CLASSES, sceneData, tinyModel } from "./_fixtures.ts";

function maxDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
}

Deno.test("forwardWith() without overrides computes what the model computes", async () => {
  const model = await tinyModel();
  const data = sceneData(8);
  const diff = tf.tidy(() => {
    const inputs = datasetToTensors(data);
    return maxDiff(forwardWith(model, inputs), model.apply(inputs) as tf.Tensor);
  });
  assert.ok(diff < 1e-6, `max difference ${diff}`);
  model.dispose();
});

Deno.test("embeddingStats() sums the embeddings of observed samples per class and skips missing ones", async () => {
  const model = await tinyModel();
  const data = sceneData(9);
  const stats = embeddingStats(model, data, 4);
  assert.equal(stats.length, 3);
  for (const s of stats) assert.deepEqual(Array.from(s.counts), [3, 3, 3]);
  // The image embedding of class 0 equals the mean of the mask layer's input over those samples.
  const image = model.layers.find((l) => l instanceof ModalityMask && l.index === 0)!;
  const probe = tf.tidy(() => {
    const captured: tf.Tensor[] = [];
    forwardWith(model, datasetToTensors(data, [0, 3, 6]), (layer, ins) => {
      if (layer === image) captured.push(tf.mean(ins[0], 0));
      return undefined;
    });
    return captured[0].dataSync();
  });
  const s0 = stats[0];
  for (let d = 0; d < s0.dim; d++) assert.ok(Math.abs(s0.sums[d] / 3 - probe[d]) < 1e-5);
  const noCamera = gatherDataset(data, [0, 1, 2, 3]);
  applyMissing(noCamera, ["image"]);
  assert.equal(embeddingStats(model, noCamera)[0].counts.reduce((a, b) => a + b), 0);
  assert.equal(statsBytes(stats), 4 * stats.reduce((a, s) => a + s.sums.length + CLASSES, 0));
  model.dispose();
});

Deno.test("imputation leaves fully observed samples alone and changes those missing a modality", async () => {
  const model = await tinyModel();
  const train = sceneData(30, "train");
  const table = imputationTable([embeddingStats(model, train)], CLASSES, "class-mean");
  assert.ok(table.modalities.every((m) => m.samples === 30));
  const test = sceneData(12, "test");
  const full = tf.tidy(() => {
    const inputs = datasetToTensors(test);
    return maxDiff(predictImputed(model, inputs, table), model.apply(inputs) as tf.Tensor);
  });
  assert.ok(full < 1e-6, `fully observed samples changed by ${full}`);
  applyMissing(test, ["image"]);
  const missing = tf.tidy(() => {
    const inputs = datasetToTensors(test);
    return maxDiff(predictImputed(model, inputs, table), model.apply(inputs) as tf.Tensor);
  });
  assert.ok(missing > 1e-4, "an imputed camera changes the prediction");
  const m = evaluateImputed(model, test, table);
  assert.ok(m.accuracy >= 0 && m.accuracy <= 1 && Number.isFinite(m.loss));
  assert.ok(Math.abs(evaluate(model, test).accuracy - m.accuracy) <= 1);
  model.dispose();
});

Deno.test("imputationTable() pools sites' sums and counts into means", () => {
  const site = (sum: number, count: number) => [{
    index: 0,
    dim: 1,
    sums: new Float64Array([sum, 0]),
    counts: new Float64Array([count, 0]),
  }];
  const table = imputationTable([site(2, 1), site(10, 3)], 2, "mean");
  assert.deepEqual(Array.from(table.modalities[0].byClass), [3, 0]);
  assert.deepEqual(Array.from(table.modalities[0].overall), [3]);
  assert.equal(table.modalities[0].samples, 4);
});
