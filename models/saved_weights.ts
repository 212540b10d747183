/**
 * Reading weights saved (without TensorFlow.js, so the preflight can check a
 * `model.init` file). `model.init`: start from weights saved in the TensorFlow.js layers format
 * (`model.json` and the weight files its manifest names, e.g. written by
 * `saveModel` or by `tf.LayersModel.save`). Tensors are matched by name and
 * every shape must agree, so a file for another architecture is refused with
 * the tensor that differs named.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** One saved tensor: its name, shape and values. */
export interface SavedTensor {
  name: string;
  shape: number[];
  values: Float32Array;
}

interface ManifestEntry {
  name: string;
  shape: number[];
  dtype?: string;
}

/** The tensors of a saved `model.json`, in file order (float32 only). */
export function readSavedWeights(file: string): SavedTensor[] {
  let json: { weightsManifest?: { paths: string[]; weights: ManifestEntry[] }[] };
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new TypeError(
      `Expected ${file} to be a TF.js model.json but found ${(err as Error).message}`,
    );
  }
  if (!Array.isArray(json.weightsManifest)) {
    throw new TypeError(`Expected ${file} to have a weightsManifest but found none`);
  }
  const out: SavedTensor[] = [];
  for (const group of json.weightsManifest) {
    const parts = group.paths.map((p) => readFileSync(join(dirname(file), p)));
    const bytes = new Uint8Array(parts.reduce((a, b) => a + b.byteLength, 0));
    let at = 0;
    for (const part of parts) {
      bytes.set(part, at);
      at += part.byteLength;
    }
    let offset = 0;
    for (const w of group.weights) {
      if ((w.dtype ?? "float32") !== "float32") {
        throw new TypeError(
          `Expected float32 weights in ${file} but found ${w.name} as ${w.dtype}`,
        );
      }
      const size = w.shape.reduce((a, b) => a * b, 1);
      if (offset + size * 4 > bytes.byteLength) {
        throw new RangeError(
          `Expected ${file}'s weight files to hold ${w.name} but they end before it`,
        );
      }
      const values = new Float32Array(bytes.slice(offset, offset + size * 4).buffer);
      out.push({ name: w.name, shape: w.shape, values });
      offset += size * 4;
    }
  }
  return out;
}

/** Where `saved` does not fit `expected` (name → shape), each problem in words; none when it fits. */
export function savedWeightProblems(
  saved: readonly { name: string; shape: number[] }[],
  expected: ReadonlyMap<string, number[]>,
): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const t of saved) {
    seen.add(t.name);
    const shape = expected.get(t.name);
    if (shape === undefined) {
      problems.push(`tensor ${t.name} is not a weight of this model`);
    } else if (shape.join("x") !== t.shape.join("x")) {
      problems.push(
        `tensor ${t.name} has shape [${t.shape.join(", ")}] but the model's is [${
          shape.join(", ")
        }]`,
      );
    }
  }
  for (const name of expected.keys()) {
    if (!seen.has(name)) problems.push(`tensor ${name} of the model is missing from the file`);
  }
  return problems;
}
