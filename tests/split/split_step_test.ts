import { assert, assertEquals, assertThrows } from "../_assert.ts";
import { countFlops, initBackend } from "../../models/mod.ts";
import { partitionCost, splitStep, stageModel, unsplitStep } from "../../sim/split/mod.ts";
import { disposeBatch, flatWeights, maxAbsDiff, sceneBatch, tinyModel } from "./_fixtures.ts";

await initBackend();

const TOLERANCE = 1e-5;
const STEPS = 3;

Deno.test("stageModel() cuts the tiny model into its fused front and one stage per later layer", () => {
  const model = tinyModel();
  const staged = stageModel(model);
  assertEquals(staged.stages.map((s) => s.name), [
    "front(fusion_concat)",
    "head_dense1",
    "head_out",
  ]);
  const params = staged.profile.reduce((a, s) => a + s.params, 0);
  assertEquals(params, model.countParams());
  const forward = staged.profile.reduce((a, s) => a + s.forwardFlops, 0);
  assertEquals(forward, countFlops(model).forward);
  // series 64×6 + tabular 16 + a 2-wide mask enter the front
  assertEquals(staged.profile[0].inputValues, 64 * 6 + 16 + 2);
  model.dispose();
});

for (const bounds of [[0, 1, 3], [0, 2, 3], [0, 1, 2, 3], [0, 1, 1, 3]]) {
  Deno.test(`splitStep() at bounds [${bounds}] gives the same weights as unsplit training`, () => {
    const splitModel = tinyModel();
    const plainModel = tinyModel();
    const split = stageModel(splitModel);
    const plain = stageModel(plainModel);
    const batches = Array.from({ length: STEPS }, (_, i) => sceneBatch(12, `split-eq-${i}`));
    for (const batch of batches) {
      const step = splitStep(split, bounds, batch, 0.1);
      const loss = unsplitStep(plain, batch, 0.1);
      assert(Math.abs(step.loss - loss) < TOLERANCE, `loss ${step.loss} vs ${loss}`);
    }
    const before = flatWeights(tinyModel());
    const after = flatWeights(splitModel);
    assert(maxAbsDiff(before, after) > 1e-3, "training should have moved the weights");
    assert(maxAbsDiff(after, flatWeights(plainModel)) < TOLERANCE);
    batches.forEach(disposeBatch);
    splitModel.dispose();
    plainModel.dispose();
  });
}

Deno.test("splitStep() counts the activation and gradient bytes at the cut", () => {
  const model = tinyModel();
  const staged = stageModel(model);
  const batch = sceneBatch(10, "bytes");
  const step = splitStep(staged, [0, 1, 3], batch, 0.05);
  // front output: 2 modality embeddings of 32 + 2 mask values = 66 floats per sample
  assertEquals(staged.profile[0].outputValues, 66);
  assertEquals(step.bytesByKind.activation, 10 * 66 * 4);
  assertEquals(step.bytesByKind.gradient, 10 * 66 * 4);
  assertEquals(step.bytesByKind.labels, 10 * 4);
  assertEquals(step.bytesByKind["raw-inputs"], 0);
  disposeBatch(batch);
  model.dispose();
});

Deno.test("splitStep() sends on each link exactly the bytes the planner's cost model predicts", () => {
  const model = tinyModel();
  const staged = stageModel(model);
  const batch = sceneBatch(6, "links");
  const chain = {
    devices: ["node", "gateway", "server"].map((name) => ({
      name,
      computeFlops: 1e9,
      memoryBytes: 1e9,
    })),
    links: [{ latencyS: 0.01, bandwidthBps: 1e6 }, { latencyS: 0.01, bandwidthBps: 1e6 }],
  };
  for (const bounds of [[0, 1, 1, 3], [0, 2, 3, 3], [0, 0, 0, 3]]) {
    const raw = bounds[1] === 0;
    const step = splitStep(staged, bounds, batch, 0.05, raw);
    const cost = partitionCost(staged.profile, chain, bounds, {
      batchSize: 6,
      allowRawDataTransfer: raw,
    });
    const perLink = [0, 0];
    for (const m of step.messages) perLink[m.link] += m.bytes;
    assertEquals(perLink, cost.linkBytes, `bounds [${bounds}]`);
    assertEquals(step.bytesByKind["raw-inputs"] > 0, raw);
  }
  disposeBatch(batch);
  model.dispose();
});

Deno.test("splitStep() refuses to move raw inputs off the data-owning device unless allowed", () => {
  const model = tinyModel();
  const staged = stageModel(model);
  const batch = sceneBatch(4, "raw");
  assertThrows(() => splitStep(staged, [0, 0, 3], batch, 0.1), RangeError, "data-owning device");
  assertThrows(() => splitStep(staged, [0, 2, 1, 3], batch, 0.1), RangeError, "non-decreasing");
  disposeBatch(batch);
  model.dispose();
});
