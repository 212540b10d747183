/**
 * Matrix-multiply GFLOP/s of TensorFlow.js on this host: the practical peak
 * that training kernels can hope to reach (compare with numpy/torch from
 * tools/pytorch_reference.py). Prints one JSON line per size and backend.
 *
 *   deno run -A tools/matmul_peak.ts            # wasm, 1024² (and 256²)
 *   deno run -A tools/matmul_peak.ts --cpu      # also the cpu backend at 256²
 */
import * as tf from "@tensorflow/tfjs-core";
import { type BackendName, initBackend } from "../models/mod.ts";
import { loadBlas } from "../models/kernels/native/mod.ts";

const REPEATS = 3;

function measure(size: number, calls: number): { best: number; median: number } {
  const a = tf.randomUniform([size, size], -1, 1, "float32", 1);
  const b = tf.randomUniform([size, size], -1, 1, "float32", 2);
  const run = () => {
    const c = tf.matMul(a, b);
    c.dataSync();
    c.dispose();
  };
  run(); // packs the weights and warms the kernel
  const seconds: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    const t = performance.now();
    for (let i = 0; i < calls; i++) run();
    seconds.push((performance.now() - t) / 1000 / calls);
  }
  a.dispose();
  b.dispose();
  seconds.sort((x, y) => x - y);
  const flops = 2 * size ** 3;
  return { best: flops / seconds[0] / 1e9, median: flops / seconds[REPEATS >> 1] / 1e9 };
}

const plans: [string, number, number][] = [["wasm", 1024, 5], ["wasm", 256, 50]];
if (loadBlas() !== undefined) plans.push(["native", 1024, 5], ["native", 256, 50]);
if (Deno.args.includes("--cpu")) plans.push(["cpu", 256, 3]);
for (const [backend, size, calls] of plans) {
  const name = await initBackend(backend as BackendName);
  const { best, median } = measure(size, calls);
  console.log(JSON.stringify({
    what: "matmul",
    library: `tfjs-${name} ${tf.version_core}`,
    size,
    gflops_best: +best.toFixed(2),
    gflops_median: +median.toFixed(2),
    load_1m: +Deno.loadavg()[0].toFixed(2),
  }));
}
