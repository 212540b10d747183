/**
 * Patch matrices kept from a forward convolution for its filter gradient.
 *
 * Training builds `im2col(x)` twice per convolution: for the forward product
 * and again for `Conv2DBackpropFilter`, which multiplies the same matrix by
 * `dy`. Tensor data never changes under a data id, so the forward pass's
 * matrix can be reused when the gradient asks for the same input and
 * geometry. The cache is small (the last few convolutions of a step, under a
 * size cap) and recycles evicted buffers, so evaluation-only passes cost no
 * extra allocation after the first step.
 */
import * as tf from "@tensorflow/tfjs-core";
import { helperGeometry } from "./helpers.ts";

/** Entries kept; a step of the zoo's models has at most a handful of convolutions per modality. */
const MAX_ENTRIES = 8;
/** Floats kept in all (64 MB): larger models recompute instead of caching. */
let maxFloats = 16 * 1024 * 1024;

/** Sets the cache's size in floats (0 turns it off; tests); returns the old one. */
export function setPatchCacheFloats(floats: number): number {
  if (!(Number.isInteger(floats) && floats >= 0)) {
    throw new RangeError(`Expected a whole number of floats but found ${floats}`);
  }
  const old = maxFloats;
  maxFloats = floats;
  clearPatchCache();
  return old;
}

interface Entry {
  dataId: object;
  geometry: string;
  size: number;
  buffer: Float32Array;
}

const entries: Entry[] = [];
const spare: Float32Array[] = [];

/**
 * What makes two patch matrices of the same data equal: the geometry the C
 * im2col reads (batch, input, output and filter sizes, strides, dilations,
 * padding).
 */
function geometryOf(info: tf.backend_util.Conv2DInfo): string {
  return helperGeometry(info).join(",");
}

function cachedFloats(): number {
  return entries.reduce((sum, e) => sum + e.buffer.length, 0);
}

function takeBuffer(size: number): Float32Array {
  const i = spare.findIndex((b) => b.length >= size && b.length <= 2 * size);
  if (i >= 0) return spare.splice(i, 1)[0];
  return new Float32Array(size);
}

/**
 * The patch matrix `[M, K]` of `x` (whose values are `values`) for `info`:
 * from the cache when an earlier call built it, else built now and cached.
 * Returns undefined when no gradient is being recorded (evaluation: no
 * filter gradient will ask, and its large batches would only fill the cache)
 * or the matrix is too large to cache; the caller then builds it in scratch
 * memory.
 */
export function cachedPatches(
  x: tf.TensorInfo,
  values: Float32Array,
  info: tf.backend_util.Conv2DInfo,
  im2col: (x: Float32Array, info: tf.backend_util.Conv2DInfo, cols: Float32Array) => void,
): Float32Array | undefined {
  const geometry = geometryOf(info);
  const recording = tf.engine().state.gradientDepth > 0;
  const hit = entries.findIndex((e) => e.dataId === x.dataId && e.geometry === geometry);
  if (hit >= 0) {
    const [entry] = entries.splice(hit, 1);
    entries.push(entry); // most recently used last
    return entry.buffer.subarray(0, entry.size);
  }
  const size = info.batchSize * info.outHeight * info.outWidth * info.filterHeight *
    info.filterWidth * info.inChannels;
  if (!recording || size > maxFloats) return undefined;
  while (
    entries.length >= MAX_ENTRIES || (entries.length > 0 && cachedFloats() + size > maxFloats)
  ) {
    spare.push(entries.shift()!.buffer);
  }
  while (spare.length > MAX_ENTRIES) spare.shift();
  const buffer = takeBuffer(size);
  const patches = buffer.subarray(0, size);
  im2col(values, info, patches);
  entries.push({ dataId: x.dataId, geometry, size, buffer });
  return patches;
}

/** Empties the cache (tests; freeing memory after training). */
export function clearPatchCache(): void {
  entries.length = 0;
  spare.length = 0;
}
