import { assert, assertEquals, assertThrows } from "../_assert.ts";
import {
  buildModel,
  getWeightsFlat,
  initBackend,
  saveModel,
  trainLocal,
} from "../../models/mod.ts";
import { syntheticDataset } from "./_fixtures.ts";
import { declaredSpec, LOGISTIC_REGRESSION, SIMPLE_CNN } from "./_declared_fixtures.ts";

await initBackend();

const MNIST = { image: [28, 28, 1] };

Deno.test("model.init starts a model from saved TF.js weights, whatever its seed", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const trained = buildModel(declaredSpec(SIMPLE_CNN, MNIST, 10, 1));
    trainLocal(trained, syntheticDataset(16, 10, MNIST), {
      epochs: 1,
      batchSize: 8,
      learningRate: 0.01,
      seed: 1,
    });
    await saveModel(trained, dir);
    const expected = getWeightsFlat(trained, "all");
    trained.dispose();
    const fresh = buildModel(declaredSpec(SIMPLE_CNN, MNIST, 10, 2));
    const started = buildModel({
      ...declaredSpec(SIMPLE_CNN, MNIST, 10, 2),
      init: `${dir}/model.json`,
    });
    assert(getWeightsFlat(fresh, "all").some((v, i) => v !== expected[i]), "seeds 1 and 2 agree");
    assertEquals(Array.from(getWeightsFlat(started, "all")), Array.from(expected));
    fresh.dispose();
    started.dispose();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("model.init refuses weights of another shape, naming the tensor and both shapes", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const saved = buildModel(declaredSpec(LOGISTIC_REGRESSION, { tabular: [60] }));
    await saveModel(saved, dir);
    saved.dispose();
    const spec = {
      ...declaredSpec(LOGISTIC_REGRESSION, { tabular: [30] }),
      init: `${dir}/model.json`,
    };
    assertThrows(
      () => buildModel(spec),
      RangeError,
      "tensor head_out/kernel has shape [60, 10] but the model's is [30, 10]",
    );
    const other = { ...declaredSpec(SIMPLE_CNN, MNIST), init: `${dir}/model.json` };
    assertThrows(() => buildModel(other), RangeError, "is missing from the file");
    const missing = {
      ...declaredSpec(LOGISTIC_REGRESSION, { tabular: [60] }),
      init: `${dir}/none.json`,
    };
    assertThrows(() => buildModel(missing), TypeError, "to be a TF.js model.json");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
