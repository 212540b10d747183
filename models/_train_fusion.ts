/**
 * Zoo convolutions with ReLU train through one fused op
 * (kernels/conv_bias_relu.ts) instead of the six kernels tfjs-layers records
 * for convolution, bias and ReLU. Inference keeps the stock call, which
 * tfjs-core already fuses, so evaluation numbers are unchanged; training
 * numbers are the same bits as the stock graph's on wasm and cpu.
 *
 * The layer stays a stock tfjs-layers Conv1D/Conv2D (class name, weights,
 * configuration, FLOP count); only its `call` is wrapped, because the
 * classes themselves are not exported by the tfjs-layers bundle.
 */
import * as tf from "@tensorflow/tfjs-core";
import type * as tfl from "@tensorflow/tfjs-layers";
import { conv2dBiasRelu, CONV_BIAS_RELU } from "./kernels/conv_bias_relu.ts";

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
function fuseNow(): boolean {
  return tf.engine().state.gradientDepth > 0 &&
    tf.getKernel(CONV_BIAS_RELU, tf.getBackend()) !== undefined;
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
  const stock: Call = layer.call.bind(layer);
  layer.call = (inputs, kwargs) => {
    if (!fuseNow()) return stock(inputs, kwargs);
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor;
      // The layer's weights in creation order: kernel, then bias.
      const [kernel, bias] = layer.weights.map((w) => w.read());
      if (rank === 2) {
        return conv2dBiasRelu(
          x as tf.Tensor4D,
          kernel as tf.Tensor4D,
          bias as tf.Tensor1D,
          padding,
        );
      }
      // Conv1D as tfjs-core computes it: a 1 × k convolution over [batch, 1, steps, channels].
      const [b, steps, channels] = x.shape;
      const [k, , filters] = kernel.shape;
      const y = conv2dBiasRelu(
        tf.reshape(x, [b, 1, steps, channels]),
        tf.reshape(kernel, [1, k, channels, filters]),
        bias as tf.Tensor1D,
        padding,
      );
      return tf.reshape(y, [b, y.shape[2], filters]);
    });
  };
  return layer;
}
