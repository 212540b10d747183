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

interface FilterGradAttrs {
  strides: [number, number] | number;
  pad: "valid" | "same" | number | tf.backend_util.ExplicitPadding;
  dataFormat: "NHWC" | "NCHW";
  dimRoundingMode?: "floor" | "round" | "ceil";
  filterShape: [number, number, number, number];
}

/** Builds the transposed patch matrix `[K, M]` of an NHWC input. */
export function im2colTransposed(
  x: Float32Array,
  info: tf.backend_util.Conv2DInfo,
): Float32Array {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth } = info;
  const { filterHeight, filterWidth, strideHeight, strideWidth } = info;
  const { dilationHeight, dilationWidth } = info;
  const padTop = info.padInfo.top;
  const padLeft = info.padInfo.left;
  const m = batchSize * outHeight * outWidth;
  const cols = new Float32Array(filterHeight * filterWidth * inChannels * m);
  for (let fh = 0; fh < filterHeight; fh++) {
    for (let fw = 0; fw < filterWidth; fw++) {
      const tap = (fh * filterWidth + fw) * inChannels;
      for (let b = 0; b < batchSize; b++) {
        for (let oh = 0; oh < outHeight; oh++) {
          const ih = oh * strideHeight - padTop + fh * dilationHeight;
          if (ih < 0 || ih >= inHeight) continue;
          const rowBase = (b * outHeight + oh) * outWidth;
          const xRow = (b * inHeight + ih) * inWidth;
          for (let ow = 0; ow < outWidth; ow++) {
            const iw = ow * strideWidth - padLeft + fw * dilationWidth;
            if (iw < 0 || iw >= inWidth) continue;
            const col = rowBase + ow;
            const xBase = (xRow + iw) * inChannels;
            for (let c = 0; c < inChannels; c++) {
              cols[(tap + c) * m + col] = x[xBase + c];
            }
          }
        }
      }
    }
  }
  return cols;
}

/** The kernel function registered as `Conv2DBackpropFilter` on wasm. */
export function conv2dBackpropFilterIm2col(
  args: { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: tf.NamedAttrMap },
): tf.TensorInfo {
  const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const attrs = args.attrs as unknown as FilterGradAttrs;
  if (attrs.dataFormat === "NCHW") {
    throw new TypeError(
      `Expected dataFormat NHWC for the wasm Conv2DBackpropFilter but found ${attrs.dataFormat}`,
    );
  }
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
  const xValues = args.backend.readSync(x.dataId) as Float32Array;
  const dyValues = args.backend.readSync(dy.dataId) as Float32Array;
  const k = info.filterHeight * info.filterWidth * info.inChannels;
  const m = info.batchSize * info.outHeight * info.outWidth;
  const cols = im2colTransposed(xValues, info);
  // Ops inside a kernel are not recorded on the gradient tape; tidy frees
  // the temporaries and hands the result to the caller's scope.
  return tf.tidy(() => {
    const colsT = tf.tensor2d(cols, [k, m]);
    const dy2d = tf.tensor2d(dyValues, [m, info.outChannels]);
    return tf.reshape(tf.matMul(colsT, dy2d), attrs.filterShape);
  });
}
