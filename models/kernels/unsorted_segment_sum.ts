/**
 * `UnsortedSegmentSum` for the wasm backend, which does not ship one. It is
 * the gradient of `gather`, so `Embedding` layers need it to train. A single
 * pass over the rows in JavaScript costs O(rows × width) and avoids building
 * a one-hot matrix of the whole vocabulary.
 */
import * as tf from "@tensorflow/tfjs-core";

/** Sums the rows of `x` into `numSegments` buckets given by `segmentIds`. */
export function unsortedSegmentSumRows(
  x: Float32Array,
  ids: ArrayLike<number>,
  width: number,
  numSegments: number,
): Float32Array {
  const out = new Float32Array(numSegments * width);
  for (let r = 0; r < ids.length; r++) {
    const s = ids[r];
    // TensorFlow drops negative (and out-of-range) ids instead of failing.
    if (s < 0 || s >= numSegments) continue;
    const src = r * width;
    const dst = s * width;
    for (let j = 0; j < width; j++) out[dst + j] += x[src + j];
  }
  return out;
}

/** The kernel function registered as `UnsortedSegmentSum` on wasm. */
export function unsortedSegmentSumJs(
  args: { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: tf.NamedAttrMap },
): tf.TensorInfo {
  const { x, segmentIds } = args.inputs as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
  const numSegments = (args.attrs as { numSegments: number }).numSegments;
  if (x.dtype !== "float32") {
    throw new TypeError(`Expected x of dtype float32 but found ${x.dtype}`);
  }
  const rows = segmentIds.shape.reduce((a, b) => a * b, 1);
  const inner = x.shape.slice(segmentIds.shape.length);
  const width = inner.reduce((a, b) => a * b, 1);
  const xValues = args.backend.readSync(x.dataId) as Float32Array;
  const ids = args.backend.readSync(segmentIds.dataId) as Int32Array | Float32Array;
  if (xValues.length !== rows * width) {
    throw new RangeError(
      `Expected x to hold ${
        rows * width
      } values for ${rows} segment ids but found ${xValues.length}`,
    );
  }
  const out = unsortedSegmentSumRows(xValues, ids, width, numSegments);
  return tf.tensor(out, [numSegments, ...inner], "float32");
}
