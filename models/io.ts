/**
 * Saving and loading in the standard TensorFlow.js layers format
 * (`model.json` + `weights.bin`), readable by `tf.loadLayersModel` in a
 * browser or in Node. Custom zoo layers are registered when this module
 * graph loads, so loading through `loadModel` finds them.
 */
import * as tf from "@tensorflow/tfjs-core";
import * as tfl from "@tensorflow/tfjs-layers";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import "./layers/modality.ts";
import "./layers/fusion.ts";
import "./layers/norm.ts";
import "./layers/dropout.ts";

const MODEL_FILE = "model.json";
const WEIGHTS_FILE = "weights.bin";

function joinWeightData(data: tf.io.WeightData): ArrayBuffer {
  return tf.io.CompositeArrayBuffer.join(data);
}

/** Writes `model.json` and `weights.bin` into `dir` (created if missing). */
export async function saveModel(model: tfl.LayersModel, dir: string): Promise<void> {
  const handler: tf.io.IOHandler = {
    save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      mkdirSync(dir, { recursive: true });
      const weights = artifacts.weightData === undefined
        ? new ArrayBuffer(0)
        : joinWeightData(artifacts.weightData);
      const json = {
        modelTopology: artifacts.modelTopology,
        format: artifacts.format ?? "layers-model",
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
        weightsManifest: [{ paths: [`./${WEIGHTS_FILE}`], weights: artifacts.weightSpecs ?? [] }],
      };
      writeFileSync(join(dir, MODEL_FILE), JSON.stringify(json));
      writeFileSync(join(dir, WEIGHTS_FILE), new Uint8Array(weights));
      return Promise.resolve({
        modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts),
      });
    },
  };
  await model.save(handler);
}

/** Loads a model saved by `saveModel` (or any single-shard TF.js layers model). */
export async function loadModel(dir: string): Promise<tfl.LayersModel> {
  const handler: tf.io.IOHandler = {
    load(): Promise<tf.io.ModelArtifacts> {
      const json = JSON.parse(readFileSync(join(dir, MODEL_FILE), "utf8"));
      const manifest = json.weightsManifest as tf.io.WeightsManifestConfig;
      const weightSpecs = manifest.flatMap((group) => group.weights);
      const buffers = manifest.flatMap((group) =>
        group.paths.map((p) => {
          const bytes = readFileSync(join(dir, p));
          return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
        })
      );
      return Promise.resolve({
        modelTopology: json.modelTopology,
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy,
        weightSpecs,
        weightData: tf.io.CompositeArrayBuffer.join(buffers),
      });
    },
  };
  return await tfl.loadLayersModel(handler);
}
