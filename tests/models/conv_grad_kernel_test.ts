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
type Pad = "same" | "valid";

/** Gradients of Σ r·conv2d(x, f) for x and f, on one backend. */
async function convGrads(
  backend: FastBackend | "cpu",
  xShape: Shape4,
  fShape: Shape4,
  strides: number | [number, number],
  pad: Pad,
): Promise<[Float32Array, Float32Array]> {
  await initBackend(backend);
  const x = tf.tensor4d(values(xShape.reduce((a, b) => a * b), 1), xShape);
  const f = tf.tensor4d(values(fShape.reduce((a, b) => a * b), 2), fShape);
  const y = tf.conv2d(x, f, strides, pad);
  const r = tf.tensor(values(y.size, 3), y.shape);
  const grads = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
    tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, strides, pad), r))
  )([x, f]);
  const out: [Float32Array, Float32Array] = [
    grads[0].dataSync() as Float32Array,
    grads[1].dataSync() as Float32Array,
  ];
  tf.dispose([x, f, y, r, ...grads]);
  return out;
}

// Odd shapes on purpose: both paddings, strides 1 and 2 (the two input-gradient
// paths), non-square images and filters, batch 1 and 3, channels 1 and 5.
const CASES: [string, Shape4, Shape4, number | [number, number], Pad][] = [
  ["3×3 same, batch 2", [2, 7, 6, 3], [3, 3, 3, 4], 1, "same"],
  ["3×3 valid, batch 3, 1 channel in", [3, 9, 7, 1], [3, 3, 1, 5], 1, "valid"],
  ["2×4 same, 5 channels, batch 1", [1, 6, 9, 5], [2, 4, 5, 1], 1, "same"],
  ["5×5 valid stride 2", [3, 11, 9, 2], [5, 5, 2, 3], 2, "valid"],
  ["3×3 same stride 2, non-square", [1, 8, 5, 5], [3, 3, 5, 2], 2, "same"],
  ["3×2 same strides 1×2", [3, 7, 8, 1], [3, 2, 1, 5], [1, 2], "same"],
  ["4×4 same stride 3", [1, 10, 10, 5], [4, 4, 5, 2], 3, "same"],
  ["1×1 valid", [2, 4, 3, 5], [1, 1, 5, 3], 1, "valid"],
  // Few input and many output channels: the filter gradient packs the patches instead of dy.
  ["3×1 same, 1 channel in, 8 out", [2, 6, 5, 1], [3, 1, 1, 8], 1, "same"],
  ["1×1 valid stride 2, 1 channel in, 3 out", [3, 5, 6, 1], [1, 1, 1, 3], 2, "valid"],
  // Patch matrices over the native kernels' cache and scratch limits: built a few images at a time.
  [
    "5×5 same, 64 channels in, batch 44 (native: in chunks)",
    [44, 16, 16, 64],
    [5, 5, 64, 2],
    1,
    "same",
  ],
];

for (const fast of FAST_BACKENDS) {
  for (const [label, xShape, fShape, strides, pad] of CASES) {
    Deno.test({
      name: `${fast} convolution gradients match the stock cpu kernels within 1e-4 (${label})`,
      ignore: await skipUnlessTestable(fast),
    }, async () => {
      const [dxCpu, dfCpu] = await convGrads("cpu", xShape, fShape, strides, pad);
      const [dxWasm, dfWasm] = await convGrads(fast, xShape, fShape, strides, pad);
      const df = relativeError(dfWasm, dfCpu);
      const dx = relativeError(dxWasm, dxCpu);
      assert(df < 1e-4, `filter gradient off by ${df}`);
      assert(dx < 1e-4, `input gradient off by ${dx}`);
    });
  }
}

/** Gradients of Σ r·conv1d(x, f) through tfjs's 2-D lowering, on one backend. */
async function conv1dGrads(
  backend: FastBackend | "cpu",
  [batch, width, cin]: [number, number, number],
  [k, cout]: [number, number],
  stride: number,
  pad: Pad,
): Promise<Float32Array[]> {
  await initBackend(backend);
  const x = tf.tensor3d(values(batch * width * cin, 4), [batch, width, cin]);
  const f = tf.tensor3d(values(k * cin * cout, 5), [k, cin, cout]);
  const conv = (a: tf.Tensor, b: tf.Tensor) =>
    tf.conv1d(a as tf.Tensor3D, b as tf.Tensor3D, stride, pad);
  const y = conv(x, f);
  const r = tf.tensor(values(y.size, 6), y.shape);
  const grads = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(conv(a, b), r)))([x, f]);
  const out = grads.map((g) => g.dataSync() as Float32Array);
  tf.dispose([x, f, y, r, ...grads]);
  return out;
}

const CASES_1D: [string, [number, number, number], [number, number], number, Pad][] = [
  ["k5 valid, batch 4", [4, 20, 6], [5, 8], 1, "valid"],
  ["k3 same, 1 channel, batch 1", [1, 13, 1], [3, 5], 1, "same"],
  ["k4 same stride 2, batch 3", [3, 15, 5], [4, 2], 2, "same"],
];

for (const fast of FAST_BACKENDS) {
  for (const [label, xShape, fShape, stride, pad] of CASES_1D) {
    Deno.test({
      name: `${fast} Conv1D gradients match the stock cpu kernels within 1e-4 (${label})`,
      ignore: await skipUnlessTestable(fast),
    }, async () => {
      const [dxCpu, dfCpu] = await conv1dGrads("cpu", xShape, fShape, stride, pad);
      const [dxWasm, dfWasm] = await conv1dGrads(fast, xShape, fShape, stride, pad);
      assert(
        relativeError(dfWasm, dfCpu) < 1e-4,
        `filter gradient off by ${relativeError(dfWasm, dfCpu)}`,
      );
      assert(
        relativeError(dxWasm, dxCpu) < 1e-4,
        `input gradient off by ${relativeError(dxWasm, dxCpu)}`,
      );
    });
  }
}

for (const fast of FAST_BACKENDS) {
  Deno.test({
    name:
      `the ${fast} input gradient of a stride-1 convolution stays right after the filter changes`,
    ignore: await skipUnlessTestable(fast),
  }, async () => {
    // XNNPACK caches packed filters by tensor id: a stale cache would reuse the first filter.
    await initBackend(fast);
    const x = tf.tensor4d(values(2 * 5 * 5 * 3, 7), [2, 5, 5, 3]);
    const grad = (f: tf.Tensor4D) =>
      tf.tidy(() =>
        tf.grad((a: tf.Tensor) => tf.sum(tf.conv2d(a as tf.Tensor4D, f, 1, "same")))(x).dataSync()
      );
    const first = tf.tensor4d(values(3 * 3 * 3 * 2, 8), [3, 3, 3, 2]);
    const second = tf.mul(first, 2) as tf.Tensor4D;
    const g1 = grad(first);
    const g2 = grad(second);
    assert(g1.some((v) => v !== 0), "the gradient should not vanish");
    assert(
      g2.every((v, i) => Math.abs(v - 2 * g1[i]) <= 1e-5 * Math.max(1, Math.abs(v))),
      "second filter ignored",
    );
    tf.dispose([x, first, second]);
  });
}

Deno.test({
  name:
    "native convolution gradients are the same when patch matrices are built an image at a time",
  ignore: await skipUnlessTestable("native"),
}, async () => {
  const { setChunkFloats, setPatchCacheFloats } = await import(
    "../../models/kernels/native/mod.ts"
  );
  const cases: [Shape4, Shape4, number, Pad][] = [
    [[5, 7, 6, 3], [3, 3, 3, 4], 1, "same"],
    [[4, 9, 8, 2], [3, 3, 2, 3], 2, "valid"],
  ];
  for (const [xShape, fShape, strides, pad] of cases) {
    const [dxCpu, dfCpu] = await convGrads("cpu", xShape, fShape, strides, pad);
    // No cache, and chunks smaller than one image's patches: every batch goes image by image.
    const oldChunk = setChunkFloats(1);
    const oldCache = setPatchCacheFloats(0);
    try {
      const [dx, df] = await convGrads("native", xShape, fShape, strides, pad);
      assert(relativeError(df, dfCpu) < 1e-4, `filter gradient off by ${relativeError(df, dfCpu)}`);
      assert(relativeError(dx, dxCpu) < 1e-4, `input gradient off by ${relativeError(dx, dxCpu)}`);
    } finally {
      setChunkFloats(oldChunk);
      setPatchCacheFloats(oldCache);
    }
  }
});
