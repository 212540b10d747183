/** Timing of split learning: a split step against an unsplit one, and the planner. */
import { initBackend } from "../../models/mod.ts";
import { planPartition, splitStep, stageModel, unsplitStep } from "../../sim/split/mod.ts";
import { sceneBatch, tinyModel } from "../split/_fixtures.ts";

await initBackend();
const model = tinyModel();
const staged = stageModel(model);
const batch = sceneBatch(32, "bench");

Deno.bench("unsplit SGD step, tiny model, batch 32", { group: "step", baseline: true }, () => {
  unsplitStep(staged, batch, 0.01);
});

Deno.bench("split SGD step at the fusion, tiny model, batch 32", { group: "step" }, () => {
  splitStep(staged, [0, 1, 3], batch, 0.01);
});

const stages = Array.from({ length: 18 }, (_, i) => ({
  name: `s${i}`,
  params: 1e7,
  inputValues: 4096,
  outputValues: 4096,
  forwardFlops: 2e7,
  backwardFlops: 4e7,
}));
const chain = {
  devices: [
    { name: "camera", computeFlops: 2e10, memoryBytes: 3e8 },
    { name: "gateway", computeFlops: 5e10, memoryBytes: 6e8 },
    { name: "server", computeFlops: 2e11, memoryBytes: 8e8 },
  ],
  links: [{ latencyS: 0.003, bandwidthBps: 1e8 }, { latencyS: 0.001, bandwidthBps: 1e9 }],
};

Deno.bench("planPartition(), 18 stages over 3 devices (190 candidates)", () => {
  planPartition(stages, chain, { batchSize: 8 });
});
