import type * as tf from "@tensorflow/tfjs-core";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { assertArraysIdentical, assertEquals } from "../_assert.ts";
import {
  buildModel,
  datasetToTensors,
  getWeightsFlat,
  initBackend,
  loadModel,
  saveModel,
  weightLayout,
} from "../../models/mod.ts";
import { DEMO_SHAPES, syntheticDataset, tinySpec } from "./_fixtures.ts";

await initBackend();

for (const fusion of ["concat", "gated", "attention"] as const) {
  Deno.test(`saveModel writes standard TF.js files and loadModel restores the ${fusion} model`, async () => {
    const dir = await Deno.makeTempDir();
    try {
      const shapes = { ...DEMO_SHAPES, tokens: [6] };
      const model = buildModel(tinySpec({ fusion, modalityDropout: 0.1, shapes, vocab: 20 }));
      await saveModel(model, dir);
      const json = JSON.parse(readFileSync(join(dir, "model.json"), "utf8"));
      assertEquals(json.format, "layers-model");
      assertEquals(json.weightsManifest[0].paths[0], "./weights.bin");
      assertEquals(existsSync(join(dir, "weights.bin")), true);
      const loaded = await loadModel(dir);
      assertArraysIdentical(getWeightsFlat(loaded), getWeightsFlat(model), "weights");
      assertEquals(
        weightLayout(loaded).map((s) => s.name).join(),
        weightLayout(model).map((s) => s.name).join(),
      );
      const x = datasetToTensors(syntheticDataset(5, 4, shapes, 1, 20));
      assertArraysIdentical(
        (loaded.predict(x) as tf.Tensor).dataSync(),
        (model.predict(x) as tf.Tensor).dataSync(),
        "predictions",
      );
      model.dispose();
      loaded.dispose();
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}
