/**
 * Trains the reference model (image, series, tabular) a few SGD steps from
 * seed 1 on the backend named by the first argument (default wasm) and prints
 * its weights as hex: a child process of determinism_kernel_test.ts, which
 * compares two runs bit for bit.
 */
import {
  type BackendName,
  buildModel,
  getWeightsFlat,
  initBackend,
  trainLocal,
} from "../../models/mod.ts";
import { BENCH_CLASSES, BENCH_SHAPES, benchDataset } from "../../cli/bench.ts";

await initBackend((Deno.args[0] ?? "wasm") as BackendName);
const model = buildModel({
  preset: "reference",
  shapes: { ...BENCH_SHAPES },
  classes: BENCH_CLASSES,
  seed: 1,
});
trainLocal(model, benchDataset(48, 1), { epochs: 1, batchSize: 16, learningRate: 0.05, seed: 3 });
const bytes = new Uint8Array(getWeightsFlat(model).buffer);
console.log(Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join(""));
