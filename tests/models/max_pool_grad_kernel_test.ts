import * as tf from "@tensorflow/tfjs-core";
import { assert } from "../_assert.ts";
import { initBackend } from "../../models/mod.ts";
import {
  FAST_BACKENDS,
  type FastBackend,
  relativeError,
  skipUnlessTestable,
  values,
} from "./_kernel_cases.ts";

type Shape4 = [number, number, number, number];

/** Input gradient of Σ r·maxPool(x) on one backend, with x in [-1, 1). */
async function poolGrad(
  backend: FastBackend | "cpu",
  xShape: Shape4,
  size: number | [number, number],
  strides: number | [number, number],
  pad: "same" | "valid",
): Promise<Float32Array> {
  await initBackend(backend);
  const x = tf.tensor4d(values(xShape.reduce((a, b) => a * b), 11), xShape);
  const pool = (t: tf.Tensor) => tf.maxPool(t as tf.Tensor4D, size, strides, pad);
  const y = pool(x);
  const r = tf.tensor(values(y.size, 12), y.shape);
  const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(pool(t), r)))(x);
  const out = g.dataSync() as Float32Array;
  tf.dispose([x, y, r, g]);
  return out;
}

const CASES: [
  string,
  Shape4,
  number | [number, number],
  number | [number, number],
  "same" | "valid",
][] = [
  ["2×2 stride 2 valid, batch 2", [2, 8, 8, 3], 2, 2, "valid"],
  ["2×2 stride 2 valid, 19 channels (8-wide and scalar paths)", [2, 6, 4, 19], 2, 2, "valid"],
  ["2×2 stride 2 same, odd size, batch 3", [3, 7, 5, 5], 2, 2, "same"],
  ["3×3 stride 2 same (overlapping windows)", [1, 9, 6, 1], 3, 2, "same"],
  ["3×2 stride 1 valid, 5 channels", [3, 6, 7, 5], [3, 2], 1, "valid"],
  ["1-D pool 2 (as MaxPooling1D lowers it)", [3, 1, 17, 5], [1, 2], [1, 2], "valid"],
  ["1-D pool 3 stride 2 same, batch 1", [1, 1, 12, 1], [1, 3], [1, 2], "same"],
];

for (const fast of FAST_BACKENDS) {
  for (const [label, xShape, size, strides, pad] of CASES) {
    Deno.test({
      name: `${fast} MaxPoolGrad matches the stock cpu kernel within 1e-4 (${label})`,
      ignore: await skipUnlessTestable(fast),
    }, async () => {
      const cpu = await poolGrad("cpu", xShape, size, strides, pad);
      const wasm = await poolGrad(fast, xShape, size, strides, pad);
      assert(relativeError(wasm, cpu) < 1e-4, `gradient off by ${relativeError(wasm, cpu)}`);
    });
  }
}

for (const fast of FAST_BACKENDS) {
  Deno.test({
    name: `${fast} MaxPoolGrad passes the gradient of windows whose maximum is negative`,
    ignore: await skipUnlessTestable(fast),
  }, async () => {
    // The stock wasm kernel drops exactly these windows (1 and 3 here).
    await initBackend(fast);
    const x = tf.tensor4d(
      [
        [-3, -1, 4, -1, -0.5, -7],
        [-2, -5, 0, 2, -0.5, -9],
      ].flat(),
      [1, 2, 6, 1],
    );
    const r = tf.tensor4d([10, 20, 30], [1, 1, 3, 1]);
    const g = tf.grad((t: tf.Tensor) =>
      tf.sum(tf.mul(tf.maxPool(t as tf.Tensor4D, 2, 2, "valid"), r))
    )(x);
    // Each window's gradient lands on its first maximum (ties: the first in row-major order).
    const expected = [0, 10, 20, 0, 30, 0, 0, 0, 0, 0, 0, 0];
    const got = Array.from(g.dataSync());
    assert(got.every((v, i) => v === expected[i]), `Expected ${expected} but found ${got}`);
    tf.dispose([x, r, g]);
  });
}
