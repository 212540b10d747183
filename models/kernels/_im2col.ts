/**
 * Patch matrices ("im2col") of an NHWC input, in the two layouts the filter
 * gradient multiplies: transposed `[K, M]` and natural `[M, K]`, with
 * K = filter taps × input channels and M = output positions.
 */
import type * as tf from "@tensorflow/tfjs-core";

/** Channel-major copy of the input, kept between calls: the kernel runs every step. */
let planes = new Float32Array(0);

/** Copies NHWC `x` to channel-major planes `[C, N·H·W]` so patch rows read contiguously. */
function toPlanes(x: Float32Array, pixels: number, channels: number): Float32Array {
  if (planes.length < x.length) planes = new Float32Array(x.length);
  const out = planes;
  if (channels === 1) {
    out.set(x);
    return out;
  }
  for (let c = 0; c < channels; c++) {
    const plane = c * pixels;
    for (let p = 0, i = c; p < pixels; p++, i += channels) out[plane + p] = x[i];
  }
  return out;
}

/**
 * Builds the transposed patch matrix `[K, M]` of an NHWC input into `cols`
 * (every element is written, so it may hold garbage on entry): row
 * `(fh, fw, c)` holds input channel `c` at tap `(fh, fw)` for every output
 * position. The input is first copied channel-major, so each row is built from
 * contiguous runs of one image row, read and written sequentially.
 */
export function im2colTransposed(
  x: Float32Array,
  info: tf.backend_util.Conv2DInfo,
  cols: Float32Array = new Float32Array(
    info.filterHeight * info.filterWidth * info.inChannels * info.batchSize * info.outHeight *
      info.outWidth,
  ),
): Float32Array {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth } = info;
  const { filterHeight, filterWidth, strideHeight, strideWidth } = info;
  const { dilationHeight, dilationWidth } = info;
  const padTop = info.padInfo.top;
  const padLeft = info.padInfo.left;
  const pixels = batchSize * inHeight * inWidth;
  const xPlanes = toPlanes(x, pixels, inChannels);
  let at = 0;
  for (let fh = 0; fh < filterHeight; fh++) {
    for (let fw = 0; fw < filterWidth; fw++) {
      // Output columns [ow0, ow1) read inside the image; the rest read padding.
      const shift = fw * dilationWidth - padLeft;
      const ow0 = Math.min(outWidth, Math.max(0, Math.ceil(-shift / strideWidth)));
      const ow1 = Math.max(ow0, Math.min(outWidth, Math.ceil((inWidth - shift) / strideWidth)));
      for (let c = 0; c < inChannels; c++) {
        const plane = c * pixels;
        for (let b = 0; b < batchSize; b++) {
          for (let oh = 0; oh < outHeight; oh++) {
            const ih = oh * strideHeight - padTop + fh * dilationHeight;
            if (ih < 0 || ih >= inHeight) {
              cols.fill(0, at, at + outWidth);
              at += outWidth;
              continue;
            }
            let ow = 0;
            for (; ow < ow0; ow++) cols[at++] = 0;
            let src = plane + (b * inHeight + ih) * inWidth + ow0 * strideWidth + shift;
            if (strideWidth === 1) {
              for (; ow < ow1; ow++) cols[at++] = xPlanes[src++];
            } else {
              for (; ow < ow1; ow++, src += strideWidth) cols[at++] = xPlanes[src];
            }
            for (; ow < outWidth; ow++) cols[at++] = 0;
          }
        }
      }
    }
  }
  return cols;
}

/** Runs at least this long are copied with `set` (a memcpy); shorter ones element by element. */
const MEMCPY_RUN = 128;

/**
 * Builds the patch matrix `[M, K]` of an NHWC input into `cols` (every element
 * is written): row m holds the receptive field of output position m, taps in
 * `(fh, fw)` order with the input channels of each tap contiguous. Without
 * width dilation the taps of one filter row are one contiguous run of the
 * input, copied at once.
 */
export function im2col(
  x: Float32Array,
  info: tf.backend_util.Conv2DInfo,
  cols: Float32Array,
): Float32Array {
  const { batchSize, inHeight, inWidth, inChannels: cin, outHeight, outWidth } = info;
  const { filterHeight, filterWidth, strideHeight, strideWidth } = info;
  const { dilationHeight, dilationWidth } = info;
  const padTop = info.padInfo.top;
  const padLeft = info.padInfo.left;
  const rowRun = filterWidth * cin;
  let at = 0;
  for (let b = 0; b < batchSize; b++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++) {
        const iwStart = ow * strideWidth - padLeft;
        for (let fh = 0; fh < filterHeight; fh++) {
          const ih = oh * strideHeight - padTop + fh * dilationHeight;
          if (ih < 0 || ih >= inHeight) {
            cols.fill(0, at, at + rowRun);
            at += rowRun;
            continue;
          }
          const xRow = (b * inHeight + ih) * inWidth;
          if (dilationWidth === 1) {
            // Taps [fw0, fw1) fall inside the image: one contiguous run of x.
            const fw0 = Math.min(filterWidth, Math.max(0, -iwStart));
            const fw1 = Math.max(fw0, Math.min(filterWidth, inWidth - iwStart));
            if (fw0 > 0) cols.fill(0, at, at + fw0 * cin);
            const start = at + fw0 * cin;
            const len = (fw1 - fw0) * cin;
            let src = (xRow + iwStart + fw0) * cin;
            if (len >= MEMCPY_RUN) {
              cols.set(x.subarray(src, src + len), start);
            } else {
              for (let i = start, end = start + len; i < end; i++) cols[i] = x[src++];
            }
            if (start + len < at + rowRun) cols.fill(0, start + len, at + rowRun);
            at += rowRun;
            continue;
          }
          for (let fw = 0; fw < filterWidth; fw++) {
            const iw = iwStart + fw * dilationWidth;
            if (iw < 0 || iw >= inWidth) {
              for (let c = 0; c < cin; c++) cols[at++] = 0;
              continue;
            }
            let src = (xRow + iw) * cin;
            for (let c = 0; c < cin; c++) cols[at++] = x[src++];
          }
        }
      }
    }
  }
  return cols;
}
