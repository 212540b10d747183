/** Turning a site's column-wise `Dataset` into model input tensors. */
import * as tf from "@tensorflow/tfjs-core";
import { type Dataset, MODALITIES, type Modality } from "../sim/data/types.ts";

/** The dataset's modalities in the fixed MODALITIES order (the model's input order). */
export function datasetModalities(data: Dataset): Modality[] {
  return MODALITIES.filter((m) => data.modalities.includes(m));
}

function allIndices(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

function gatherRows(
  source: Float32Array,
  rowSize: number,
  indices: ArrayLike<number>,
  n: number,
): Float32Array {
  const out = new Float32Array(indices.length * rowSize);
  for (let i = 0; i < indices.length; i++) {
    const row = indices[i];
    if (!(row >= 0 && row < n)) {
      throw new RangeError(`Expected sample indices in [0, ${n}) but found ${row}`);
    }
    out.set(source.subarray(row * rowSize, (row + 1) * rowSize), i * rowSize);
  }
  return out;
}

/**
 * Model inputs for the chosen samples (all when `indices` is omitted): one
 * tensor per modality in MODALITIES order, then the `[k, modalities]` mask in
 * the same order. Values are copied, so later changes to the dataset never
 * reach the tensors.
 */
export function datasetToTensors(data: Dataset, indices?: number[] | Int32Array): tf.Tensor[] {
  const rows = indices ?? allIndices(data.n);
  const ordered = datasetModalities(data);
  const tensors: tf.Tensor[] = [];
  for (const m of ordered) {
    const shape = data.shapes[m];
    const source = data.inputs[m];
    if (shape === undefined || source === undefined) {
      throw new TypeError(`Expected dataset inputs and shape for modality ${m} but found none`);
    }
    const rowSize = shape.reduce((a, b) => a * b, 1);
    if (source.length !== data.n * rowSize) {
      throw new RangeError(
        `Expected ${data.n * rowSize} values for modality ${m} but found ${source.length}`,
      );
    }
    tensors.push(tf.tensor(gatherRows(source, rowSize, rows, data.n), [rows.length, ...shape]));
  }
  // The dataset's mask columns follow data.modalities; the model's follow MODALITIES.
  const width = data.modalities.length;
  const columns = ordered.map((m) => data.modalities.indexOf(m));
  const mask = new Float32Array(rows.length * ordered.length);
  for (let i = 0; i < rows.length; i++) {
    for (let j = 0; j < columns.length; j++) {
      mask[i * ordered.length + j] = data.mask[rows[i] * width + columns[j]];
    }
  }
  tensors.push(tf.tensor2d(mask, [rows.length, ordered.length]));
  return tensors;
}

/** One-hot labels `[k, classes]` for the chosen samples. */
export function labelsToOneHot(data: Dataset, indices?: number[] | Int32Array): tf.Tensor2D {
  const rows = indices ?? allIndices(data.n);
  const out = new Float32Array(rows.length * data.classes);
  for (let i = 0; i < rows.length; i++) {
    const label = data.labels[rows[i]];
    if (!(label >= 0 && label < data.classes)) {
      throw new RangeError(`Expected labels in [0, ${data.classes}) but found ${label}`);
    }
    out[i * data.classes + label] = 1;
  }
  return tf.tensor2d(out, [rows.length, data.classes]);
}
