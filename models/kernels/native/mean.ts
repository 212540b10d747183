/**
 * `Mean` over the middle axes of NHWC / NWC tensors — global average
 * pooling, `[b, h, w, c] → [b, c]` — as per-image column sums with the
 * movers (float64 accumulators in row order) divided by the pixel count.
 * The stock wasm kernel first transposes the whole tensor so the reduced
 * axes come last; other reductions still go to it.
 */
import * as tf from "@tensorflow/tfjs-core";
import { asWasmBackend, heapF32 } from "../_wasm_heap.ts";
import type { Blas } from "./blas.ts";
import type { Movers } from "./_movers.ts";

let column = new Float32Array(64);

/** `Mean` through the movers, wrapping the previous kernel. */
export function meanNative(_blas: Blas, movers: Movers, previous: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    const { axis, keepDims } = args.attrs as { axis: number | number[]; keepDims: boolean };
    const rank = x.shape.length;
    const axes = tf.util.parseAxisParam(axis, x.shape).sort((p, q) => p - q);
    const middle = rank >= 3 && axes.length === rank - 2 && axes.every((a, i) => a === i + 1);
    if (!middle || x.dtype !== "float32") return previous(args);
    const batch = x.shape[0], width = x.shape[rank - 1];
    const rows = x.shape.slice(1, -1).reduce((p, q) => p * q, 1);
    if (rows === 0) return previous(args);
    const backend = asWasmBackend(args.backend as tf.KernelBackend);
    const shape = keepDims ? [batch, ...axes.map(() => 1), width] : [batch, width];
    const out = backend.makeOutput(shape, "float32");
    const xv = heapF32(backend, x), ov = heapF32(backend, out);
    if (column.length < width) column = new Float32Array(width);
    const sums = column.subarray(0, width);
    for (let b = 0; b < batch; b++) {
      movers.sumRows(xv.subarray(b * rows * width, (b + 1) * rows * width), rows, width, sums);
      for (let j = 0; j < width; j++) ov[b * width + j] = sums[j] / rows;
    }
    return out;
  };
}
