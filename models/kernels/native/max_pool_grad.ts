/**
 * `MaxPoolGrad` for the native backend: pools whose windows tile the input
 * (every pool of the zoo's models: 2×2, and 1×2 for MaxPooling1D) take the
 * movers' one-pass gradient (the compiled helper when there is one); any
 * other pool goes to the zoo's wasm kernel it wraps.
 */
import type * as tf from "@tensorflow/tfjs-core";
import { asWasmBackend, heapF32 } from "../_wasm_heap.ts";
import { maxPoolGradInfo } from "../max_pool_grad.ts";
import type { Blas } from "./blas.ts";
import { type Movers, tilesExactly } from "./_movers.ts";

/** `MaxPoolGrad` through the movers, wrapping the previous kernel. */
export function maxPoolGradNative(
  _blas: Blas,
  movers: Movers,
  previous: tf.KernelFunc,
): tf.KernelFunc {
  return (args) => {
    const { dy, input } = args.inputs as { dy: tf.TensorInfo; input: tf.TensorInfo };
    if (input.dtype !== "float32" || input.shape.length !== 4) return previous(args);
    const info = maxPoolGradInfo(input, args.attrs);
    if (!tilesExactly(info)) return previous(args);
    const backend = asWasmBackend(args.backend as tf.KernelBackend);
    const out = backend.makeOutput(input.shape, "float32");
    // Views only after the allocation above, which may grow (and so detach) the heap.
    movers.maxPoolGradTiled(
      heapF32(backend, input),
      heapF32(backend, dy),
      heapF32(backend, out),
      info,
    );
    return out;
  };
}
