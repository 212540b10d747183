/**
 * Model-zoo benchmarks. Training throughput (samples/s = batch ÷ time per
 * step), flat-weight copies, and — only with RENKEI_BENCH_PAPER=1, because
 * one step takes seconds and memory in GB — the 150M-parameter paper preset.
 *
 *   deno bench -A tests/bench/models_bench.ts
 *   RENKEI_BENCH_PAPER=1 deno bench -A tests/bench/models_bench.ts --filter paper
 */
import {
  buildModel,
  getWeightsFlat,
  initBackend,
  type ModelSpec,
  setWeightsFlat,
  trainLocal,
} from "../../models/mod.ts";
import { runPaperSteps } from "../../tools/paper_run.ts";
import type { Dataset, Modality } from "../../sim/data/types.ts";

const backend = await initBackend();
const DEMO_SHAPES = { image: [32, 32, 3], series: [64, 6], tabular: [16] };
const BATCH = 32;

function randomDataset(n: number, classes: number, shapes: ModelSpec["shapes"]): Dataset {
  const modalities = Object.keys(shapes) as Modality[];
  const inputs: Partial<Record<Modality, Float32Array>> = {};
  for (const m of modalities) {
    const size = shapes[m]!.reduce((a, b) => a * b, 1);
    // Token ids must be valid vocabulary indices; other modalities take any value.
    inputs[m] = Float32Array.from(
      { length: n * size },
      (_, i) => m === "tokens" ? (i * 7) % 32 : Math.sin(i * 0.37),
    );
  }
  const labels = Int32Array.from({ length: n }, (_, i) => i % classes);
  const mask = new Float32Array(n * modalities.length).fill(1);
  return { n, classes, modalities, shapes, labels, inputs, mask };
}

function trainingBench(name: string, spec: ModelSpec): void {
  const model = buildModel(spec);
  const data = randomDataset(BATCH * 8, spec.classes, spec.shapes);
  let step = 0;
  Deno.bench({
    name: `${name}: one training step, batch ${BATCH} (${backend})`,
    group: "train",
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

trainingBench("tiny gated", {
  preset: "tiny",
  shapes: DEMO_SHAPES,
  classes: 8,
  seed: 1,
  fusion: "gated",
  modalityDropout: 0.1,
});
trainingBench("tiny concat", {
  preset: "tiny",
  shapes: DEMO_SHAPES,
  classes: 8,
  seed: 1,
  fusion: "concat",
});
trainingBench("reference", { preset: "reference", shapes: DEMO_SHAPES, classes: 8, seed: 1 });
trainingBench("small gated", {
  preset: "small",
  shapes: DEMO_SHAPES,
  classes: 8,
  seed: 1,
  fusion: "gated",
});

for (const preset of ["small", "base"] as const) {
  const model = buildModel({ preset, shapes: DEMO_SHAPES, classes: 8, seed: 1, fusion: "gated" });
  const flat = getWeightsFlat(model);
  Deno.bench({
    name: `${preset} (${flat.length} params): getWeightsFlat`,
    group: "weights",
    fn: () => void getWeightsFlat(model),
  });
  Deno.bench({
    name: `${preset} (${flat.length} params): setWeightsFlat`,
    group: "weights",
    fn: () => setWeightsFlat(model, flat),
  });
}

const paperEnabled = (() => {
  try {
    return Deno.env.get("RENKEI_BENCH_PAPER") === "1";
  } catch {
    return false;
  }
})();

// deno bench calls a function several times even with n: 1; the paper run
// happens once and later calls return at once (its timing column is not the
// measurement — the printed JSON is).
const paperDone = new Set<string>();
for (const optimizer of ["sgd", "adam"] as const) {
  Deno.bench({
    name: `paper preset: 3 ${optimizer} steps, batch 8 (prints params, s/step, peak memory)`,
    ignore: !paperEnabled,
    n: 1,
    warmup: 0,
    fn: () => {
      if (paperDone.has(optimizer)) return;
      paperDone.add(optimizer);
      console.log(JSON.stringify(runPaperSteps(optimizer, 3, 8)));
    },
  });
}
