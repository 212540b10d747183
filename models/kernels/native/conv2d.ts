/**
 * Convolutions on the system BLAS: the forward pass (`Conv2D`, `FusedConv2D`)
 * and the filter gradient (`Conv2DBackpropFilter`) as one `sgemm` each over
 * the patch matrix `[M, K]` (M output positions, K = filter taps × input
 * channels), and the input gradient (`Conv2DBackpropInput`) as
 * `col2im(dy · Wᵀ)`. A 1×1 stride-1 unpadded convolution multiplies the input
 * itself; patch matrices come from the patch cache while gradients are
 * recorded, else from a scratch buffer a few images at a time.
 */
import type * as tf from "@tensorflow/tfjs-core";
import { asWasmBackend, heapF32, type WasmHeapBackend } from "../_wasm_heap.ts";
import { channelsLastConvInfo, type ConvGradAttrs } from "../_conv_info.ts";
import type { Blas } from "./blas.ts";
import { nativeActivation } from "./_epilogue.ts";
import type { Movers } from "./_movers.ts";
import { scratchF32 } from "./_scratch.ts";
import { cachedPatches } from "./_patch_cache.ts";

type Shape4 = [number, number, number, number];

interface ConvAttrs extends ConvGradAttrs {
  activation?: string;
}

/** Whether the patch matrix is the input itself (1×1, stride 1, no padding, no dilation). */
function isPointwise(info: tf.backend_util.Conv2DInfo): boolean {
  return info.filterHeight === 1 && info.filterWidth === 1 && info.strideHeight === 1 &&
    info.strideWidth === 1 && info.padInfo.top === 0 && info.padInfo.left === 0 &&
    info.padInfo.bottom === 0 && info.padInfo.right === 0;
}

/**
 * Patch matrices built outside the cache hold at most this many floats (16
 * MB): larger ones (evaluation batches of hundreds of images) are built and
 * multiplied a few images at a time, so no thread keeps a scratch buffer the
 * size of a whole evaluation batch's patches.
 */
let chunkFloats = 4 * 1024 * 1024;

/** Sets the chunk size in floats (tests use tiny ones to exercise chunking); returns the old one. */
export function setChunkFloats(floats: number): number {
  if (!(Number.isInteger(floats) && floats > 0)) {
    throw new RangeError(`Expected a positive whole number of floats but found ${floats}`);
  }
  const old = chunkFloats;
  chunkFloats = floats;
  return old;
}

/** One run of whole images `[b0, b1)`: the geometry of just those images. */
interface ImageChunk {
  b0: number;
  b1: number;
  info: tf.backend_util.Conv2DInfo;
}

/** Splits the batch into runs of images whose patch matrices fit the chunk size (≥ 1 image each). */
function imageChunks(info: tf.backend_util.Conv2DInfo): ImageChunk[] {
  const rowsPerImage = info.outHeight * info.outWidth;
  const k = info.filterHeight * info.filterWidth * info.inChannels;
  const per = Math.max(1, Math.floor(chunkFloats / Math.max(1, rowsPerImage * k)));
  const chunks: ImageChunk[] = [];
  for (let b0 = 0; b0 < info.batchSize; b0 += per) {
    const b1 = Math.min(info.batchSize, b0 + per);
    chunks.push({ b0, b1, info: { ...info, batchSize: b1 - b0 } });
  }
  return chunks;
}

/** Floats of one image of the input, and of the output (both NHWC). */
function imageSizes(info: tf.backend_util.Conv2DInfo): { input: number; output: number } {
  return {
    input: info.inHeight * info.inWidth * info.inChannels,
    output: info.outHeight * info.outWidth * info.outChannels,
  };
}

/**
 * The whole patch matrix of `x` when it can be had without a large scratch
 * buffer: the input itself when pointwise, else from (or into) the patch
 * cache; undefined when it must be built in chunks.
 */
function wholePatches(
  movers: Movers,
  x: tf.TensorInfo,
  values: Float32Array,
  info: tf.backend_util.Conv2DInfo,
): Float32Array | undefined {
  if (isPointwise(info)) return values;
  return cachedPatches(x, values, info, movers.im2col);
}

/** The patch matrix of `chunk`'s images, built in scratch memory. */
function chunkPatches(movers: Movers, values: Float32Array, chunk: ImageChunk): Float32Array {
  const { info } = chunk;
  const rows = info.batchSize * info.outHeight * info.outWidth;
  const k = info.filterHeight * info.filterWidth * info.inChannels;
  const cols = scratchF32(rows * k).subarray(0, rows * k);
  movers.im2col(values.subarray(chunk.b0 * imageSizes(info).input), info, cols);
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
  return channelsLastConvInfo("Conv2D", attrs, x.shape as Shape4, filter.shape as Shape4);
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
  const xValues = heapF32(backend, x), w = heapF32(backend, filter);
  const whole = m * k === 0 ? undefined : wholePatches(movers, x, xValues, info);
  if (m * k === 0) {
    values.fill(0);
  } else if (whole !== undefined) {
    blas.sgemm(false, false, m, n, k, whole, k, w, n, 0, values, n);
  } else {
    for (const chunk of imageChunks(info)) {
      const rows = chunk.info.batchSize * info.outHeight * info.outWidth;
      const out = values.subarray(chunk.b0 * imageSizes(info).output);
      blas.sgemm(
        false,
        false,
        rows,
        n,
        k,
        chunkPatches(movers, xValues, chunk),
        k,
        w,
        n,
        0,
        out,
        n,
      );
    }
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
    const xValues = heapF32(backend, x), dyValues = heapF32(backend, dy);
    const whole = wholePatches(movers, x, xValues, info);
    if (whole !== undefined) {
      blas.sgemm(true, false, k, n, m, whole, k, dyValues, n, 0, values, n);
      return out;
    }
    // Σ over image runs of patchesᵀ · dy: the first run sets the gradient, the others add to it.
    for (const chunk of imageChunks(info)) {
      const rows = chunk.info.batchSize * info.outHeight * info.outWidth;
      const dyRows = dyValues.subarray(chunk.b0 * imageSizes(info).output);
      const cols = chunkPatches(movers, xValues, chunk);
      blas.sgemm(true, false, k, n, rows, cols, k, dyRows, n, chunk.b0 === 0 ? 0 : 1, values, n);
    }
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
    const dyValues = heapF32(backend, dy), w = heapF32(backend, filter);
    const sizes = imageSizes(info);
    // Images scatter only into themselves, so a few at a time give the same dx.
    for (const chunk of imageChunks(info)) {
      const rows = chunk.info.batchSize * info.outHeight * info.outWidth;
      const cols = scratchF32(rows * k);
      const dyRows = dyValues.subarray(chunk.b0 * sizes.output);
      blas.sgemm(false, true, rows, k, n, dyRows, n, w, n, 0, cols, k);
      movers.col2im(cols, chunk.info, dx.subarray(chunk.b0 * sizes.input));
    }
    return out;
  };
}
