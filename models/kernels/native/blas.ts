/**
 * Single-precision matrix multiply from a system BLAS (OpenBLAS on Debian:
 * `libopenblas0-pthread`) through Deno FFI. On this project's machine it runs
 * ≈ 90 GFLOP/s on one core against ≈ 25 for the wasm backend's XNNPACK, and
 * it accepts views of the wasm heap directly, so the native kernels pass
 * tensors to it without copying.
 *
 * The library is optional: `loadBlas` returns undefined when none can be
 * opened, and the wasm kernels stay the default path.
 */

/** CBLAS enum values (cblas.h). */
const ROW_MAJOR = 101;
const NO_TRANS = 111;
const TRANS = 112;

const SYMBOLS = {
  cblas_sgemm: {
    parameters: [
      "i32", // order
      "i32", // transA
      "i32", // transB
      "i32", // m
      "i32", // n
      "i32", // k
      "f32", // alpha
      "buffer", // a
      "i32", // lda
      "buffer", // b
      "i32", // ldb
      "f32", // beta
      "buffer", // c
      "i32", // ldc
    ],
    result: "void",
  },
  openblas_set_num_threads: { parameters: ["i32"], result: "void", optional: true },
  openblas_get_config: { parameters: [], result: "pointer", optional: true },
} as const;

/** A loaded BLAS: row-major `sgemm` plus where it came from. */
export interface Blas {
  /** The file `Deno.dlopen` opened. */
  readonly path: string;
  /** OpenBLAS's build string (version, core type), or "" for other libraries. */
  readonly config: string;
  /**
   * `c = a·b + beta·c` (row-major), with `a` `[m, k]` (or `[k, m]` when
   * `transA`) and `b` `[k, n]` (or `[n, k]` when `transB`). Leading
   * dimensions are those of the stored matrices.
   */
  sgemm(
    transA: boolean,
    transB: boolean,
    m: number,
    n: number,
    k: number,
    a: Float32Array,
    lda: number,
    b: Float32Array,
    ldb: number,
    beta: number,
    c: Float32Array,
    ldc: number,
  ): void;
}

/** Libraries tried in order when RENKEI_BLAS_LIB does not name one. */
export const BLAS_CANDIDATES: readonly string[] = [
  "libopenblas.so.0",
  "libopenblas.so",
  "libblas.so.3",
  "libopenblas.dylib",
];

let loaded: Blas | null | undefined;
let loadErrors: string[] = [];

function envLibrary(): string | undefined {
  try {
    const value = Deno.env.get("RENKEI_BLAS_LIB");
    return value === undefined || value === "" ? undefined : value;
  } catch {
    return undefined;
  }
}

/**
 * Opens the system BLAS once per process (every worker thread shares the
 * library) and pins OpenBLAS to one thread: Renkei parallelises across sites
 * with its worker pool, and a fixed thread count keeps results bit-identical.
 * Returns undefined when no candidate opens or exports `cblas_sgemm`;
 * `blasLoadErrors` then says why for each.
 */
export function loadBlas(): Blas | undefined {
  if (loaded !== undefined) return loaded ?? undefined;
  const fromEnv = envLibrary();
  const candidates = fromEnv === undefined ? BLAS_CANDIDATES : [fromEnv];
  loadErrors = [];
  for (const path of candidates) {
    let lib: Deno.DynamicLibrary<typeof SYMBOLS>;
    try {
      lib = Deno.dlopen(path, SYMBOLS);
    } catch (error) {
      loadErrors.push(`${path}: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    lib.symbols.openblas_set_num_threads?.(1);
    const configPointer = lib.symbols.openblas_get_config?.() ?? null;
    const config = configPointer === null
      ? ""
      : new Deno.UnsafePointerView(configPointer).getCString();
    const gemm = lib.symbols.cblas_sgemm;
    loaded = {
      path,
      config,
      sgemm(transA, transB, m, n, k, a, lda, b, ldb, beta, c, ldc) {
        gemm(
          ROW_MAJOR,
          transA ? TRANS : NO_TRANS,
          transB ? TRANS : NO_TRANS,
          m,
          n,
          k,
          1,
          a as Float32Array<ArrayBuffer>,
          lda,
          b as Float32Array<ArrayBuffer>,
          ldb,
          beta,
          c as Float32Array<ArrayBuffer>,
          ldc,
        );
      },
    };
    return loaded;
  }
  loaded = null;
  return undefined;
}

/**
 * What to tell a person whose machine has no usable BLAS: what to install,
 * and every library tried with why it failed (joined by `separator`).
 */
export function missingBlasMessage(separator = "\n  "): string {
  return "The native backend needs a system BLAS with cblas_sgemm (Debian: apt-get install " +
    "libopenblas0-pthread, or set RENKEI_BLAS_LIB to the library's path). Tried:" + separator +
    loadErrors.join(separator);
}

/** Why `loadBlas` found no library (one line per candidate tried). */
export function blasLoadErrors(): readonly string[] {
  return loadErrors;
}
