/**
 * The one-kernel SGD update (models/kernels/sgd_step.ts) against the stock
 * `tf.train.sgd`: the same weights bit for bit on cpu and wasm, including
 * values whose product and sum round (tiny, huge, subnormal, −0).
 */
import * as tf from "@tensorflow/tfjs-core";
import { assert, assertEquals } from "../_assert.ts";
import { initBackend } from "../../models/mod.ts";
import { SGD_STEP, sgdStepValues, sgdUpdate } from "../../models/kernels/sgd_step.ts";
import { values } from "./_kernel_cases.ts";

function awkward(n: number, seed: number): Float32Array {
  const v = values(n, seed);
  const specials = [0, -0, 1e-40, -3e-39, 1e30, -7e-20, 123456.789];
  for (let i = 0; i < n; i += 5) v[i] = specials[(i / 5) % specials.length];
  return v;
}

for (const backend of ["cpu", "wasm"] as const) {
  Deno.test(`the SGD kernel updates weights to the stock optimiser's bits (${backend})`, async () => {
    await initBackend(backend);
    assert(tf.getKernel(SGD_STEP, backend) !== undefined, "initBackend registers the kernel");
    for (const lr of [0.05, 1e-4, 0.3]) {
      const shapes = [[3, 4], [17], [2, 3, 3, 5]];
      const start = shapes.map((s, i) => awkward(s.reduce((a, b) => a * b), i + 1));
      const grads = shapes.map((s, i) => tf.tensor(awkward(s.reduce((a, b) => a * b), i + 9), s));
      const ours = shapes.map((s, i) => tf.variable(tf.tensor(start[i], s)));
      const stock = shapes.map((s, i) => tf.variable(tf.tensor(start[i], s)));
      sgdUpdate(ours, grads, lr);
      const optimizer = tf.train.sgd(lr);
      const named: tf.NamedTensorMap = {};
      stock.forEach((v, i) => named[v.name] = grads[i]);
      optimizer.applyGradients(named);
      ours.forEach((v, i) => {
        const a = new Uint32Array((v.dataSync() as Float32Array).slice().buffer);
        const b = new Uint32Array((stock[i].dataSync() as Float32Array).slice().buffer);
        const k = a.findIndex((x, j) => x !== b[j]);
        assert(
          k < 0,
          `lr ${lr}, variable ${i}, element ${k}: ${v.dataSync()[k]} vs ${stock[i].dataSync()[k]}`,
        );
        assert(v.dataSync().some((x, j) => x !== start[i][j]), "the update changed something");
      });
      optimizer.dispose();
      [...ours, ...stock, ...grads].forEach((t) => t.dispose());
    }
  });
}

Deno.test("sgdStepValues rounds the product to float32 before adding, as the stock kernels do", () => {
  // A pair where rounding c·g to float32 first changes the float32 sum.
  const value = 0.04704461619257927, gradient = 0.6788647174835205, c = Math.fround(-0.1);
  const out = new Float32Array(1);
  sgdStepValues(Float32Array.of(value), Float32Array.of(gradient), -0.1, out);
  assertEquals(out[0], Math.fround(Math.fround(c * gradient) + value));
  assert(out[0] !== Math.fround(c * gradient + value), "the example must tell the two apart");
});
