import * as tfl from "@tensorflow/tfjs-layers";
import { assertEquals } from "../_assert.ts";
import { countFlops, initBackend, presetInfo } from "../../models/mod.ts";
import { DEMO_SHAPES } from "./_fixtures.ts";

await initBackend();

function single(layer: tfl.layers.Layer, shape: number[]): tfl.LayersModel {
  const x = tfl.input({ shape });
  return tfl.model({ inputs: x, outputs: layer.apply(x) as tfl.SymbolicTensor });
}

Deno.test("countFlops counts a Dense layer as 2·in·out plus bias and activation per sample", () => {
  const linear = countFlops(single(tfl.layers.dense({ units: 5 }), [10]));
  assertEquals(linear.forward, 10 * 5 * 2 + 5);
  assertEquals(linear.backward, 2 * (10 * 5 * 2 + 5));
  const relu = countFlops(single(tfl.layers.dense({ units: 5, activation: "relu" }), [10]));
  assertEquals(relu.forward, 10 * 5 * 2 + 5 + 5);
  const noBias = countFlops(single(tfl.layers.dense({ units: 7, useBias: false }), [3]));
  assertEquals(noBias.forward, 3 * 7 * 2);
});

Deno.test("countFlops counts a Conv2D layer per output position", () => {
  // 8×8×3 input, 4 filters 3×3 "valid" → 6×6×4 outputs, each 27 multiply-adds + bias.
  const valid = countFlops(single(tfl.layers.conv2d({ filters: 4, kernelSize: 3 }), [8, 8, 3]));
  assertEquals(valid.forward, 6 * 6 * 4 * (2 * 3 * 3 * 3 + 1));
  assertEquals(valid.backward, 2 * valid.forward);
  // "same" with stride 2 → 4×4 outputs, relu adds one per output.
  const strided = countFlops(
    single(
      tfl.layers.conv2d({
        filters: 2,
        kernelSize: 3,
        strides: 2,
        padding: "same",
        activation: "relu",
      }),
      [8, 8, 3],
    ),
  );
  assertEquals(strided.forward, 4 * 4 * 2 * (2 * 27 + 1 + 1));
});

Deno.test("countFlops counts a Conv1D layer and pooling by hand-computed values", () => {
  const conv = countFlops(single(tfl.layers.conv1d({ filters: 8, kernelSize: 5 }), [20, 6]));
  assertEquals(conv.forward, 16 * 8 * (2 * 5 * 6 + 1));
  const pool = countFlops(single(tfl.layers.maxPooling2d({ poolSize: 2 }), [8, 8, 3]));
  assertEquals(pool.forward, 4 * 4 * 3 * 4);
  assertEquals(pool.backward, pool.forward);
});

Deno.test("countFlops lists every layer and sums them", () => {
  const info = presetInfo({ preset: "reference", shapes: DEMO_SHAPES, classes: 8, seed: 1 });
  const sum = info.flops.perLayer.reduce((a, l) => a + l.forward, 0);
  assertEquals(info.flops.forward, sum);
  const conv1 = info.flops.perLayer.find((l) => l.name === "image_conv1")!;
  assertEquals(conv1.forward, 32 * 32 * 16 * (2 * 27 + 1 + 1));
});

Deno.test("countFlops prices every layer of a preset with modality dropout and each fusion", () => {
  for (const fusion of ["concat", "gated", "attention"] as const) {
    const info = presetInfo({
      preset: "tiny",
      shapes: DEMO_SHAPES,
      classes: 8,
      fusion,
      modalityDropout: 0.2,
      seed: 1,
    });
    const without = presetInfo({
      preset: "tiny",
      shapes: DEMO_SHAPES,
      classes: 8,
      fusion,
      seed: 1,
    });
    // The dropout layer costs a few FLOPs on the 3-entry mask, never nothing and never much.
    const extra = info.flops.forward - without.flops.forward;
    assertEquals(extra > 0 && extra < 100, true, `${fusion}: dropout adds ${extra} FLOPs`);
  }
});
