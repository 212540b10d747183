/** Small models and batches shared by the split tests. */
import * as tf from "@tensorflow/tfjs-core";
import type * as tfl from "@tensorflow/tfjs-layers";
import { buildModel, datasetToTensors, labelsToOneHot } from "../../models/mod.ts";
import { createSceneSource } from "../../sim/data/mod.ts";
import { Rng } from "../../sim/engine/mod.ts";
import type { Batch } from "../../sim/split/mod.ts";

/** The zoo's tiny preset on the scene's tabular and series sensors (3 stages after staging). */
export function tinyModel(seed = 7): tfl.LayersModel {
  return buildModel({
    preset: "tiny",
    shapes: { series: [64, 6], tabular: [16] },
    classes: 4,
    seed,
  });
}

/** A batch of `n` real scene samples (series + tabular), labels cycling through 4 classes. */
export function sceneBatch(n: number, stream: string): Batch {
  const scene = createSceneSource({ classes: 4, modalities: ["series", "tabular"] });
  const labels = new Int32Array(n).map((_, i) => i % 4);
  const data = scene.generate(labels, new Rng(stream), "train");
  return { inputs: datasetToTensors(data), labels: labelsToOneHot(data) };
}

/** Frees a batch's tensors. */
export function disposeBatch(batch: Batch): void {
  tf.dispose([...batch.inputs, batch.labels]);
}

/** All trainable weights of a model, flattened. */
export function flatWeights(model: tfl.LayersModel): Float32Array {
  const parts = model.trainableWeights.map((w) => w.read().dataSync() as Float32Array);
  const out = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** Largest absolute difference between two equally long vectors. */
export function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) {
    throw new RangeError(`Expected ${a.length} values but found ${b.length}`);
  }
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}
