/**
 * The data movement around the native kernels' BLAS products — im2col,
 * col2im, the bias + ReLU epilogue, tiled max pools and their gradient, the
 * ReLU gradient — either from
 * the compiled C helpers or in JavaScript. Both give bit-identical results;
 * the C ones are several times faster.
 */
import type * as tf from "@tensorflow/tfjs-core";
import { im2col } from "../_im2col.ts";
import { maxPoolGradScatter, maxPoolGradTiled2x2, tiles2x2 } from "../max_pool_grad.ts";
import { sumRows } from "../sum.ts";
import { biasActivation } from "./_epilogue.ts";
import { col2imRuns } from "./_col2im.ts";
import { reluGradValues } from "../conv_bias_relu.ts";
import type { NativeHelpers } from "./helpers.ts";

/** One implementation of the native kernels' data movement. */
export interface Movers {
  /** "c" (compiled helpers) or "js". */
  readonly kind: "c" | "js";
  im2col(x: Float32Array, info: tf.backend_util.Conv2DInfo, cols: Float32Array): void;
  col2im(cols: Float32Array, info: tf.backend_util.Conv2DInfo, dx: Float32Array): void;
  biasActivation(
    out: Float32Array,
    cols: number,
    bias: Float32Array | undefined,
    relu: boolean,
  ): void;
  /** The max-pool gradient for pools that `tilesExactly` (writes every element of `dx`). */
  maxPoolGradTiled(
    x: Float32Array,
    dy: Float32Array,
    dx: Float32Array,
    info: tf.backend_util.Conv2DInfo,
  ): void;
  /** Column sums of `[rows, width]` (float64 accumulators, row order). */
  sumRows(x: Float32Array, rows: number, width: number, out: Float32Array): void;
  /**
   * `out[i] = dy[i] · (y[i] > 0 ? 1 : 0)` over `[rows, width]`, and the
   * column sums of `out` into `sums` (float64 accumulators, row order).
   */
  reluGrad(
    dy: Float32Array,
    y: Float32Array,
    out: Float32Array,
    width: number,
    sums: Float32Array,
  ): void;
  /** The forward max pool for pools that `tilesExactly` (the first strictly greater tap wins). */
  maxPoolTiled(x: Float32Array, y: Float32Array, info: tf.backend_util.Conv2DInfo): void;
}

/** At most this many taps per window in the C helper. */
const MAX_TAPS = 16;

/**
 * Whether the pool's windows tile the input exactly — window = stride, no
 * padding, sizes divisible — so each input element is in one window.
 */
export function tilesExactly(info: tf.backend_util.Conv2DInfo): boolean {
  return info.filterHeight === info.strideHeight && info.filterWidth === info.strideWidth &&
    info.filterHeight * info.filterWidth <= MAX_TAPS && info.padInfo.top === 0 &&
    info.padInfo.left === 0 && info.inHeight === info.outHeight * info.filterHeight &&
    info.inWidth === info.outWidth * info.filterWidth;
}

function maxPoolGradTiledJs(
  x: Float32Array,
  dy: Float32Array,
  dx: Float32Array,
  info: tf.backend_util.Conv2DInfo,
): void {
  if (tiles2x2(info)) return maxPoolGradTiled2x2(x, dy, dx, info);
  dx.fill(0);
  maxPoolGradScatter(x, dy, dx, info);
}

/** Max over each window, from −∞, keeping the first strictly greater tap (NaN never wins). */
function maxPoolTiledJs(x: Float32Array, y: Float32Array, info: tf.backend_util.Conv2DInfo): void {
  const { batchSize, outHeight, outWidth, inChannels: c, filterHeight: fh, filterWidth: fw } = info;
  const inW = outWidth * fw;
  let out = 0;
  for (let b = 0; b < batchSize; b++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++, out += c) {
        const base = ((b * outHeight + oh) * fh * inW + ow * fw) * c;
        for (let ch = 0; ch < c; ch++) {
          let best = -Infinity;
          for (let r = 0; r < fh; r++) {
            for (let q = 0; q < fw; q++) {
              const v = x[base + (r * inW + q) * c + ch];
              if (v > best) best = v;
            }
          }
          y[out + ch] = best;
        }
      }
    }
  }
}

/** The JavaScript movers (the reference). */
export const JS_MOVERS: Movers = {
  kind: "js",
  im2col: (x, info, cols) => void im2col(x, info, cols),
  col2im: col2imRuns,
  biasActivation,
  maxPoolGradTiled: maxPoolGradTiledJs,
  sumRows,
  reluGrad: (dy, y, out, width, sums) => {
    reluGradValues(dy, y, out);
    sumRows(out, out.length / width, width, sums);
  },
  maxPoolTiled: maxPoolTiledJs,
};

/** A tiling pool's geometry as the C helpers take it: batch, output size, channels, window. */
function poolGeometry(
  info: tf.backend_util.Conv2DInfo,
): [number, number, number, number, number, number] {
  return [
    info.batchSize,
    info.outHeight,
    info.outWidth,
    info.inChannels,
    info.filterHeight,
    info.filterWidth,
  ];
}

/** Movers backed by the compiled helpers. */
export function compiledMovers(helpers: NativeHelpers): Movers {
  return {
    kind: "c",
    im2col: (x, info, cols) => helpers.im2col(x, info, cols),
    col2im: (cols, info, dx) => helpers.col2im(cols, info, dx),
    biasActivation: (out, cols, bias, relu) =>
      helpers.biasActivation(out, out.length / cols, cols, bias, relu),
    maxPoolGradTiled: (x, dy, dx, info) =>
      helpers.maxPoolGradTiled(x, dy, dx, ...poolGeometry(info)),
    sumRows: (x, rows, width, out) => helpers.sumRows(x, rows, width, out),
    reluGrad: (dy, y, out, width, sums) => helpers.reluGrad(dy, y, out, width, sums),
    maxPoolTiled: (x, y, info) => helpers.maxPoolTiled(x, y, ...poolGeometry(info)),
  };
}
