/**
 * Zoo convolutions and Dense layers with ReLU train through one fused op
 * (kernels/conv_bias_relu.ts, kernels/dense_bias_relu.ts) instead of the six
 * kernels tfjs-layers records for the product, bias and ReLU. Inference
 * keeps the stock call, which tfjs-core already fuses, so evaluation numbers
 * are unchanged; training numbers are the same bits as the stock graph's.
 *
 * The layer stays a stock tfjs-layers Conv1D/Conv2D/Dense (class name,
 * weights, configuration, FLOP count); only its `call` is wrapped, because
 * the classes themselves are not exported by the tfjs-layers bundle.
 */
import * as tf from "@tensorflow/tfjs-core";
import type * as tfl from "@tensorflow/tfjs-layers";
import { conv2dBiasRelu, CONV_BIAS_RELU } from "./kernels/conv_bias_relu.ts";
import { DENSE_BIAS_RELU, denseBiasRelu } from "./kernels/dense_bias_relu.ts";

type Call = tfl.layers.Layer["call"];

interface ConvConfig {
  activation?: string;
  useBias?: boolean;
  padding?: string;
  dataFormat?: string;
  strides?: number | number[];
  dilationRate?: number | number[];
}

const ones = (v: number | number[] | undefined) =>
  v === undefined || (Array.isArray(v) ? v.every((d) => d === 1) : v === 1);

/** Whether the fused op computes exactly what the layer's own call does. */
function fusable(config: ConvConfig): boolean {
  return config.activation === "relu" && config.useBias === true &&
    (config.padding === "same" || config.padding === "valid") &&
    (config.dataFormat ?? "channelsLast") === "channelsLast" && ones(config.strides) &&
    ones(config.dilationRate);
}

/**
 * Whether to fuse now: gradients are being recorded (tfjs-core's own test)
 * and the active backend has the fused kernel (initBackend registers it).
 */
function fuseNow(kernelName: string): boolean {
  return tf.engine().state.gradientDepth > 0 &&
    tf.getKernel(kernelName, tf.getBackend()) !== undefined;
}

/**
 * Replaces `layer.call` so that, while training, `fused(x, kernel, bias)`
 * runs instead (the stock call when it returns undefined).
 */
function wrapCall(
  layer: tfl.layers.Layer,
  kernelName: string,
  fused: (x: tf.Tensor, kernel: tf.Tensor, bias: tf.Tensor1D) => tf.Tensor | undefined,
): void {
  const stock: Call = layer.call.bind(layer);
  layer.call = (inputs, kwargs) => {
    if (!fuseNow(kernelName)) return stock(inputs, kwargs);
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor;
    // The layer's weights in creation order: kernel, then bias.
    const [kernel, bias] = layer.weights.map((w) => w.read());
    return tf.tidy(() => fused(x, kernel, bias as tf.Tensor1D)) ?? stock(inputs, kwargs);
  };
}

/**
 * Wraps a Conv1D (`rank` 1) or Conv2D (`rank` 2) layer so that, while
 * gradients are recorded, it runs as one fused op; other configurations are
 * returned untouched.
 */
export function fuseConvWhileTraining<L extends tfl.layers.Layer>(layer: L, rank: 1 | 2): L {
  const config = layer.getConfig() as ConvConfig;
  if (!fusable(config)) return layer;
  const padding = config.padding as "same" | "valid";
  wrapCall(layer, CONV_BIAS_RELU, (x, kernel, bias) => {
    if (rank === 2) return conv2dBiasRelu(x as tf.Tensor4D, kernel as tf.Tensor4D, bias, padding);
    // Conv1D as tfjs-core computes it: a 1 × k convolution over [batch, 1, steps, channels].
    const [b, steps, channels] = x.shape;
    const [k, , filters] = kernel.shape;
    const outSteps = padding === "same" ? steps : steps - k + 1;
    const out = conv2dBiasRelu(
      tf.reshape(x, [b, 1, steps, channels]),
      tf.reshape(kernel, [1, k, channels, filters]),
      bias,
      padding,
      // What tfjs-layers' bias add ([1, 1, F] onto [b, steps, F]) reduces for the bias gradient.
      tf.backend_util.getReductionAxes([1, 1, filters], [b, outSteps, filters]),
    );
    return tf.reshape(out, [b, out.shape[2], filters]);
  });
  return layer;
}

/**
 * Wraps a Dense layer with ReLU and bias so that, while gradients are
 * recorded, 2-D inputs run as one fused op; other layers are returned
 * untouched.
 */
export function fuseDenseWhileTraining<L extends tfl.layers.Layer>(layer: L): L {
  const config = layer.getConfig() as ConvConfig;
  if (config.activation !== "relu" || config.useBias !== true) return layer;
  wrapCall(
    layer,
    DENSE_BIAS_RELU,
    (x, kernel, bias) =>
      x.rank === 2 ? denseBiasRelu(x as tf.Tensor2D, kernel as tf.Tensor2D, bias) : undefined,
  );
  return layer;
}
