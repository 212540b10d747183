import { assertArraysIdentical, assertEquals, assertThrows } from "../_assert.ts";
import { datasetToTensors, initBackend, labelsToOneHot } from "../../models/mod.ts";
import type { Dataset } from "../../sim/data/types.ts";

await initBackend();

/** Two samples; modalities listed out of MODALITIES order on purpose. */
function twoSamples(): Dataset {
  return {
    n: 2,
    classes: 3,
    modalities: ["tabular", "image"],
    shapes: { tabular: [2], image: [1, 2, 1] },
    labels: new Int32Array([2, 0]),
    inputs: {
      tabular: new Float32Array([1, 2, 3, 4]),
      image: new Float32Array([5, 6, 7, 8]),
    },
    mask: new Float32Array([1, 0, 0, 1]), // sample 0: no image; sample 1: no tabular
  };
}

Deno.test("datasetToTensors orders inputs and mask columns as MODALITIES, whatever the dataset's order", () => {
  const [image, tabular, mask] = datasetToTensors(twoSamples());
  assertEquals(image.shape.join(), "2,1,2,1");
  assertArraysIdentical(image.dataSync(), [5, 6, 7, 8]);
  assertArraysIdentical(tabular.dataSync(), [1, 2, 3, 4]);
  assertArraysIdentical(mask.dataSync(), [0, 1, 1, 0]); // [image, tabular] per sample
});

Deno.test("datasetToTensors gathers the chosen samples and copies them", () => {
  const data = twoSamples();
  const [image, tabular, mask] = datasetToTensors(data, [1, 1, 0]);
  assertArraysIdentical(tabular.dataSync(), [3, 4, 3, 4, 1, 2]);
  assertArraysIdentical(image.dataSync(), [7, 8, 7, 8, 5, 6]);
  assertArraysIdentical(mask.dataSync(), [1, 0, 1, 0, 0, 1]);
  data.inputs.tabular!.fill(0);
  assertArraysIdentical(tabular.dataSync(), [3, 4, 3, 4, 1, 2]);
});

Deno.test("labelsToOneHot encodes labels and rejects out-of-range ones", () => {
  assertArraysIdentical(labelsToOneHot(twoSamples()).dataSync(), [0, 0, 1, 1, 0, 0]);
  const bad = { ...twoSamples(), labels: new Int32Array([3, 0]) };
  assertThrows(() => labelsToOneHot(bad), RangeError, "Expected labels in [0, 3)");
  assertThrows(() => datasetToTensors(twoSamples(), [2]), RangeError, "Expected sample indices");
});
