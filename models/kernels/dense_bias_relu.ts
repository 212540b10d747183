/**
 * A Dense layer's product + bias + ReLU as one recorded op while training —
 * the matrix-product twin of conv_bias_relu.ts, for the same reason
 * (tfjs-core splits `fused.matMul` with ReLU into BatchMatMul, Add and Relu
 * while recording gradients). The composite forward and the gradient call the
 * kernels the unfused graph calls, with the same attributes, so the numbers
 * are the same bits; the native backend's `_FusedMatMul` replaces the
 * forward with its own bit-identical product + epilogue.
 */
import * as tf from "@tensorflow/tfjs-core";
import { biasReluAfter, RELU_GRAD } from "./conv_bias_relu.ts";
import { runKernelOf } from "./_wasm_heap.ts";

/** The fused Dense kernel: inputs `{a, b, bias}` (2-D `a`, `b`), `_FusedMatMul`'s attributes. */
export const DENSE_BIAS_RELU = "RenkeiDenseBiasRelu";

const PLAIN = { transposeA: false, transposeB: false };

/** The kernel from the backend's registered BatchMatMul, Add and Relu, intermediates freed. */
export function denseBiasReluComposite(backendName: string): tf.KernelFunc {
  return (args) => {
    const { a, b, bias } = args.inputs as Record<string, tf.TensorInfo>;
    const backend = args.backend as tf.KernelBackend;
    const product = runKernelOf(backendName, "BatchMatMul", backend, { a, b }, PLAIN);
    return biasReluAfter(backendName, backend, product, bias);
  };
}

/** dz = ReLU'(y)·dy and the bias sum, then the stock BatchMatMul gradient's products, on demand. */
export const denseBiasReluGradient: tf.GradConfig = {
  kernelName: DENSE_BIAS_RELU,
  inputsToSave: ["a", "b"],
  outputsToSave: [true],
  gradFunc: (dy, saved) => {
    const [a, b, y] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
    const [dz, dbias] = tf.engine().runKernel(RELU_GRAD, { dy: dy as tf.Tensor, y }) as [
      tf.Tensor2D,
      tf.Tensor1D,
    ];
    const product = (x: tf.Tensor, w: tf.Tensor, transposeA: boolean, transposeB: boolean) =>
      tf.engine().runKernel("BatchMatMul", { a: x, b: w }, { transposeA, transposeB }) as tf.Tensor;
    return {
      a: () => product(dz, b, false, true),
      b: () => product(a, dz, true, false),
      bias: () => dbias,
    };
  },
};

/** `relu(a·b + bias)` for 2-D `a` `[batch, in]` and `b` `[in, out]`, recorded as one op. */
export function denseBiasRelu(a: tf.Tensor2D, b: tf.Tensor2D, bias: tf.Tensor1D): tf.Tensor2D {
  return tf.engine().runKernel(DENSE_BIAS_RELU, { a, b, bias }, {
    ...PLAIN,
    activation: "relu",
  }) as tf.Tensor2D;
}
