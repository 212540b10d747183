/**
 * Convolutions on the system BLAS: the forward pass (`Conv2D`, `FusedConv2D`)
 * and the filter gradient (`Conv2DBackpropFilter`) as one `sgemm` each over
 * the patch matrix `[M, K]` (M output positions, K = filter taps × input
 * channels), built in a reused scratch buffer. A 1×1 stride-1 unpadded
 * convolution multiplies the input itself. The input gradient stays the
 * zoo's wasm kernel, which for stride 1 runs a `Conv2D` — this one, once
 * registered.
 */
import * as tf from "@tensorflow/tfjs-core";
import { asWasmBackend, heapF32, type WasmHeapBackend } from "../_wasm_heap.ts";
import { channelsLastConvInfo, type ConvGradAttrs } from "../_conv_info.ts";
import type { Blas } from "./blas.ts";
import { nativeActivation } from "./_epilogue.ts";
import type { Movers } from "./_movers.ts";
import { scratchF32 } from "./_scratch.ts";
import { cachedPatches } from "./_patch_cache.ts";

type Shape4 = [number, number, number, number];

interface ConvAttrs extends ConvGradAttrs {
  dilations?: [number, number] | number;
  activation?: string;
}

/** Whether the patch matrix is the input itself (1×1, stride 1, no padding, no dilation). */
function isPointwise(info: tf.backend_util.Conv2DInfo): boolean {
  return info.filterHeight === 1 && info.filterWidth === 1 && info.strideHeight === 1 &&
    info.strideWidth === 1 && info.padInfo.top === 0 && info.padInfo.left === 0 &&
    info.padInfo.bottom === 0 && info.padInfo.right === 0;
}

/**
 * The patch matrix of `x` for `info`: the input itself when pointwise, else
 * from (or into) the patch cache, else built in scratch memory.
 */
function patches(
  movers: Movers,
  x: tf.TensorInfo,
  values: Float32Array,
  info: tf.backend_util.Conv2DInfo,
): Float32Array {
  if (isPointwise(info)) return values;
  const cached = cachedPatches(x, values, info, movers.im2col);
  if (cached !== undefined) return cached;
  const m = info.batchSize * info.outHeight * info.outWidth;
  const k = info.filterHeight * info.filterWidth * info.inChannels;
  const cols = scratchF32(m * k).subarray(0, m * k);
  movers.im2col(values, info, cols);
  return cols;
}

/** The geometry of a forward convolution the native path covers, or undefined. */
function forwardInfo(
  x: tf.TensorInfo,
  filter: tf.TensorInfo,
  attrs: ConvAttrs,
): tf.backend_util.Conv2DInfo | undefined {
  if (attrs.dataFormat === "NCHW" || x.dtype !== "float32" || filter.dtype !== "float32") {
    return undefined;
  }
  if (x.shape.length !== 4 || filter.shape.length !== 4) return undefined;
  return tf.backend_util.computeConv2DInfo(
    x.shape as Shape4,
    filter.shape as Shape4,
    attrs.strides,
    attrs.dilations ?? 1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    "channelsLast",
  );
}

function convolve(
  blas: Blas,
  movers: Movers,
  backend: WasmHeapBackend,
  x: tf.TensorInfo,
  filter: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo,
  bias: tf.TensorInfo | undefined,
  relu: boolean,
): tf.TensorInfo {
  const m = info.batchSize * info.outHeight * info.outWidth;
  const k = info.filterHeight * info.filterWidth * info.inChannels;
  const n = info.outChannels;
  const out = backend.makeOutput(info.outShape, "float32");
  const values = heapF32(backend, out);
  if (m * k === 0) {
    values.fill(0);
  } else {
    blas.sgemm(
      false,
      false,
      m,
      n,
      k,
      patches(movers, x, heapF32(backend, x), info),
      k,
      heapF32(backend, filter),
      n,
      0,
      values,
      n,
    );
  }
  const biasValues = bias === undefined ? undefined : heapF32(backend, bias);
  if (biasValues !== undefined || relu) movers.biasActivation(values, n, biasValues, relu);
  return out;
}

/** `Conv2D` on the BLAS, wrapping the kernel registered before it. */
export function conv2dNative(blas: Blas, movers: Movers, previous: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { x, filter } = args.inputs as { x: tf.TensorInfo; filter: tf.TensorInfo };
    const info = forwardInfo(x, filter, args.attrs as unknown as ConvAttrs);
    if (info === undefined) return previous(args);
    return convolve(
      blas,
      movers,
      asWasmBackend(args.backend as tf.KernelBackend),
      x,
      filter,
      info,
      undefined,
      false,
    );
  };
}

/** `FusedConv2D` (convolution + bias + ReLU) on the BLAS, wrapping the previous kernel. */
export function fusedConv2dNative(
  blas: Blas,
  movers: Movers,
  previous: tf.KernelFunc,
): tf.KernelFunc {
  return (args) => {
    const { x, filter, bias, preluActivationWeights } = args.inputs as Record<
      string,
      tf.TensorInfo | undefined
    >;
    const attrs = args.attrs as unknown as ConvAttrs;
    if (
      x === undefined || filter === undefined || preluActivationWeights !== undefined ||
      !nativeActivation(attrs.activation) ||
      (bias !== undefined &&
        (bias.dtype !== "float32" || sizeOf(bias.shape) !== 1 &&
            sizeOf(bias.shape) !== filter.shape[3]))
    ) {
      return previous(args);
    }
    const info = forwardInfo(x, filter, attrs);
    if (info === undefined) return previous(args);
    const backend = asWasmBackend(args.backend as tf.KernelBackend);
    return convolve(blas, movers, backend, x, filter, info, bias, attrs.activation === "relu");
  };
}

const sizeOf = (shape: number[]) => shape.reduce((p, q) => p * q, 1);

/** `Conv2DBackpropFilter` on the BLAS: `im2col(x)ᵀ · dy`, the transpose an `sgemm` flag. */
export function conv2dBackpropFilterNative(
  blas: Blas,
  movers: Movers,
  previous: tf.KernelFunc,
): tf.KernelFunc {
  return (args) => {
    const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
    const attrs = args.attrs as unknown as ConvGradAttrs & { filterShape: Shape4 };
    if (attrs.dataFormat === "NCHW" || x.dtype !== "float32" || dy.dtype !== "float32") {
      return previous(args);
    }
    const info = channelsLastConvInfo(
      "Conv2DBackpropFilter",
      attrs,
      x.shape as Shape4,
      attrs.filterShape,
    );
    const backend = asWasmBackend(args.backend as tf.KernelBackend);
    const m = info.batchSize * info.outHeight * info.outWidth;
    const k = info.filterHeight * info.filterWidth * info.inChannels;
    const n = info.outChannels;
    const out = backend.makeOutput(info.filterShape, "float32");
    const values = heapF32(backend, out);
    if (m === 0) {
      values.fill(0);
      return out;
    }
    const cols = patches(movers, x, heapF32(backend, x), info);
    blas.sgemm(true, false, k, n, m, cols, k, heapF32(backend, dy), n, 0, values, n);
    return out;
  };
}

/** `Conv2DBackpropInput` on the BLAS: `col2im(dy · Wᵀ)`, the transpose an `sgemm` flag. */
export function conv2dBackpropInputNative(
  blas: Blas,
  movers: Movers,
  previous: tf.KernelFunc,
): tf.KernelFunc {
  return (args) => {
    const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
    const attrs = args.attrs as unknown as ConvGradAttrs & { inputShape: Shape4 };
    if (attrs.dataFormat === "NCHW" || dy.dtype !== "float32" || filter.dtype !== "float32") {
      return previous(args);
    }
    const info = channelsLastConvInfo(
      "Conv2DBackpropInput",
      attrs,
      attrs.inputShape,
      filter.shape as Shape4,
    );
    const backend = asWasmBackend(args.backend as tf.KernelBackend);
    const m = info.batchSize * info.outHeight * info.outWidth;
    const k = info.filterHeight * info.filterWidth * info.inChannels;
    const n = info.outChannels;
    const out = backend.makeOutput(attrs.inputShape, "float32");
    const dx = heapF32(backend, out);
    if (isPointwise(info)) {
      blas.sgemm(
        false,
        true,
        m,
        k,
        n,
        heapF32(backend, dy),
        n,
        heapF32(backend, filter),
        n,
        0,
        dx,
        k,
      );
      return out;
    }
    dx.fill(0);
    if (m * k === 0) return out;
    const cols = scratchF32(m * k);
    blas.sgemm(
      false,
      true,
      m,
      k,
      n,
      heapF32(backend, dy),
      n,
      heapF32(backend, filter),
      n,
      0,
      cols,
      k,
    );
    movers.col2im(cols, info, dx);
    return out;
  };
}
