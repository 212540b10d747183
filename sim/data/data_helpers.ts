/**
 * The data generators' C kernels (c/scene_kernels.c): camera frames and
 * normal noise, the loops that cost most per sample.
 *
 * Generation is synchronous but loading a C library is not, so the library is
 * loaded once by {@linkcode prepareDataHelpers} (awaited by `createSource`);
 * until then, and wherever it cannot load, the generators run their
 * JavaScript versions — the reference the C code matches bit for bit.
 */

import { loadCLibrary } from "../native/c_library.ts";
import { type FastNoise, normalTable } from "./_fast_noise.ts";
import { EXP_BAND, SIN_BAND } from "./_float32_math.ts";
import type { FrameTables } from "./scene_image.ts";
import type { SeriesLeftovers, SeriesTables } from "./scene_series.ts";

const SOURCE = new URL("./c/scene_kernels.c", import.meta.url);

const SYMBOLS = {
  renkei_add_normal: {
    parameters: ["buffer", "i64", "f64", "buffer", "buffer"],
    result: "void",
  },
  renkei_scene_frames: {
    parameters: [
      "i32",
      "i32",
      "i32",
      "i32",
      "buffer",
      "buffer",
      "buffer",
      "buffer",
      "buffer",
      "buffer",
      "buffer",
      "buffer",
      "buffer",
      "buffer",
      "f64",
      "buffer",
      "buffer",
      "buffer",
    ],
    result: "void",
  },
  renkei_normal_fill: { parameters: ["buffer", "i64", "buffer", "buffer"], result: "void" },
  renkei_scene_series: {
    parameters: [
      "i32",
      "buffer",
      "buffer",
      "buffer",
      "buffer",
      "buffer",
      "buffer",
      "buffer",
      "f64",
      "f64",
    ],
    result: "i32",
  },
  renkei_block_average: {
    parameters: ["buffer", "i32", "i32", "i32", "i32", "i32", "i32", "buffer", "buffer"],
    result: "void",
  },
} as const;

/** The loaded kernels; each continues `noise` exactly as its JavaScript twin would. */
export interface DataKernels {
  readonly path: string;
  /** `noise.addNormal(out, sd)` over all of `out`. */
  addNormal(out: Float32Array, sd: number, noise: FastNoise): void;
  /** `noise.addNormal(out, 1)` over all of `out`, which must hold zeros (it is overwritten). */
  normalFill(out: Float32Array, noise: FastNoise): void;
  /** Fills `out` (`[n, H, W, C]`) with frames from `t`, each followed by its pixel noise. */
  frames(t: FrameTables, out: Float32Array, sd: number, noise: FastNoise): void;
  /** scene_series.ts `seriesReadings`: the same readings and leftovers; returns their count. */
  series(t: SeriesTables, eps: Float32Array, out: Float32Array, left: SeriesLeftovers): number;
  /** image_ops.ts `blockAverageInPlace` on each of the `n` images `[H, W, C]` in `data`. */
  blockAverage(
    data: Float32Array,
    n: number,
    shape: readonly number[],
    rows: number,
    cols: number,
  ): void;
}

/** Whether the kernels are in use, and if not, why. */
export type DataHelpersStatus = { ok: true; path: string } | { ok: false; why: string };

let loaded: DataKernels | null = null;
let preparing: Promise<DataHelpersStatus> | null = null;
let disabled = false;

function bind(path: string, lib: Deno.DynamicLibrary<typeof SYMBOLS>): DataKernels {
  const s = lib.symbols;
  const table = normalTable() as Float32Array<ArrayBuffer>;
  const state = new Uint32Array(1);
  const f32 = (a: Float32Array) => a as Float32Array<ArrayBuffer>;
  let scratch = new Float64Array(0);
  return {
    path,
    addNormal(out, sd, noise) {
      state[0] = noise.state;
      s.renkei_add_normal(f32(out), BigInt(out.length), sd, table, state);
      noise.state = state[0];
    },
    normalFill(out, noise) {
      state[0] = noise.state;
      s.renkei_normal_fill(f32(out), BigInt(out.length), table, state);
      noise.state = state[0];
    },
    frames(t, out, sd, noise) {
      if (out.length !== t.n * t.height * t.width * t.channels) {
        throw new RangeError(
          `Expected ${t.n * t.height * t.width * t.channels} frame values but found ${out.length}`,
        );
      }
      // Room for five per-position tables (doubles) and one frame of noise (floats).
      const row = t.width * t.channels;
      const need = 5 * row + Math.ceil((t.height * row) / 2);
      if (scratch.length < need) scratch = new Float64Array(need);
      state[0] = noise.state;
      s.renkei_scene_frames(
        t.n,
        t.height,
        t.width,
        t.channels,
        f32(t.sx),
        f32(t.cx),
        f32(t.ex),
        f32(t.sy),
        f32(t.cy),
        f32(t.ey),
        f32(t.colour),
        f32(t.blob),
        t.light as Float64Array<ArrayBuffer>,
        f32(out),
        sd,
        table,
        state,
        scratch as Float64Array<ArrayBuffer>,
      );
      noise.state = state[0];
    },
    series(t, eps, out, left) {
      if (eps.length !== out.length || out.length !== t.n * 384) {
        throw new RangeError(`Expected ${t.n * 384} series values but found ${out.length}`);
      }
      return s.renkei_scene_series(
        t.n,
        t.levels as Float64Array<ArrayBuffer>,
        t.fast as Int32Array<ArrayBuffer>,
        t.waves as Float64Array<ArrayBuffer>,
        f32(eps),
        f32(out),
        left.positions as Int32Array<ArrayBuffer>,
        left.rests as Float64Array<ArrayBuffer>,
        SIN_BAND,
        EXP_BAND,
      );
    },
    blockAverage(data, n, shape, rows, cols) {
      const [H, W, C] = shape;
      if (data.length < n * H * W * C) {
        throw new RangeError(`Expected ${n * H * W * C} image values but found ${data.length}`);
      }
      const sums = new Float64Array(rows * cols * C);
      const index = new Int32Array(rows * cols + H + W);
      s.renkei_block_average(f32(data), n, H, W, C, rows, cols, sums, index);
    },
  };
}

/**
 * Builds (once per machine) and loads the data generators' C kernels; safe to
 * call often (later calls return the first answer). Without a compiler, or
 * with RENKEI_NATIVE_HELPERS=js, it reports why and generation stays in
 * JavaScript, with identical results.
 *
 * @example
 * ```ts
 * import { prepareDataHelpers } from "./data_helpers.ts";
 * const status = await prepareDataHelpers();
 * if (!status.ok && typeof status.why !== "string") throw new Error();
 * ```
 */
export function prepareDataHelpers(): Promise<DataHelpersStatus> {
  preparing ??= loadCLibrary(SOURCE, SYMBOLS).then((library): DataHelpersStatus => {
    if (!library.ok) return { ok: false, why: library.why };
    loaded = bind(library.path, library.lib);
    return { ok: true, path: library.path };
  });
  return preparing;
}

/** The kernels when loaded and not switched off, else null (use JavaScript). */
export function dataKernels(): DataKernels | null {
  return disabled ? null : loaded;
}

/**
 * Runs `fn` with the C kernels switched off, so tests can compare both paths
 * on the same inputs.
 */
export function withoutDataKernels<T>(fn: () => T): T {
  const before = disabled;
  disabled = true;
  try {
    return fn();
  } finally {
    disabled = before;
  }
}
