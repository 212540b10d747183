/**
 * `Conv2DBackpropFilter` for the wasm backend, which does not ship one.
 *
 * The filter gradient is `im2col(x)ᵀ · dy`. The patch matrix is built already
 * transposed (`[K, M]`, K = filter taps × input channels, M = output
 * positions) because wasm `matMul` with `transposeA` is several times slower
 * than multiplying a plain operand; the product then runs on the wasm
 * `BatchMatMul` kernel. Conv1D layers reach this kernel too (tfjs lowers
 * `conv1d` to `conv2d`).
 */
import * as tf from "@tensorflow/tfjs-core";
import { asWasmBackend, heapF32, runWasmKernel } from "./_wasm_heap.ts";

interface FilterGradAttrs {
  strides: [number, number] | number;
  pad: "valid" | "same" | number | tf.backend_util.ExplicitPadding;
  dataFormat: "NHWC" | "NCHW";
  dimRoundingMode?: "floor" | "round" | "ceil";
  filterShape: [number, number, number, number];
}

/**
 * Builds the transposed patch matrix `[K, M]` of an NHWC input into `cols`
 * (every element is written, so it may hold garbage on entry). Rows are
 * written one at a time, contiguously: the writes, not the strided reads, are
 * what a pass over this 9×-expanded matrix waits on.
 */
export function im2colTransposed(
  x: Float32Array,
  info: tf.backend_util.Conv2DInfo,
  cols: Float32Array = new Float32Array(
    info.filterHeight * info.filterWidth * info.inChannels * info.batchSize * info.outHeight *
      info.outWidth,
  ),
): Float32Array {
  const { batchSize, inHeight, inWidth, inChannels: cin, outHeight, outWidth } = info;
  const { filterHeight, filterWidth, strideHeight, strideWidth } = info;
  const { dilationHeight, dilationWidth } = info;
  const padTop = info.padInfo.top;
  const padLeft = info.padInfo.left;
  // The output columns [ow0, ow1) read inside the image; the rest read padding.
  let at = 0;
  for (let fh = 0; fh < filterHeight; fh++) {
    for (let fw = 0; fw < filterWidth; fw++) {
      const shift = fw * dilationWidth - padLeft;
      const ow0 = Math.min(outWidth, Math.max(0, Math.ceil(-shift / strideWidth)));
      const ow1 = Math.max(ow0, Math.min(outWidth, Math.ceil((inWidth - shift) / strideWidth)));
      for (let c = 0; c < cin; c++) {
        for (let b = 0; b < batchSize; b++) {
          for (let oh = 0; oh < outHeight; oh++) {
            const ih = oh * strideHeight - padTop + fh * dilationHeight;
            if (ih < 0 || ih >= inHeight) {
              cols.fill(0, at, at + outWidth);
              at += outWidth;
              continue;
            }
            const xRow = (b * inHeight + ih) * inWidth;
            let ow = 0;
            for (; ow < ow0; ow++) cols[at++] = 0;
            let src = (xRow + ow0 * strideWidth + shift) * cin + c;
            const step = strideWidth * cin;
            for (; ow < ow1; ow++, src += step) cols[at++] = x[src];
            for (; ow < outWidth; ow++) cols[at++] = 0;
          }
        }
      }
    }
  }
  return cols;
}

/** The kernel function registered as `Conv2DBackpropFilter` on wasm. */
export function conv2dBackpropFilterWasm(
  args: { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: tf.NamedAttrMap },
): tf.TensorInfo {
  const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const attrs = args.attrs as unknown as FilterGradAttrs;
  if (attrs.dataFormat === "NCHW") {
    throw new TypeError(
      `Expected dataFormat NHWC for the wasm Conv2DBackpropFilter but found ${attrs.dataFormat}`,
    );
  }
  const backend = asWasmBackend(args.backend);
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    attrs.filterShape,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    "channelsLast",
  );
  const k = info.filterHeight * info.filterWidth * info.inChannels;
  const m = info.batchSize * info.outHeight * info.outWidth;
  // Built straight into the heap: no JS copy to upload afterwards.
  const cols = backend.makeOutput([1, k, m], "float32");
  im2colTransposed(heapF32(backend, x), info, heapF32(backend, cols));
  const product = runWasmKernel(
    backend,
    "BatchMatMul",
    { a: cols, b: { ...dy, shape: [1, m, info.outChannels] } },
    { transposeA: false, transposeB: false },
  );
  backend.disposeData(cols.dataId, true);
  return { ...product, shape: attrs.filterShape };
}
