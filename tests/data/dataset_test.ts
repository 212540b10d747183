import { assertEquals, assertThrows } from "../_assert.ts";
import {
  allocDataset,
  classCounts,
  concatDatasets,
  gatherDataset,
  sliceDataset,
} from "../../sim/data/mod.ts";

function numbered(n: number, offset = 0) {
  const ds = allocDataset(n, 3, ["tabular", "image"], { image: [2, 1, 1], tabular: [2] });
  for (let i = 0; i < n; i++) {
    ds.labels[i] = (i + offset) % 3;
    ds.inputs.tabular!.set([i + offset, -(i + offset)], i * 2);
    ds.inputs.image!.set([10 * (i + offset), 10 * (i + offset) + 1], i * 2);
  }
  return ds;
}

Deno.test("allocDataset() orders modalities as MODALITIES does and marks all observed", () => {
  const ds = numbered(2);
  assertEquals(ds.modalities, ["image", "tabular"]);
  assertEquals(Array.from(ds.mask), [1, 1, 1, 1]);
});

Deno.test("concatDatasets() keeps every sample in order", () => {
  const ds = concatDatasets([numbered(2), numbered(3, 2)]);
  assertEquals(ds.n, 5);
  assertEquals(Array.from(ds.inputs.tabular!.filter((_, i) => i % 2 === 0)), [0, 1, 2, 3, 4]);
  assertEquals(Array.from(ds.labels), [0, 1, 2, 0, 1]);
});

Deno.test("concatDatasets() refuses datasets with different modalities", () => {
  const other = allocDataset(1, 3, ["tabular"], { tabular: [2] });
  assertThrows(() => concatDatasets([numbered(1), other]), TypeError);
});

Deno.test("sliceDataset() copies instead of aliasing the source", () => {
  const ds = numbered(4);
  const part = sliceDataset(ds, 1, 3);
  assertEquals(Array.from(part.inputs.image!), [10, 11, 20, 21]);
  part.inputs.image![0] = -1;
  assertEquals(ds.inputs.image![2], 10);
  assertThrows(() => sliceDataset(ds, 3, 5), RangeError);
});

Deno.test("gatherDataset() picks samples in the given order, repeats allowed", () => {
  const ds = numbered(4);
  ds.mask[3 * 2] = 0;
  const g = gatherDataset(ds, [3, 0, 3]);
  assertEquals(Array.from(g.labels), [0, 0, 0]);
  assertEquals(Array.from(g.inputs.tabular!), [3, -3, 0, -0, 3, -3]);
  assertEquals(Array.from(g.mask), [0, 1, 1, 1, 0, 1]);
  assertEquals(classCounts(g), [3, 0, 0]);
});
