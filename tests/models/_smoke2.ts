import * as m from "../../models/mod.ts";
import * as tf from "@tensorflow/tfjs-core";
import { syntheticDataset } from "./_fixtures.ts";
await m.initBackend();
const shapesList: Record<string, any> = {
  all: { image: [32, 32, 3], series: [64, 6], tabular: [16] },
  image: { image: [32, 32, 3] },
  series: { series: [64, 6] },
  tabular: { tabular: [16] },
};
for (const [k, shapes] of Object.entries(shapesList)) {
  const model = m.buildModel({ preset: "tiny", shapes, classes: 8, seed: 1, fusion: "gated" });
  const data = syntheticDataset(640, 8, shapes);
  m.trainLocal(model, data, { epochs: 1, batchSize: 32, learningRate: 0.05, seed: 1 });
  const t = performance.now();
  const r = m.trainLocal(model, data, { epochs: 2, batchSize: 32, learningRate: 0.05, seed: 2 });
  const dt = (performance.now() - t) / 1000;
  let t2 = performance.now();
  for (let i = 0; i < 20; i++) {
    tf.tidy(() => {
      m.datasetToTensors(data, Array.from({ length: 32 }, (_, j) => j));
    });
  }
  const gather = (performance.now() - t2) / 20;
  t2 = performance.now();
  const xs = m.datasetToTensors(data, Array.from({ length: 32 }, (_, j) => j));
  for (let i = 0; i < 20; i++) {
    tf.tidy(() => {
      (model.apply(xs) as tf.Tensor).dataSync();
    });
  }
  const fwd = (performance.now() - t2) / 20;
  console.log(
    k,
    (r.samples / dt).toFixed(0),
    "samples/s",
    (1000 * dt / r.steps).toFixed(1),
    "ms/step; gather",
    gather.toFixed(2),
    "fwd",
    fwd.toFixed(2),
  );
}
