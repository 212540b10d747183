import type * as tf from "@tensorflow/tfjs-core";
import { assert, assertArraysIdentical, assertEquals, assertThrows } from "../_assert.ts";
import {
  buildModel,
  datasetToTensors,
  flatSize,
  getWeightsFlat,
  initBackend,
  setWeightsFlat,
  weightLayout,
} from "../../models/mod.ts";
import { syntheticDataset, tinySpec } from "./_fixtures.ts";

await initBackend();

Deno.test("getWeightsFlat and setWeightsFlat round-trip and change predictions", () => {
  const a = buildModel(tinySpec({ seed: 1 }));
  const b = buildModel(tinySpec({ seed: 2 }));
  const data = syntheticDataset(8, 4, tinySpec().shapes);
  const x = datasetToTensors(data);
  const pa = (a.predict(x) as tf.Tensor).dataSync();
  setWeightsFlat(b, getWeightsFlat(a));
  assertArraysIdentical(getWeightsFlat(b), getWeightsFlat(a), "weights");
  // Matmuls after the write must see the new values (the wasm packed-weight trap).
  assertArraysIdentical((b.predict(x) as tf.Tensor).dataSync(), pa, "predictions");
  [a, b].forEach((m) => m.dispose());
});

Deno.test("setWeightsFlat copies: later changes to the vector do not reach the model", () => {
  const model = buildModel(tinySpec());
  const flat = getWeightsFlat(model);
  const copy = flat.slice();
  setWeightsFlat(model, flat);
  flat.fill(42);
  assertArraysIdentical(getWeightsFlat(model), copy, "weights");
  model.dispose();
});

Deno.test("weightLayout covers each group contiguously and flags normalisation weights", () => {
  const model = buildModel(tinySpec({ fusion: "attention" }));
  const layout = weightLayout(model);
  const trainable = layout.filter((s) => s.trainable);
  let offset = 0;
  for (const slot of trainable) {
    assertEquals(slot.offset, offset, slot.name);
    assertEquals(slot.size, slot.shape.reduce((a, b) => a * b, 1), slot.name);
    offset += slot.size;
  }
  assertEquals(offset, flatSize(model, "trainable"));
  assertEquals(offset, model.countParams() - flatSize(model, "nonTrainable"));
  const norm = layout.filter((s) => s.isNormalization).map((s) => s.name);
  assert(norm.includes("image_norm/gamma") && norm.includes("series_norm/beta"), norm.join(","));
  assert(!layout.find((s) => s.name === "image_conv1/kernel")!.isNormalization);
  // The flat vector really is laid out as described.
  const flat = getWeightsFlat(model);
  const slot = layout.find((s) => s.name === "image_norm/gamma")!;
  assert(
    flat.subarray(slot.offset, slot.offset + slot.size).every((v) => v === 1),
    "gamma starts at 1",
  );
  model.dispose();
});

Deno.test("setWeightsFlat rejects a vector of the wrong size", () => {
  const model = buildModel(tinySpec());
  assertThrows(
    () => setWeightsFlat(model, new Float32Array(3)),
    RangeError,
    "Expected a Float32Array of",
  );
  assertThrows(
    () => getWeightsFlat(model, "some" as unknown as "trainable"),
    TypeError,
    "Expected which",
  );
  model.dispose();
});
