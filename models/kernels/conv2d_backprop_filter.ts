/**
 * `Conv2DBackpropFilter` for the wasm backend, which does not ship one.
 *
 * The filter gradient is `im2col(x)ᵀ · dy`, a product with a long inner
 * dimension (M = output positions) run on the wasm `BatchMatMul` kernel. Wasm
 * `matMul` with a transposed operand falls back to a naive loop, so the
 * operands are built in the layout it wants, straight into the wasm heap:
 * either the patch matrix already transposed (`[K, M]`, K = filter taps ×
 * input channels) times `dy`, or `dyᵀ` times the patch matrix, whichever
 * makes the operand the matmul re-packs smaller. Conv1D layers reach this
 * kernel too (tfjs lowers `conv1d` to `conv2d`).
 */
import type * as tf from "@tensorflow/tfjs-core";
import { asWasmBackend, heapF32, runWasmKernel, type WasmHeapBackend } from "./_wasm_heap.ts";
import { im2col, im2colTransposed } from "./_im2col.ts";
import { transpose } from "./_transpose.ts";
import { channelsLastConvInfo, type ConvGradAttrs } from "./_conv_info.ts";

interface FilterGradAttrs extends ConvGradAttrs {
  filterShape: [number, number, number, number];
}

/**
 * Whether to multiply `dyᵀ · im2col` rather than `im2colᵀ · dy`. The wasm
 * matmul re-packs its right operand on every call (a fresh tensor each step),
 * and packing costs more than the product when that operand is large: pack
 * the patch matrix when it is the smaller one (few input channels, many output
 * channels: the first convolution of a wide model).
 */
export function packPatches(info: tf.backend_util.Conv2DInfo): boolean {
  return 2 * info.filterHeight * info.filterWidth * info.inChannels < info.outChannels;
}

/** The kernel function registered as `Conv2DBackpropFilter` on wasm. */
export function conv2dBackpropFilterWasm(
  args: { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: tf.NamedAttrMap },
): tf.TensorInfo {
  const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const attrs = args.attrs as unknown as FilterGradAttrs;
  const info = channelsLastConvInfo(
    "Conv2DBackpropFilter",
    attrs,
    x.shape as [number, number, number, number],
    attrs.filterShape,
  );
  const backend = asWasmBackend(args.backend);
  return packPatches(info)
    ? byPackedPatches(backend, x, dy, info)
    : byPackedDy(backend, x, dy, info);
}

/** `im2colᵀ · dy`: the product is the filter gradient `[K, N]` itself. */
function byPackedDy(
  backend: WasmHeapBackend,
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo,
): tf.TensorInfo {
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
  return { ...product, shape: info.filterShape };
}

/** `dyᵀ · im2col` gives `[N, K]`, transposed here into the filter gradient `[K, N]`. */
function byPackedPatches(
  backend: WasmHeapBackend,
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo,
): tf.TensorInfo {
  const k = info.filterHeight * info.filterWidth * info.inChannels;
  const m = info.batchSize * info.outHeight * info.outWidth;
  const n = info.outChannels;
  const cols = backend.makeOutput([1, m, k], "float32");
  const dyT = backend.makeOutput([1, n, m], "float32");
  im2col(heapF32(backend, x), info, heapF32(backend, cols));
  transpose(heapF32(backend, dy), m, n, heapF32(backend, dyT));
  const product = runWasmKernel(backend, "BatchMatMul", { a: dyT, b: cols }, {
    transposeA: false,
    transposeB: false,
  });
  backend.disposeData(cols.dataId, true);
  backend.disposeData(dyT.dataId, true);
  const out = backend.makeOutput(info.filterShape, "float32");
  transpose(heapF32(backend, product), n, k, heapF32(backend, out));
  backend.disposeData(product.dataId, true);
  return out;
}
