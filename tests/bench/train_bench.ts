/**
 * Training throughput of the reference model (issue #10) at width 1 and 4,
 * and of the tiny preset: one SGD step of batch 32 per iteration on seeded
 * random data, so samples/s = 32 ÷ (time per iteration). The same numbers,
 * as one JSON line each, come from `renkei bench train`.
 *
 *   deno bench -A tests/bench/train_bench.ts
 *   RENKEI_BACKEND=native deno bench -A tests/bench/train_bench.ts   # on the system BLAS
 */
import { buildModel, initBackend, type PresetName, trainLocal } from "../../models/mod.ts";
import { BENCH_CLASSES, BENCH_SHAPES, benchDataset } from "../../cli/bench.ts";

const BATCH = 32;
const backend = await initBackend();

function trainingBench(preset: PresetName, width: number, n?: number): void {
  const model = buildModel({
    preset,
    shapes: { ...BENCH_SHAPES },
    classes: BENCH_CLASSES,
    width,
    seed: 1,
  });
  const data = benchDataset(BATCH * 8, 1);
  const params = model.countParams();
  let step = 0;
  Deno.bench({
    name: `${preset} ×${width} (${params} params): one SGD step, batch ${BATCH} (${backend})`,
    group: "train step",
    baseline: preset === "reference" && width === 1,
    // Fixed iteration counts keep the slow wide model from running for minutes.
    ...(n === undefined ? {} : { n, warmup: 2 }),
    fn: () => {
      trainLocal(model, data, {
        epochs: 1,
        batchSize: BATCH,
        learningRate: 0.01,
        seed: step++,
        maxSteps: 1,
      });
    },
  });
}

trainingBench("reference", 1, 60);
trainingBench("reference", 4, 10);
trainingBench("tiny", 1, 100);
