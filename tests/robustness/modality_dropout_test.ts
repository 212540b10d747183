import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import { applyMissing } from "../../sim/data/mod.ts";
import { datasetToTensors, ModalityDropout } from "../../models/mod.ts";
import { createSource, modelSpec } from "../../sim/fl/mod.ts";
import { RngStreams } from "../../sim/engine/mod.ts";

import { resolveScenario } from "../../scenarios/mod.ts";
import { sceneData, tinyModel } from "./_fixtures.ts";

Deno.test("mask-aware fusion ignores whatever a missing modality's input holds", async () => {
  for (const fusion of ["gated", "concat"] as const) {
    const model = await tinyModel({ fusion });
    const data = sceneData(6);
    applyMissing(data, ["image"]);
    const clean = tf.tidy(() => (model.apply(datasetToTensors(data)) as tf.Tensor).dataSync());
    data.inputs.image!.fill(0.7); // garbage where the camera is missing (mask still 0)
    const noisy = tf.tidy(() => (model.apply(datasetToTensors(data)) as tf.Tensor).dataSync());
    assert.deepEqual(noisy, clean, `${fusion} fusion`);
    model.dispose();
  }
});

Deno.test("model.modalityDropout in a scenario reaches the model as a modality-dropout layer", async () => {
  const scenario = resolveScenario({
    name: "t",
    sites: [{ group: "a", count: 2, samples: 20 }],
    model: { preset: "tiny", modalityDropout: 0.3 },
  });
  const spec = modelSpec(scenario, await createSource(scenario.data), new RngStreams(1));
  assert.equal(spec.modalityDropout, 0.3);
  const model = await tinyModel({ modalityDropout: 0.5 });
  const layer = model.layers.find((l) => l instanceof ModalityDropout) as ModalityDropout;
  assert.equal(layer.rate, 0.5);
  // While training, whole modalities of some samples are hidden; at inference none are.
  const mask = tf.ones([64, 3]);
  const trained = tf.tidy(() =>
    tf.sum(layer.apply(mask, { training: true }) as tf.Tensor).dataSync()[0]
  );
  const inferred = tf.tidy(() =>
    tf.sum(layer.apply(mask, { training: false }) as tf.Tensor).dataSync()[0]
  );
  assert.ok(trained < 192 && trained > 0);
  assert.equal(inferred, 192);
  mask.dispose();
  model.dispose();
});
