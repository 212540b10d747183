/** Shared helpers for the gradient-kernel tests: seeded values and the error measure. */

/** Deterministic pseudo-random values in [-1, 1). */
export function values(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

/** Max |a − b| relative to max |b|: the 1e-4 tolerance the issue asks for. */
export function relativeError(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Infinity;
  let diff = 0, scale = 0;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return diff / scale;
}

/**
 * The fast backends the kernel tests cover: wasm always, and the native
 * (system BLAS) path wherever a BLAS loads. `.ci/run` installs OpenBLAS and
 * sets RENKEI_REQUIRE_NATIVE=1, so CI tests both paths: a missing library
 * then fails the native tests instead of skipping them.
 */
export type FastBackend = "wasm" | "native";

export function nativeRequired(): boolean {
  return Deno.env.get("RENKEI_REQUIRE_NATIVE") === "1";
}

/** Whether the native tests run here (their `ignore` is the negation). */
export async function nativeTestable(): Promise<boolean> {
  const { loadBlas } = await import("../../models/kernels/native/mod.ts");
  return nativeRequired() || loadBlas() !== undefined;
}

export const FAST_BACKENDS: readonly FastBackend[] = ["wasm", "native"];

/** `Deno.test` options for a test of `backend`: native ones are skipped where no BLAS loads (outside CI). */
export const skipUnlessTestable = async (backend: FastBackend): Promise<boolean> =>
  backend === "native" && !(await nativeTestable());
