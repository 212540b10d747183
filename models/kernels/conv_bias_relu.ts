/**
 * Convolution + bias + ReLU as one recorded op while training.
 *
 * tfjs-core fuses a convolution with its bias and ReLU only for inference:
 * while gradients are recorded, `fused.conv2d` splits it into Conv2D, Add and
 * Relu, and the Relu gradient costs Step, Cast and Multiply — six taped
 * kernels and five full passes over the activation per layer. Here the layer
 * is one kernel (`RenkeiConv2DBiasRelu`, FusedConv2D's inputs and attributes)
 * with one gradient: ReLU's derivative taken from the output in one pass
 * (`RenkeiReluGrad`), then the very kernels the unfused graph's gradient
 * calls (Conv2DBackpropInput, Conv2DBackpropFilter, Sum over the leading
 * axes). The composite forward calls the backend's own Conv2D, Add and Relu,
 * so on wasm and cpu the numbers are the same bits as the unfused graph's;
 * the native backend replaces both kernels with fused, bit-identical
 * versions of its own kernels.
 */
import * as tf from "@tensorflow/tfjs-core";
import { runKernelOf } from "./_wasm_heap.ts";

/** The fused layer kernel: inputs `{x, filter, bias}`, FusedConv2D's attributes. */
export const CONV_BIAS_RELU = "RenkeiConv2DBiasRelu";
/**
 * The ReLU gradient and the bias gradient in one pass: inputs `{dy, y}` (`y`
 * the ReLU's output), outputs `[dz, dbias]` with dz = dy · [y > 0] and dbias
 * its sum over every axis but the last.
 */
export const RELU_GRAD = "RenkeiReluGrad";

/** The attributes both fused kernels take (FusedConv2D's, activation always "relu"). */
export interface ConvBiasReluAttrs {
  strides: [number, number];
  pad: "same" | "valid" | number;
  dataFormat: "NHWC";
  dilations: [number, number];
  dimRoundingMode?: "floor" | "round" | "ceil";
  activation: "relu";
  /**
   * A Conv1D run as `[b, 1, steps, F]`: the axes of its `[b, steps, F]`
   * output that tfjs-layers' bias add reduces for the bias gradient (axis 0
   * only when b > 1, axis 1 only when steps > 1). Unless both, the stock
   * graph sums (or reshapes) differently from a sum over leading axes, and
   * the gradient does what it does, for the same bits.
   */
  conv1dBiasAxes?: number[];
}

/**
 * `out[i] = dy[i] · (y[i] > 0 ? 1 : 0)` — the stock `dy · step(x)` in one
 * pass (the reference for the native backend's compiled version). `+(…)`,
 * not a conditional: V8 compiles the latter to a branch that mispredicts on
 * every other element (6× slower).
 */
export function reluGradValues(dy: Float32Array, y: Float32Array, out: Float32Array): void {
  for (let i = 0; i < out.length; i++) out[i] = dy[i] * +(y[i] > 0);
}

/**
 * The unfused graph's tail on a product: the backend's Add (of `bias`) and
 * Relu kernels, freeing the product and the sum. Shared by the fused
 * convolution and Dense composites.
 */
export function biasReluAfter(
  backendName: string,
  backend: tf.KernelBackend,
  product: tf.TensorInfo,
  bias: tf.TensorInfo,
): tf.TensorInfo {
  const biased = runKernelOf(backendName, "Add", backend, { a: product, b: bias }, {});
  backend.disposeData(product.dataId);
  const y = runKernelOf(backendName, "Relu", backend, { x: biased }, {});
  backend.disposeData(biased.dataId);
  return y;
}

/**
 * `RenkeiReluGrad` from the backend's Step, Multiply and Sum kernels
 * (vectorised on wasm), the stock gradients' own kernels, so the same bits.
 */
export function reluGradComposite(backendName: string): tf.KernelFunc {
  return (args) => {
    const { dy, y } = args.inputs as { dy: tf.TensorInfo; y: tf.TensorInfo };
    const backend = args.backend as tf.KernelBackend;
    const step = runKernelOf(backendName, "Step", backend, { x: y }, { alpha: 0 });
    const dz = runKernelOf(backendName, "Multiply", backend, { a: dy, b: step }, {});
    backend.disposeData(step.dataId);
    const axis = dy.shape.slice(0, -1).map((_, i) => i);
    const dbias = runKernelOf(backendName, "Sum", backend, { x: dz }, { axis, keepDims: false });
    return [dz, dbias];
  };
}

/**
 * `RenkeiConv2DBiasRelu` from the backend's registered Conv2D, Add and Relu
 * kernels — exactly what the unfused graph runs — freeing the intermediates.
 */
export function convBiasReluComposite(backendName: string): tf.KernelFunc {
  return (args) => {
    const { x, filter, bias } = args.inputs as Record<string, tf.TensorInfo>;
    const { strides, pad, dataFormat, dilations, dimRoundingMode } = args
      .attrs as unknown as ConvBiasReluAttrs;
    const backend = args.backend as tf.KernelBackend;
    const convAttrs = { strides, pad, dataFormat, dilations, dimRoundingMode };
    const conv = runKernelOf(
      backendName,
      "Conv2D",
      backend,
      { x, filter },
      convAttrs as unknown as tf.NamedAttrMap,
    );
    return biasReluAfter(backendName, backend, conv, bias);
  };
}

/**
 * The gradient: dz = ReLU'(y)·dy and the bias gradient in one kernel, then
 * the input and filter gradients only when the tape asks for them (the
 * first layer's input gradient is never computed).
 */
export const convBiasReluGradient: tf.GradConfig = {
  kernelName: CONV_BIAS_RELU,
  inputsToSave: ["x", "filter"],
  outputsToSave: [true],
  gradFunc: (dy, saved, attrs) => {
    const [x, filter, y] = saved as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];
    const { strides, pad, dataFormat, dimRoundingMode, conv1dBiasAxes } =
      attrs as unknown as ConvBiasReluAttrs;
    const [dz, dbias] = tf.engine().runKernel(RELU_GRAD, { dy: dy as tf.Tensor, y }) as [
      tf.Tensor4D,
      tf.Tensor1D,
    ];
    // The attributes tfjs-core's own Conv2D gradient passes.
    const common = { strides, pad, dataFormat, dimRoundingMode };
    return {
      x: () =>
        tf.engine().runKernel(
          "Conv2DBackpropInput",
          { dy: dz, filter },
          { ...common, inputShape: x.shape } as unknown as tf.NamedAttrMap,
        ) as tf.Tensor,
      filter: () =>
        tf.engine().runKernel(
          "Conv2DBackpropFilter",
          { x, dy: dz },
          { ...common, filterShape: filter.shape } as unknown as tf.NamedAttrMap,
        ) as tf.Tensor,
      bias: () =>
        conv1dBiasAxes === undefined || conv1dBiasAxes.length === 2 ? dbias : tf.reshape(
          tf.sum(tf.reshape(dz, [dz.shape[0], dz.shape[2], dz.shape[3]]), conv1dBiasAxes),
          [dz.shape[3]],
        ),
    };
  },
};

/**
 * `relu(conv2d(x, filter) + bias)` for NHWC `x` and `[h, w, in, out]`
 * `filter`, recorded as one op. Stride and dilation 1.
 */
export function conv2dBiasRelu(
  x: tf.Tensor4D,
  filter: tf.Tensor4D,
  bias: tf.Tensor1D,
  pad: "same" | "valid",
  conv1dBiasAxes?: number[],
): tf.Tensor4D {
  const attrs: ConvBiasReluAttrs = {
    strides: [1, 1],
    pad,
    dataFormat: "NHWC",
    dilations: [1, 1],
    activation: "relu",
    ...(conv1dBiasAxes === undefined ? {} : { conv1dBiasAxes }),
  };
  return tf.engine().runKernel(
    CONV_BIAS_RELU,
    { x, filter, bias },
    attrs as unknown as tf.NamedAttrMap,
  ) as tf.Tensor4D;
}
