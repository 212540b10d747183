/** col2im for the native input gradient (the JavaScript reference of the C helper). */
import type * as tf from "@tensorflow/tfjs-core";

/**
 * Scatter-adds patch rows `[M, K]` into the NHWC image `dx` (which must hold
 * zeros): `col2im` with the taps of one filter row added as one contiguous
 * run when there is no width dilation.
 */
export function col2imRuns(
  cols: Float32Array,
  info: tf.backend_util.Conv2DInfo,
  dx: Float32Array,
): void {
  const { batchSize, inHeight, inWidth, inChannels: cin, outHeight, outWidth } = info;
  const { filterHeight, filterWidth, strideHeight, strideWidth } = info;
  const { dilationHeight, dilationWidth } = info;
  const padTop = info.padInfo.top, padLeft = info.padInfo.left;
  const rowRun = filterWidth * cin;
  let row = 0;
  for (let b = 0; b < batchSize; b++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++) {
        const iwStart = ow * strideWidth - padLeft;
        for (let fh = 0; fh < filterHeight; fh++, row += rowRun) {
          const ih = oh * strideHeight - padTop + fh * dilationHeight;
          if (ih < 0 || ih >= inHeight) continue;
          const xRow = (b * inHeight + ih) * inWidth;
          if (dilationWidth === 1) {
            const fw0 = Math.min(filterWidth, Math.max(0, -iwStart));
            const fw1 = Math.max(fw0, Math.min(filterWidth, inWidth - iwStart));
            let dst = (xRow + iwStart + fw0) * cin;
            for (let i = row + fw0 * cin, end = row + fw1 * cin; i < end; i++) dx[dst++] += cols[i];
            continue;
          }
          for (let fw = 0; fw < filterWidth; fw++) {
            const iw = iwStart + fw * dilationWidth;
            if (iw < 0 || iw >= inWidth) continue;
            let dst = (xRow + iw) * cin;
            for (let c = 0, i = row + fw * cin; c < cin; c++) dx[dst++] += cols[i++];
          }
        }
      }
    }
  }
}
