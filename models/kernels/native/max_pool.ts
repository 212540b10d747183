/**
 * `MaxPool` for the native backend: pools whose windows tile the input (the
 * zoo's 2×2 and 1×2 pools) in one pass through the movers; the stock wasm
 * kernel it wraps takes every other pool. The result is the window's
 * maximum, as the stock kernel's (NaN aside: a NaN never wins here).
 */
import type * as tf from "@tensorflow/tfjs-core";
import { asWasmBackend, heapF32 } from "../_wasm_heap.ts";
import { maxPoolGradInfo } from "../max_pool_grad.ts";
import type { Blas } from "./blas.ts";
import { type Movers, tilesExactly } from "./_movers.ts";

/** `MaxPool` through the movers, wrapping the previous kernel. */
export function maxPoolNative(_blas: Blas, movers: Movers, previous: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    if (x.dtype !== "float32" || x.shape.length !== 4) return previous(args);
    // MaxPool and MaxPoolGrad share their attributes (filterSize, strides, pad, dimRoundingMode).
    const info = maxPoolGradInfo(x, args.attrs);
    if (!tilesExactly(info)) return previous(args);
    const backend = asWasmBackend(args.backend as tf.KernelBackend);
    const out = backend.makeOutput(
      [info.batchSize, info.outHeight, info.outWidth, info.outChannels],
      "float32",
    );
    movers.maxPoolTiled(heapF32(backend, x), heapF32(backend, out), info);
    return out;
  };
}
