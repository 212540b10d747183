/**
 * The native backend's C helpers (c/renkei_kernels.c): im2col, col2im, the
 * 2×2 max-pool gradient and the bias + ReLU epilogue, the data movement
 * around the BLAS products that JavaScript does at 1 – 2 ns a float.
 *
 * They are compiled on first use with the system C compiler (`cc`, or
 * RENKEI_CC) into `.cache/native/` at the project root, keyed by the source,
 * the flags and the CPU (the build targets the host's instruction set), and
 * loaded through Deno FFI. Without a compiler, or with
 * RENKEI_NATIVE_HELPERS=js, `loadHelpers` returns undefined and the kernels
 * use the JavaScript versions — the reference the C code must match bit for
 * bit (copies, compares and additions in the same order; no FP contraction).
 */

const SOURCE = new URL("./c/renkei_kernels.c", import.meta.url);
const CACHE_DIR = new URL("../../../.cache/native/", import.meta.url);
const FLAGS = ["-O3", "-march=native", "-ffp-contract=off", "-fno-math-errno", "-shared", "-fPIC"];

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
}

let loaded: NativeHelpers | null | undefined;
let why = "";

function env(name: string): string | undefined {
  try {
    return Deno.env.get(name) || undefined;
  } catch {
    return undefined;
  }
}

async function digest(text: string): Promise<string> {
  const bytes = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(bytes)].slice(0, 8).map((b) => b.toString(16).padStart(2, "0"))
    .join("");
}

/** The CPU model line: a library built with -march=native must not move to another CPU. */
function cpuModel(): string {
  try {
    const info = Deno.readTextFileSync("/proc/cpuinfo");
    return /model name\s*:\s*(.*)/.exec(info)?.[1] ?? "";
  } catch {
    return "";
  }
}

/** Compiles the helpers unless an up-to-date build exists; returns its path. */
async function build(compiler: string): Promise<string> {
  const source = await Deno.readTextFile(SOURCE);
  const key = await digest(
    [source, compiler, FLAGS.join(" "), cpuModel(), Deno.build.target].join("\n"),
  );
  const path = new URL(`renkei_kernels-${key}.so`, CACHE_DIR).pathname;
  try {
    await Deno.stat(path);
    return path;
  } catch {
    // not built yet
  }
  await Deno.mkdir(CACHE_DIR, { recursive: true });
  // Build under a unique name and rename: parallel test processes may race here.
  const partial = `${path}.${Deno.pid}.${crypto.randomUUID()}.tmp`;
  const { code, stderr } = await new Deno.Command(compiler, {
    args: [...FLAGS, "-o", partial, SOURCE.pathname],
    stdout: "null",
    stderr: "piped",
  }).output();
  if (code !== 0) {
    throw new Error(`${compiler} failed: ${new TextDecoder().decode(stderr).trim()}`);
  }
  await Deno.rename(partial, path);
  return path;
}

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
  if (env("RENKEI_NATIVE_HELPERS") === "js") {
    why = "RENKEI_NATIVE_HELPERS=js";
    loaded = null;
    return undefined;
  }
  let lib: Deno.DynamicLibrary<typeof SYMBOLS>;
  let path: string;
  try {
    path = await build(env("RENKEI_CC") ?? "cc");
    lib = Deno.dlopen(path, SYMBOLS);
  } catch (error) {
    why = error instanceof Error ? error.message : String(error);
    loaded = null;
    return undefined;
  }
  const s = lib.symbols;
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
  };
  return loaded;
}

/** Why `loadHelpers` returned undefined ("" when it did not, or has not run). */
export function helpersUnavailableReason(): string {
  return why;
}
