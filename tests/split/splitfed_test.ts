import { assert, assertEquals } from "../_assert.ts";
import { initBackend } from "../../models/mod.ts";
import {
  readVariables,
  splitFedRound,
  splitStep,
  stageModel,
  unsplitStep,
  weightedMean,
  writeVariables,
} from "../../sim/split/mod.ts";
import { disposeBatch, flatWeights, maxAbsDiff, sceneBatch, tinyModel } from "./_fixtures.ts";

await initBackend();

const TOLERANCE = 1e-5;

Deno.test("weightedMean() weights each copy by its share", () => {
  const mean = weightedMean(
    [[new Float32Array([1, 2])], [new Float32Array([4, 8])]],
    [1, 2],
  );
  assertEquals(Array.from(mean[0]), [3, 6]);
});

Deno.test("splitFedRound() with averaged server copies equals a FedAvg round of unsplit training", () => {
  const nodes = [
    { name: "sensor-a", batches: [sceneBatch(8, "fed-a0"), sceneBatch(8, "fed-a1")] },
    { name: "sensor-b", batches: [sceneBatch(4, "fed-b0")] },
  ];
  const splitModel = tinyModel();
  const split = stageModel(splitModel);
  const round = splitFedRound(split, nodes, { bounds: [0, 1, 3], learningRate: 0.1 });
  assertEquals(round.nodeSamples, [16, 4]);

  // Reference: each node trains the whole model unsplit from the same start; average 16:4.
  const finals = nodes.map((node) => {
    const m = tinyModel();
    const staged = stageModel(m);
    for (const batch of node.batches) unsplitStep(staged, batch, 0.1);
    const w = readVariables(staged.stages.flatMap((s) => s.variables));
    m.dispose();
    return w;
  });
  const referenceModel = tinyModel();
  const reference = stageModel(referenceModel);
  writeVariables(reference.stages.flatMap((s) => s.variables), weightedMean(finals, [16, 4]));
  assert(maxAbsDiff(flatWeights(splitModel), flatWeights(referenceModel)) < TOLERANCE);
  assert(maxAbsDiff(flatWeights(splitModel), flatWeights(tinyModel())) > 1e-3);
  // Front output 66 floats; node a: 16 samples, node b: 4; up and down, plus 4-byte labels.
  assertEquals(round.cutBytes, 20 * (2 * 66 * 4 + 4));
  assertEquals(round.weightBytes, 2 * 2 * split.profile[0].params * 4);
  nodes.forEach((n) => n.batches.forEach(disposeBatch));
  [splitModel, referenceModel].forEach((m) => m.dispose());
});

Deno.test("splitFedRound() with a shared server copy lets the nodes update the upper part in turn", () => {
  const batchA = sceneBatch(8, "seq-a");
  const batchB = sceneBatch(8, "seq-b");
  const model = tinyModel();
  const staged = stageModel(model);
  splitFedRound(staged, [{ name: "a", batches: [batchA] }, { name: "b", batches: [batchB] }], {
    bounds: [0, 1, 3],
    learningRate: 0.1,
    server: "sequential",
  });
  // Reference: a's step, then b's step from a's upper part and the original lower part;
  // the lower parts averaged 1:1, the upper part as b left it.
  const refModel = tinyModel();
  const ref = stageModel(refModel);
  const lowerVars = ref.stages[0].variables;
  const upperVars = ref.stages.slice(1).flatMap((s) => s.variables);
  const start = readVariables(lowerVars);
  splitStep(ref, [0, 1, 3], batchA, 0.1);
  const lowerA = readVariables(lowerVars);
  writeVariables(lowerVars, start);
  splitStep(ref, [0, 1, 3], batchB, 0.1);
  const lowerB = readVariables(lowerVars);
  writeVariables(lowerVars, weightedMean([lowerA, lowerB], [1, 1]));
  assert(maxAbsDiff(flatWeights(model), flatWeights(refModel)) < TOLERANCE);
  // The upper part carries both nodes' steps, so it differs from a's step alone.
  const afterA = tinyModel();
  const onlyA = stageModel(afterA);
  splitStep(onlyA, [0, 1, 3], batchA, 0.1);
  const upperOf = (m: typeof ref) => readVariables(m.stages.slice(1).flatMap((s) => s.variables));
  assert(maxAbsDiff(upperOf(onlyA)[0], readVariables(upperVars)[0]) > 1e-4);
  afterA.dispose();
  [batchA, batchB].forEach(disposeBatch);
  [model, refModel].forEach((m) => m.dispose());
});
