import * as tf from "@tensorflow/tfjs-core";
import { assert } from "../_assert.ts";
import { initBackend } from "../../models/mod.ts";
import {
  conv2dBackpropFilterWasm,
  conv2dBackpropInputWasm,
  maxPoolGradWasm,
  unsortedSegmentSumJs,
} from "../../models/kernels/mod.ts";
import { FAST_BACKENDS, relativeError, skipUnlessTestable, values } from "./_kernel_cases.ts";

Deno.test("initBackend registers the zoo's gradient kernels for wasm only", async () => {
  await initBackend("wasm");
  const kernel = (name: string, backend: string) => tf.getKernel(name, backend)?.kernelFunc;
  assert(kernel("Conv2DBackpropFilter", "wasm") === conv2dBackpropFilterWasm);
  assert(kernel("Conv2DBackpropInput", "wasm") === conv2dBackpropInputWasm);
  assert(kernel("MaxPoolGrad", "wasm") === maxPoolGradWasm);
  assert(kernel("UnsortedSegmentSum", "wasm") === unsortedSegmentSumJs);
  assert(kernel("Conv2DBackpropFilter", "cpu") !== conv2dBackpropFilterWasm);
  assert(kernel("MaxPoolGrad", "cpu") !== maxPoolGradWasm);
});

Deno.test("wasm UnsortedSegmentSum (the Embedding gradient) matches the stock cpu kernel", async () => {
  const run = async (backend: "cpu" | "wasm") => {
    await initBackend(backend);
    const table = tf.tensor2d(values(10 * 4, 5), [10, 4]);
    const ids = tf.tensor2d([[1, 3, 3, 9], [0, 1, 1, 1]], [2, 4], "int32");
    const r = tf.tensor3d(values(2 * 4 * 4, 6), [2, 4, 4]);
    const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, ids), r)))(table);
    const out = g.dataSync() as Float32Array;
    tf.dispose([table, ids, r, g]);
    return out;
  };
  const cpu = await run("cpu");
  const wasm = await run("wasm");
  assert(relativeError(wasm, cpu) < 1e-4, `segment sum off by ${relativeError(wasm, cpu)}`);
  assert(cpu.slice(4, 8).some((v) => v !== 0), "row 1 should collect gradient");
  assert(cpu.slice(8, 12).every((v) => v === 0), "row 2 is never looked up");
});

for (const fast of FAST_BACKENDS) {
  Deno.test({
    name: `the ${fast} gradient kernels leave no tensors or heap buffers behind`,
    ignore: await skipUnlessTestable(fast),
  }, async () => {
    await initBackend(fast);
    const x = tf.tensor4d(values(2 * 6 * 6 * 3, 1), [2, 6, 6, 3]);
    const f = tf.variable(tf.tensor4d(values(3 * 3 * 3 * 4, 2), [3, 3, 3, 4]));
    const run = (strides: number) =>
      tf.tidy(() => {
        const g = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
          tf.sum(
            tf.maxPool(
              tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, strides, "same"),
              2,
              2,
              "valid",
            ),
          )
        )([x, f]);
        return g.map((t) => tf.sum(t).dataSync()[0]);
      });
    run(1);
    run(2);
    const tensors = tf.memory().numTensors;
    const buffers = tf.backend().numDataIds();
    run(1);
    run(2);
    assert(
      tf.memory().numTensors === tensors,
      `${tf.memory().numTensors - tensors} tensors leaked`,
    );
    assert(
      tf.backend().numDataIds() === buffers,
      `${tf.backend().numDataIds() - buffers} heap buffers leaked`,
    );
    tf.dispose([x, f]);
  });
}
