/**
 * `Sum` for the wasm backend, fast when the reduced axes lead (`[0, …, r−1]`,
 * as in every bias gradient of an NHWC layer: dy summed over batch and
 * pixels). The stock kernel first transposes the whole tensor so the reduced
 * axes come last, then sums; here one contiguous pass adds rows into a
 * per-channel accumulator. Other reductions go to the stock kernel.
 */
import * as tf from "@tensorflow/tfjs-core";
import { asWasmBackend, heapF32 } from "./_wasm_heap.ts";

/** Sums the `rows` rows of the row-major `[rows, width]` matrix `x` into `out`. */
export function sumRows(x: Float32Array, rows: number, width: number, out: Float32Array): void {
  // Float64 accumulators: the order is fixed (deterministic) and rounding is
  // left to the end, so the result is at least as accurate as a float32 sum.
  const acc = new Float64Array(width);
  for (let r = 0, i = 0; r < rows; r++) {
    for (let c = 0; c < width; c++, i++) acc[c] += x[i];
  }
  for (let c = 0; c < width; c++) out[c] = acc[c];
}

/**
 * Builds the kernel around the stock one, which handles the other reductions;
 * `sum` does the column sums (the native backend passes its compiled one).
 */
export function sumLeadingAxes(
  stock: tf.KernelFunc,
  sum: (x: Float32Array, rows: number, width: number, out: Float32Array) => void = sumRows,
): tf.KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    const { axis, keepDims } = args.attrs as { axis: number | number[]; keepDims: boolean };
    const rank = x.shape.length;
    const axes = tf.util.parseAxisParam(axis, x.shape).sort((p, q) => p - q);
    const leading = axes.length > 0 && axes.length < rank && axes.every((a, i) => a === i);
    if (!leading || x.dtype !== "float32") return stock(args);
    const backend = asWasmBackend(args.backend as tf.KernelBackend);
    const kept = x.shape.slice(axes.length);
    const rows = x.shape.slice(0, axes.length).reduce((p, q) => p * q, 1);
    const width = kept.reduce((p, q) => p * q, 1);
    const shape = keepDims ? [...axes.map(() => 1), ...kept] : kept;
    const out = backend.makeOutput(shape, "float32");
    sum(heapF32(backend, x), rows, width, heapF32(backend, out));
    return out;
  };
}
