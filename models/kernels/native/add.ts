/**
 * `Add` of a per-channel vector to an NHWC tensor (the bias add of every
 * convolution while gradients are recorded: tfjs-core fuses bias and ReLU
 * into the convolution only outside a gradient) as a copy plus the movers'
 * bias pass. Every other addition goes to the wasm kernel it wraps.
 */
import type * as tf from "@tensorflow/tfjs-core";
import { asWasmBackend, heapF32 } from "../_wasm_heap.ts";
import type { Blas } from "./blas.ts";
import type { Movers } from "./_movers.ts";

/** Whether `bias` is one value per channel (last axis) of `x`: shape `[C]`. */
function isChannelBias(x: tf.TensorInfo, bias: tf.TensorInfo): boolean {
  return bias.shape.length === 1 && x.shape.length >= 2 &&
    bias.shape[0] === x.shape[x.shape.length - 1] && bias.shape[0] > 1;
}

/** `Add` through the movers for channel biases, wrapping the previous kernel. */
export function addNative(_blas: Blas, movers: Movers, previous: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    if (a.dtype !== "float32" || b.dtype !== "float32") return previous(args);
    const [x, bias] = isChannelBias(a, b) ? [a, b] : isChannelBias(b, a) ? [b, a] : [];
    if (x === undefined || bias === undefined) return previous(args);
    const backend = asWasmBackend(args.backend as tf.KernelBackend);
    const out = backend.makeOutput(x.shape, "float32");
    const values = heapF32(backend, out);
    values.set(heapF32(backend, x));
    // a + b and b + a are the same float sum, so the operand order needs no care.
    movers.biasActivation(values, bias.shape[0], heapF32(backend, bias), false);
    return out;
  };
}
