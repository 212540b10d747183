/**
 * The native backend's C helpers (c/renkei_kernels.c): im2col, col2im, the
 * tiled max pool and its gradient, the bias + ReLU epilogue, the ReLU
 * gradient, the data movement
 * around the BLAS products that JavaScript does at 1 – 2 ns a float.
 *
 * They are compiled on first use (see sim/native/c_library.ts). Without a
 * compiler, or with RENKEI_NATIVE_HELPERS=js, `loadHelpers` returns undefined and the kernels
 * use the JavaScript versions — the reference the C code must match bit for
 * bit (copies, compares and additions in the same order; no FP contraction).
 */

import { loadCLibrary } from "../../../sim/native/c_library.ts";

const SOURCE = new URL("./c/renkei_kernels.c", import.meta.url);

const SYMBOLS = {
  renkei_im2col: { parameters: ["buffer", "buffer", "buffer"], result: "void" },
  renkei_col2im: { parameters: ["buffer", "buffer", "buffer"], result: "void" },
  renkei_maxpool_grad_tiled: {
    parameters: ["buffer", "buffer", "buffer", "i32", "i32", "i32", "i32", "i32", "i32"],
    result: "void",
  },
  renkei_sum_rows: {
    parameters: ["buffer", "i64", "i32", "buffer", "buffer"],
    result: "void",
  },
  renkei_bias_activation: {
    parameters: ["buffer", "i64", "i32", "buffer", "i32", "i32"],
    result: "void",
  },
  renkei_relu_grad: {
    parameters: ["buffer", "buffer", "buffer", "i64", "i32", "buffer", "buffer"],
    result: "void",
  },
  renkei_maxpool_tiled: {
    parameters: ["buffer", "buffer", "i32", "i32", "i32", "i32", "i32", "i32"],
    result: "void",
  },
} as const;

/** The convolution geometry the C helpers read (`conv_geometry` in the C source). */
export interface HelperGeometry {
  batchSize: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  dilationHeight: number;
  dilationWidth: number;
  padInfo: { top: number; left: number };
}

/** The compiled helpers. Arrays may be views of the wasm heap. */
export interface NativeHelpers {
  /** The shared library's path. */
  readonly path: string;
  im2col(x: Float32Array, info: HelperGeometry, cols: Float32Array): void;
  /** Adds patch rows into `dx`, which must hold zeros (or what to add to). */
  col2im(cols: Float32Array, info: HelperGeometry, dx: Float32Array): void;
  /** The gradient of a max pool whose `[filterHeight, filterWidth]` windows tile the input. */
  maxPoolGradTiled(
    x: Float32Array,
    dy: Float32Array,
    dx: Float32Array,
    batch: number,
    outHeight: number,
    outWidth: number,
    channels: number,
    filterHeight: number,
    filterWidth: number,
  ): void;
  /** Column sums of the row-major `[rows, width]` matrix `x` (float64 accumulators, row order). */
  sumRows(x: Float32Array, rows: number, width: number, out: Float32Array): void;
  /**
   * `out[r, j] += bias[j]` (when given; a one-value bias is added everywhere),
   * then ReLU (when asked), over `rows × cols`.
   */
  biasActivation(
    out: Float32Array,
    rows: number,
    cols: number,
    bias: Float32Array | undefined,
    relu: boolean,
  ): void;
  /** `out[i] = dy[i] · (y[i] > 0 ? 1 : 0)` over `[rows, width]`, and `out`'s column sums. */
  reluGrad(
    dy: Float32Array,
    y: Float32Array,
    out: Float32Array,
    width: number,
    sums: Float32Array,
  ): void;
  /** The forward max pool whose `[filterHeight, filterWidth]` windows tile the input. */
  maxPoolTiled(
    x: Float32Array,
    y: Float32Array,
    batch: number,
    outHeight: number,
    outWidth: number,
    channels: number,
    filterHeight: number,
    filterWidth: number,
  ): void;
}

let loaded: NativeHelpers | null | undefined;
let why = "";

/** The geometry as the C helpers' `conv_geometry` struct lays it out. */
export function helperGeometry(info: HelperGeometry): Int32Array {
  return Int32Array.of(
    info.batchSize,
    info.inHeight,
    info.inWidth,
    info.inChannels,
    info.outHeight,
    info.outWidth,
    info.filterHeight,
    info.filterWidth,
    info.strideHeight,
    info.strideWidth,
    info.dilationHeight,
    info.dilationWidth,
    info.padInfo.top,
    info.padInfo.left,
  );
}

const NO_BIAS = new Float32Array(1);
let accumulator = new Float64Array(256);

/**
 * Builds (once per machine) and loads the helpers; undefined when disabled
 * (RENKEI_NATIVE_HELPERS=js) or when no compiler could build them
 * (`helpersUnavailableReason` says why). Idempotent per process.
 */
export async function loadHelpers(): Promise<NativeHelpers | undefined> {
  if (loaded !== undefined) return loaded ?? undefined;
  const library = await loadCLibrary(SOURCE, SYMBOLS);
  if (!library.ok) {
    why = library.why;
    loaded = null;
    return undefined;
  }
  const path = library.path;
  const s = library.lib.symbols;
  const f32 = (a: Float32Array) => a as Float32Array<ArrayBuffer>;
  loaded = {
    path,
    im2col: (x, info, cols) => s.renkei_im2col(f32(x), helperGeometry(info), f32(cols)),
    col2im: (cols, info, dx) => s.renkei_col2im(f32(cols), helperGeometry(info), f32(dx)),
    maxPoolGradTiled: (x, dy, dx, batch, outHeight, outWidth, channels, fh, fw) =>
      s.renkei_maxpool_grad_tiled(
        f32(x),
        f32(dy),
        f32(dx),
        batch,
        outHeight,
        outWidth,
        channels,
        fh,
        fw,
      ),
    sumRows: (x, rows, width, out) => {
      if (accumulator.length < width) accumulator = new Float64Array(width);
      s.renkei_sum_rows(f32(x), BigInt(rows), width, f32(out), accumulator);
    },
    biasActivation: (out, rows, cols, bias, relu) =>
      s.renkei_bias_activation(
        f32(out),
        BigInt(rows),
        cols,
        f32(bias ?? NO_BIAS),
        bias?.length ?? 0,
        relu ? 1 : 0,
      ),
    reluGrad: (dy, y, out, width, sums) => {
      if (accumulator.length < width) accumulator = new Float64Array(width);
      s.renkei_relu_grad(
        f32(dy),
        f32(y),
        f32(out),
        BigInt(out.length / width),
        width,
        f32(sums),
        accumulator,
      );
    },
    maxPoolTiled: (x, y, batch, outHeight, outWidth, channels, fh, fw) =>
      s.renkei_maxpool_tiled(f32(x), f32(y), batch, outHeight, outWidth, channels, fh, fw),
  };
  return loaded;
}

/** Why `loadHelpers` returned undefined ("" when it did not, or has not run). */
export function helpersUnavailableReason(): string {
  return why;
}
