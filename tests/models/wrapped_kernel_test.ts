import * as tf from "@tensorflow/tfjs-core";
import { assert, assertEquals } from "../_assert.ts";
import { initBackend } from "../../models/mod.ts";
import {
  FAST_BACKENDS,
  type FastBackend,
  relativeError,
  skipUnlessTestable,
  values,
} from "./_kernel_cases.ts";

/** Runs `f` on a backend and returns its result's values. */
async function on(backend: FastBackend | "cpu", f: () => tf.Tensor): Promise<Float32Array> {
  await initBackend(backend);
  return tf.tidy(() => f().dataSync() as Float32Array);
}

async function assertMatchesCpu(
  what: string,
  f: () => tf.Tensor,
  fast: FastBackend = "wasm",
): Promise<void> {
  const cpu = await on("cpu", f);
  const wasm = await on(fast, f);
  assert(relativeError(wasm, cpu) < 1e-4, `${what} off by ${relativeError(wasm, cpu)}`);
}

const MATMULS: [string, number[], number[], boolean, boolean][] = [
  ["aᵀ·b (a Dense weight gradient)", [5, 3], [5, 4], true, false],
  ["a·bᵀ (a Dense input gradient)", [3, 5], [4, 5], false, true],
  ["aᵀ·bᵀ", [5, 3], [4, 5], true, true],
  ["aᵀ·b with a batch of 1", [1, 7, 2], [1, 7, 6], true, false],
  ["aᵀ·b with a batch of 3 (stock kernel)", [3, 4, 2], [3, 4, 5], true, false],
  ["a·b", [2, 6], [6, 3], false, false],
];

for (const fast of FAST_BACKENDS) {
  for (const [label, aShape, bShape, ta, tb] of MATMULS) {
    Deno.test({
      name: `${fast} BatchMatMul matches the stock cpu kernel within 1e-4 (${label})`,
      ignore: await skipUnlessTestable(fast),
    }, async () => {
      const size = (s: number[]) => s.reduce((p, q) => p * q, 1);
      await assertMatchesCpu(label, () => {
        const a = tf.tensor(values(size(aShape), 1), aShape);
        const b = tf.tensor(values(size(bShape), 2), bShape);
        return tf.matMul(a, b, ta, tb);
      }, fast);
    });
  }
}

// The fused kernels Dense and Conv2D layers call: bias and ReLU applied after the product.
const FUSED: [string, () => tf.Tensor][] = [
  ["matMul + bias + relu", () =>
    tf.fused.matMul({
      a: tf.tensor2d(values(4 * 6, 11), [4, 6]),
      b: tf.tensor2d(values(6 * 5, 12), [6, 5]),
      bias: tf.tensor1d(values(5, 13)),
      activation: "relu",
    })],
  ["matMul transposed, no bias, linear", () =>
    tf.fused.matMul({
      a: tf.tensor2d(values(6 * 4, 14), [6, 4]),
      b: tf.tensor2d(values(5 * 6, 15), [5, 6]),
      transposeA: true,
      transposeB: true,
    })],
  ["conv2d 3×3 same + bias + relu", () =>
    tf.fused.conv2d({
      x: tf.tensor4d(values(2 * 7 * 6 * 3, 16), [2, 7, 6, 3]),
      filter: tf.tensor4d(values(3 * 3 * 3 * 4, 17), [3, 3, 3, 4]),
      strides: 1,
      pad: "same",
      bias: tf.tensor1d(values(4, 18)),
      activation: "relu",
    })],
  ["conv2d 1×1 valid + bias", () =>
    tf.fused.conv2d({
      x: tf.tensor4d(values(2 * 4 * 3 * 5, 19), [2, 4, 3, 5]),
      filter: tf.tensor4d(values(5 * 3, 20), [1, 1, 5, 3]),
      strides: 1,
      pad: "valid",
      bias: tf.tensor1d(values(3, 21)),
    })],
  [
    "add a channel bias to NHWC (bias second)",
    () => tf.add(tf.tensor4d(values(2 * 3 * 4 * 5, 24), [2, 3, 4, 5]), tf.tensor1d(values(5, 25))),
  ],
  [
    "add a channel bias to NHWC (bias first)",
    () => tf.add(tf.tensor1d(values(5, 26)), tf.tensor4d(values(2 * 3 * 4 * 5, 27), [2, 3, 4, 5])),
  ],
  [
    "add same-shape tensors (the wasm kernel's)",
    () => tf.add(tf.tensor2d(values(12, 28), [3, 4]), tf.tensor2d(values(12, 29), [3, 4])),
  ],
  ["conv2d 3×3 stride 2, dilation-free, no bias, elu (the wasm kernel's)", () =>
    tf.fused.conv2d({
      x: tf.tensor4d(values(1 * 9 * 8 * 2, 22), [1, 9, 8, 2]),
      filter: tf.tensor4d(values(3 * 3 * 2 * 3, 23), [3, 3, 2, 3]),
      strides: 2,
      pad: "same",
      activation: "elu",
    })],
];

for (const fast of FAST_BACKENDS) {
  for (const [label, f] of FUSED) {
    Deno.test({
      name: `${fast} fused and bias-add kernels match the stock cpu kernels within 1e-4 (${label})`,
      ignore: await skipUnlessTestable(fast),
    }, async () => {
      await assertMatchesCpu(label, f, fast);
    });
  }
}

for (const fast of FAST_BACKENDS) {
  Deno.test({
    name: `${fast} Dense-style gradients (matMul) match the stock cpu kernels within 1e-4`,
    ignore: await skipUnlessTestable(fast),
  }, async () => {
    const grads = async (backend: FastBackend | "cpu") => {
      await initBackend(backend);
      const x = tf.tensor2d(values(3 * 5, 3), [3, 5]);
      const w = tf.tensor2d(values(5 * 4, 4), [5, 4]);
      const r = tf.tensor2d(values(3 * 4, 5), [3, 4]);
      const g = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.mul(tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D), r))
      )([x, w]);
      const out = g.map((t) => t.dataSync() as Float32Array);
      tf.dispose([x, w, r, ...g]);
      return out;
    };
    const cpu = await grads("cpu");
    const wasm = await grads(fast);
    for (let i = 0; i < 2; i++) {
      assert(relativeError(wasm[i], cpu[i]) < 1e-4, `gradient ${i} off`);
    }
  });
}

const SUMS: [string, number[], number | number[], boolean][] = [
  ["a bias gradient: NHWC over batch and pixels", [3, 4, 5, 6], [0, 1, 2], false],
  ["leading axes given out of order, kept", [2, 3, 5], [1, 0], true],
  ["the first axis", [7, 3], 0, false],
  ["trailing axes (stock kernel)", [2, 3, 4], [1, 2], false],
  ["every axis (stock kernel)", [2, 3, 4], [0, 1, 2], false],
];

for (const [label, shape, axis, keepDims] of SUMS) {
  Deno.test(`wasm Sum matches the stock cpu kernel within 1e-4 (${label})`, async () => {
    const size = shape.reduce((p, q) => p * q, 1);
    const shapeOf = async (backend: "wasm" | "cpu") => {
      await initBackend(backend);
      return tf.tidy(() => tf.sum(tf.tensor(values(size, 6), shape), axis, keepDims).shape);
    };
    assert(
      (await shapeOf("wasm")).join() === (await shapeOf("cpu")).join(),
      `shapes differ: ${await shapeOf("wasm")} vs ${await shapeOf("cpu")}`,
    );
    await assertMatchesCpu(label, () => tf.sum(tf.tensor(values(size, 6), shape), axis, keepDims));
  });
}

Deno.test("a wasm Identity shares memory yet each tensor can be disposed on its own", async () => {
  await initBackend("wasm");
  const buffers = tf.backend().numDataIds();
  const x = tf.tensor1d([1, -2, 3]);
  const copy = tf.clone(x); // tf.clone runs the Identity kernel
  const same = tf.clone(copy);
  x.dispose();
  // Had the buffer been freed with x, this allocation would likely reuse and overwrite it.
  const filler = tf.tensor1d([9, 9, 9]);
  assert(Array.from(copy.dataSync()).join() === "1,-2,3", "clone lost its values");
  copy.dispose();
  assert(Array.from(same.dataSync()).join() === "1,-2,3", "identity lost its values");
  same.dispose();
  filler.dispose();
  assert(
    tf.backend().numDataIds() === buffers,
    "the shared buffer should be freed with the last tensor",
  );
});

Deno.test("wasm Cast to the same dtype shares the buffer and survives the source's disposal", async () => {
  await initBackend("wasm");
  const x = tf.tensor1d([1.5, -2, 0]);
  const buffers = tf.backend().numDataIds();
  const y = tf.cast(x, "float32");
  assertEquals(tf.backend().numDataIds(), buffers, "a same-dtype cast allocated a buffer");
  x.dispose();
  assertEquals(Array.from(y.dataSync()), [1.5, -2, 0]);
  const z = tf.cast(y, "int32");
  assertEquals(Array.from(z.dataSync()), [1, -2, 0]);
  tf.dispose([y, z]);
});

const MEANS: [string, number[], number | number[], boolean][] = [
  ["global average pooling 2-D (covered natively)", [3, 4, 5, 6], [1, 2], false],
  ["global average pooling 1-D, kept (covered natively)", [2, 7, 5], 1, true],
  ["the batch axis (stock kernel)", [4, 3], 0, false],
  ["every axis (stock kernel)", [2, 3, 4], [0, 1, 2], false],
];
for (const fast of FAST_BACKENDS) {
  for (const [label, shape, axis, keepDims] of MEANS) {
    Deno.test({
      name: `${fast} Mean matches the stock cpu kernel within 1e-4 (${label})`,
      ignore: await skipUnlessTestable(fast),
    }, async () => {
      const size = shape.reduce((p, q) => p * q, 1);
      const f = () => tf.mean(tf.tensor(values(size, 7), shape), axis, keepDims);
      await initBackend("cpu");
      const cpuShape = tf.tidy(() => f().shape);
      await initBackend(fast);
      assertEquals(tf.tidy(() => f().shape), cpuShape);
      await assertMatchesCpu(label, f, fast);
    });
  }
  const pools: [string, [number, number, number, number], number][] = [
    ["2×2 (covered natively)", [2, 6, 8, 5], 2],
    ["3×3 stride 3 (covered natively)", [1, 6, 9, 17], 3],
  ];
  for (const [label, shape, pool] of pools) {
    Deno.test({
      name: `${fast} MaxPool matches the stock cpu kernel exactly (${label})`,
      ignore: await skipUnlessTestable(fast),
    }, async () => {
      const size = shape.reduce((p, q) => p * q, 1);
      const f = () => tf.maxPool(tf.tensor4d(values(size, 8), shape), pool, pool, "valid");
      const cpu = await on("cpu", f);
      const got = await on(fast, f);
      assertEquals(Array.from(got), Array.from(cpu));
    });
  }
}
