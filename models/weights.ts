/**
 * Model weights as one flat `Float32Array`, for aggregating hundreds of
 * updates with plain loops. Order: `model.trainableWeights`, then (group
 * "all", the default) `model.nonTrainableWeights` — BatchNorm's running mean
 * and variance — each weight row-major, as `weightLayout` lists. A model
 * without non-trainable weights has the same vector in "all" and "trainable".
 */
import * as tf from "@tensorflow/tfjs-core";
import type * as tfl from "@tensorflow/tfjs-layers";

/** Which weights a flat vector holds ("all": trainable ones, then non-trainable ones). */
export type WeightGroup = "all" | "trainable" | "nonTrainable";

/** Where one weight lives in its group's flat vector. */
export interface WeightSlot {
  /** Stable name, `layer/weight`, independent of how many models the process built. */
  name: string;
  shape: number[];
  /** Offset into the flat vector of every weight (group "all"; trainable ones come first). */
  offset: number;
  size: number;
  trainable: boolean;
  /**
   * True for normalisation layers' weights, BatchNorm's running statistics
   * included (FedBN keeps these local).
   */
  isNormalization: boolean;
}

const NORMALIZATION_LAYERS = new Set([
  "BatchNormalization",
  "LayerNormalization",
  "RenkeiLayerNorm",
]);

function groupWeights(model: tfl.LayersModel, which: WeightGroup): tfl.LayerVariable[] {
  if (which === "trainable") return model.trainableWeights;
  if (which === "nonTrainable") return model.nonTrainableWeights;
  return [...model.trainableWeights, ...model.nonTrainableWeights];
}

function checkGroup(which: string): void {
  if (which !== "all" && which !== "trainable" && which !== "nonTrainable") {
    throw new TypeError(
      `Expected which to be "all", "trainable" or "nonTrainable" but found "${which}"`,
    );
  }
}

/** Layout of every weight in the "all" vector: trainable ones first, then non-trainable ones. */
export function weightLayout(model: tfl.LayersModel): WeightSlot[] {
  const normalization = new Set<string>();
  for (const layer of model.layers) {
    if (NORMALIZATION_LAYERS.has(layer.getClassName())) {
      for (const w of layer.weights) normalization.add(w.originalName);
    }
  }
  const slots: WeightSlot[] = [];
  let offset = 0;
  for (const which of ["trainable", "nonTrainable"] as const) {
    for (const w of groupWeights(model, which)) {
      const size = w.shape.reduce((a: number, b) => a * (b as number), 1);
      slots.push({
        name: w.originalName,
        shape: w.shape as number[],
        offset,
        size,
        trainable: which === "trainable",
        isNormalization: normalization.has(w.originalName),
      });
      offset += size;
    }
  }
  return slots;
}

/** Number of values in a group's flat vector. */
export function flatSize(model: tfl.LayersModel, which: WeightGroup = "all"): number {
  checkGroup(which);
  return groupWeights(model, which).reduce(
    (a, w) => a + w.shape.reduce((x: number, y) => x * (y as number), 1),
    0,
  );
}

type HeapView = (t: tf.TensorInfo) => ArrayLike<number>;

/** A reader of tensor memory as a heap view, when the wasm backend is active. */
function heapReader(): HeapView | null {
  if (tf.getBackend() !== "wasm") return null;
  const backend = tf.backend() as unknown as { typedArrayFromHeap?: HeapView };
  return backend.typedArrayFromHeap ? (t) => backend.typedArrayFromHeap!(t) : null;
}

/** Copies a group's weights into one new `Float32Array`. */
export function getWeightsFlat(
  model: tfl.LayersModel,
  which: WeightGroup = "all",
): Float32Array {
  checkGroup(which);
  const flat = new Float32Array(flatSize(model, which));
  let offset = 0;
  const heap = heapReader();
  for (const w of groupWeights(model, which)) {
    const tensor = w.read();
    // On wasm, copy straight from a view of the heap (read only) instead of
    // dataSync's intermediate copy: half the memory traffic.
    const values = (heap ? heap(tensor) : tensor.dataSync()) as Float32Array;
    flat.set(values, offset);
    offset += tensor.size;
  }
  return flat;
}

/**
 * Writes a group's weights from a flat vector. Each weight gets a fresh
 * tensor holding a copy: writing into a wasm tensor's memory would leave
 * stale packed weights in the matmul cache, and on cpu a tensor may share
 * the caller's array.
 */
export function setWeightsFlat(
  model: tfl.LayersModel,
  flat: Float32Array,
  which: WeightGroup = "all",
): void {
  checkGroup(which);
  const expected = flatSize(model, which);
  if (!(flat instanceof Float32Array) || flat.length !== expected) {
    throw new RangeError(
      `Expected a Float32Array of ${expected} ${which} weights but found ${
        flat instanceof Float32Array ? flat.length : typeof flat
      } values`,
    );
  }
  let offset = 0;
  for (const w of groupWeights(model, which)) {
    const shape = w.shape as number[];
    const size = shape.reduce((a, b) => a * b, 1);
    const value = tf.tensor(flat.slice(offset, offset + size), shape, "float32");
    w.write(value);
    value.dispose();
    offset += size;
  }
}
