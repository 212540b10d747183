/**
 * `RenkeiReluGrad` (the fused ops' ReLU and bias gradient,
 * kernels/conv_bias_relu.ts) for the native backend: one pass through the
 * movers — the compiled helper when there is one — instead of the wasm
 * composite's Step, Multiply and Sum; the same bits as those.
 */
import type * as tf from "@tensorflow/tfjs-core";
import { asWasmBackend, heapF32 } from "../_wasm_heap.ts";
import type { Blas } from "./blas.ts";
import type { Movers } from "./_movers.ts";

/** `RenkeiReluGrad` through the movers (one vectorised pass with the compiled helpers). */
export function reluGradNative(_blas: Blas, movers: Movers): tf.KernelFunc {
  return (args) => {
    const { dy, y } = args.inputs as { dy: tf.TensorInfo; y: tf.TensorInfo };
    const backend = asWasmBackend(args.backend as tf.KernelBackend);
    const width = dy.shape[dy.shape.length - 1];
    const dz = backend.makeOutput(dy.shape, "float32");
    const dbias = backend.makeOutput([width], "float32");
    // Views only after the allocations, which may grow (and so detach) the heap.
    movers.reluGrad(
      heapF32(backend, dy),
      heapF32(backend, y),
      heapF32(backend, dz),
      width,
      heapF32(backend, dbias),
    );
    return [dz, dbias];
  };
}
