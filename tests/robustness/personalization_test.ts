import assert from "node:assert/strict";
import { fineTuneHead, personalizedAccuracy, personalLayers } from "../../sim/robustness/mod.ts";
import { evaluate, getWeightsFlat, setWeightsFlat, weightLayout } from "../../models/mod.ts";
import { sceneData, tinyModel } from "./_fixtures.ts";

const opts = {
  steps: 15,
  maxEpochs: 100,
  learningRate: 0.2,
  batchSize: 8,
  layers: ["head_"],
  seed: 9,
};

Deno.test("fineTuneHead() changes only the head's weights and leaves layers' trainable flags as they were", async () => {
  const model = await tinyModel();
  const flags = model.layers.map((l) => l.trainable);
  const global = getWeightsFlat(model);
  const tuned = fineTuneHead(model, global, sceneData(24), opts);
  const heads = personalLayers(model, ["head_"]).map((l) => l.name);
  let headChanged = false;
  for (const slot of weightLayout(model).filter((s) => s.trainable)) {
    const a = global.subarray(slot.offset, slot.offset + slot.size);
    const b = tuned.subarray(slot.offset, slot.offset + slot.size);
    const changed = a.some((v, i) => v !== b[i]);
    if (heads.some((h) => slot.name.startsWith(h))) headChanged ||= changed;
    else assert.equal(changed, false, `${slot.name} should stay as federated`);
  }
  assert.ok(headChanged);
  assert.deepEqual(model.layers.map((l) => l.trainable), flags);
  assert.equal(getWeightsFlat(model).length, global.length);
  model.dispose();
});

Deno.test("personalizedAccuracy() adapts the head to a site that sees one class", async () => {
  const model = await tinyModel();
  const global = getWeightsFlat(model);
  const site = {
    train: sceneData(24, "train", Array(24).fill(2)),
    test: sceneData(12, "test", Array(12).fill(2)),
  };
  setWeightsFlat(model, global);
  const before = evaluate(model, site.test).accuracy;
  const after = personalizedAccuracy(model, global, site, opts);
  assert.equal(after, 1);
  assert.ok(before < 1);
  model.dispose();
});

Deno.test("personalLayers() names the layers it found when none match", async () => {
  const model = await tinyModel();
  assert.throws(() => personalLayers(model, ["nothing_"]), RangeError);
  model.dispose();
});
