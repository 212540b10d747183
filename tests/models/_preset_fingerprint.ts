/**
 * Fingerprints of every preset build (initial weights, weight names, the
 * prediction on a fixed batch and the weights after a few SGD steps), so a
 * change in how presets are built can be proven bit-identical. Run as a
 * script to (re)write `preset_fingerprints.json` from the current builders:
 * `deno run -A tests/models/_preset_fingerprint.ts`.
 */
import * as tf from "@tensorflow/tfjs-core";
import {
  buildModel,
  datasetToTensors,
  getWeightsFlat,
  initBackend,
  type ModelSpec,
  trainLocal,
} from "../../models/mod.ts";
import { syntheticDataset } from "./_fixtures.ts";

/** The builds compared: every preset but paper (150M parameters) over varied shapes and options. */
export const FINGERPRINT_SPECS: ModelSpec[] = [
  {
    preset: "tiny",
    shapes: { image: [32, 32, 3], series: [64, 6], tabular: [16] },
    classes: 8,
    seed: 3,
  },
  {
    preset: "tiny",
    shapes: { image: [28, 28], tokens: [12] },
    classes: 4,
    seed: 5,
    fusion: "gated",
    modalityDropout: 0.2,
  },
  {
    preset: "tiny",
    shapes: { series: [40], tabular: [7] },
    classes: 3,
    seed: 9,
    norm: "batch",
    fusion: "attention",
  },
  {
    preset: "small",
    shapes: { image: [16, 16, 1], series: [32, 3], tabular: [5] },
    classes: 5,
    seed: 11,
    width: 0.5,
  },
  {
    preset: "base",
    shapes: { image: [8, 8, 1], tabular: [4] },
    classes: 3,
    seed: 13,
    width: 0.125,
    norm: "none",
  },
  {
    preset: "reference",
    shapes: { image: [32, 32, 3], series: [64, 6], tabular: [16], tokens: [12] },
    classes: 8,
    seed: 17,
  },
  {
    preset: "reference",
    shapes: { image: [28, 28, 1] },
    classes: 10,
    seed: 19,
    norm: "batch",
    width: 2,
  },
  { preset: "reference", shapes: { tabular: [60] }, classes: 10, seed: 23 },
];

async function sha256(bytes: Float32Array): Promise<string> {
  const copy = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength).slice();
  const digest = await crypto.subtle.digest("SHA-256", copy);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** What must not change when a preset is built another way. */
export interface PresetFingerprint {
  names: string[];
  initial: string;
  prediction: string;
  trained: string;
}

/** Builds, predicts and trains `spec` on the current backend. */
export async function presetFingerprint(spec: ModelSpec): Promise<PresetFingerprint> {
  const model = buildModel(spec);
  const data = syntheticDataset(24, spec.classes, spec.shapes, spec.seed);
  try {
    const names = model.weights.map((w) => `${w.name}:${w.shape.join("x")}`);
    const initial = await sha256(getWeightsFlat(model, "all"));
    const p = tf.tidy(() => model.predict(datasetToTensors(data)) as tf.Tensor);
    const prediction = await sha256(p.dataSync() as Float32Array);
    p.dispose();
    trainLocal(model, data, { epochs: 1, batchSize: 8, learningRate: 0.05, seed: 1 });
    const trained = await sha256(getWeightsFlat(model, "all"));
    return { names, initial, prediction, trained };
  } finally {
    model.dispose();
  }
}

if (import.meta.main) {
  await initBackend();
  const out = [];
  for (const spec of FINGERPRINT_SPECS) out.push(await presetFingerprint(spec));
  const file = new URL("./preset_fingerprints.json", import.meta.url);
  await Deno.writeTextFile(file, JSON.stringify(out, null, 1) + "\n");
  console.log(`wrote ${out.length} fingerprints`);
}
