/** Small synthetic datasets for the model-zoo tests (class-dependent signals). */
import type { Dataset, Modality } from "../../sim/data/types.ts";
import type { ModelSpec } from "../../models/mod.ts";

/** The demo's per-sample shapes. */
export const DEMO_SHAPES: Partial<Record<Modality, number[]>> = {
  image: [32, 32, 3],
  series: [64, 6],
  tabular: [16],
};

/** A dataset whose every modality carries a class-dependent mean, so a model can learn it. */
export function syntheticDataset(
  n: number,
  classes: number,
  shapes: Partial<Record<Modality, number[]>>,
  seed = 1,
  vocab = 32,
): Dataset {
  let state = seed >>> 0 || 1;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const modalities = (["image", "series", "tabular", "tokens"] as Modality[]).filter((m) =>
    shapes[m] !== undefined
  );
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) labels[i] = i % classes;
  const inputs: Partial<Record<Modality, Float32Array>> = {};
  for (const m of modalities) {
    const size = shapes[m]!.reduce((a, b) => a * b, 1);
    const values = new Float32Array(n * size);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < size; j++) {
        values[i * size + j] = m === "tokens"
          ? (labels[i] * 3 + Math.floor(random() * 3)) % vocab
          : (labels[i] / classes - 0.5) * Math.cos(j) + 0.3 * (random() - 0.5);
      }
    }
    inputs[m] = values;
  }
  const mask = new Float32Array(n * modalities.length).fill(1);
  return { n, classes, modalities, shapes, labels, inputs, mask };
}

/** A tiny spec over the demo shapes. */
export function tinySpec(overrides: Partial<ModelSpec> = {}): ModelSpec {
  return { preset: "tiny", shapes: DEMO_SHAPES, classes: 4, seed: 7, ...overrides };
}
