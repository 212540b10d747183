/**
 * The native path: kernels that run their matrix products on a system BLAS
 * through Deno FFI, layered over the wasm backend's kernels (each wraps the
 * kernel registered before it and hands it every case it does not cover).
 * Models stay ordinary TensorFlow.js models on the "wasm" backend; only the
 * kernel registry changes. `initBackend("native")` installs them and
 * `initBackend("wasm")` takes them off again.
 */
import * as tf from "@tensorflow/tfjs-core";
import { type Blas, blasLoadErrors, loadBlas } from "./blas.ts";
import { batchMatMulNative, fusedMatMulNative } from "./mat_mul.ts";
import {
  conv2dBackpropFilterNative,
  conv2dBackpropInputNative,
  conv2dNative,
  fusedConv2dNative,
} from "./conv2d.ts";

export { type Blas, BLAS_CANDIDATES, blasLoadErrors, loadBlas } from "./blas.ts";

const NATIVE_KERNELS: [string, (blas: Blas, previous: tf.KernelFunc) => tf.KernelFunc][] = [
  ["BatchMatMul", batchMatMulNative],
  ["_FusedMatMul", fusedMatMulNative],
  ["Conv2D", conv2dNative],
  ["FusedConv2D", fusedConv2dNative],
  ["Conv2DBackpropFilter", conv2dBackpropFilterNative],
  ["Conv2DBackpropInput", conv2dBackpropInputNative],
];

/** The wasm kernels the native ones replaced, to restore them. */
const replaced = new Map<string, tf.KernelConfig>();

/** Whether the native kernels are registered now. */
export function nativeKernelsActive(): boolean {
  return replaced.size > 0;
}

/**
 * Registers the native kernels over the current wasm ones. Throws an Error
 * naming every library tried when no BLAS can be loaded.
 */
export function registerNativeKernels(): Blas {
  const blas = loadBlas();
  if (blas === undefined) {
    throw new Error(
      "The native backend needs a system BLAS with cblas_sgemm (Debian: apt-get install " +
        "libopenblas0-pthread; or set RENKEI_BLAS_LIB to the library's path). Tried:\n  " +
        blasLoadErrors().join("\n  "),
    );
  }
  if (nativeKernelsActive()) return blas;
  for (const [kernelName, build] of NATIVE_KERNELS) {
    const previous = tf.getKernel(kernelName, "wasm");
    if (previous === undefined) continue;
    replaced.set(kernelName, previous);
    tf.unregisterKernel(kernelName, "wasm");
    // Keep the wasm setup (binding its functions): the fallback still calls them.
    tf.registerKernel({ ...previous, kernelFunc: build(blas, previous.kernelFunc) });
  }
  return blas;
}

/** Puts the wasm kernels the native ones replaced back. */
export function unregisterNativeKernels(): void {
  for (const [kernelName, config] of replaced) {
    tf.unregisterKernel(kernelName, "wasm");
    tf.registerKernel(config);
  }
  replaced.clear();
}
