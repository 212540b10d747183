/**
 * The native path: kernels that run their matrix products on a system BLAS
 * through Deno FFI, layered over the wasm backend's kernels (each wraps the
 * kernel registered before it and hands it every case it does not cover).
 * Models stay ordinary TensorFlow.js models on the "wasm" backend; only the
 * kernel registry changes. `initBackend("native")` installs them and
 * `initBackend("wasm")` takes them off again.
 */
import * as tf from "@tensorflow/tfjs-core";
import { type Blas, loadBlas, missingBlasMessage } from "./blas.ts";
import { compiledMovers, JS_MOVERS, type Movers } from "./_movers.ts";
import { maxPoolGradNative } from "./max_pool_grad.ts";
import { maxPoolNative } from "./max_pool.ts";
import { reluGradNative } from "./relu_grad.ts";
import { CONV_BIAS_RELU, RELU_GRAD } from "../conv_bias_relu.ts";
import { DENSE_BIAS_RELU } from "../dense_bias_relu.ts";
import { sumNative } from "./sum.ts";
import { meanNative } from "./mean.ts";
import { addNative } from "./add.ts";
import type { NativeHelpers } from "./helpers.ts";
import { batchMatMulNative, fusedMatMulNative } from "./mat_mul.ts";
import {
  conv2dBackpropFilterNative,
  conv2dBackpropInputNative,
  conv2dNative,
  fusedConv2dNative,
} from "./conv2d.ts";

export {
  type Blas,
  BLAS_CANDIDATES,
  blasLoadErrors,
  loadBlas,
  missingBlasMessage,
} from "./blas.ts";
export { helpersUnavailableReason, loadHelpers, type NativeHelpers } from "./helpers.ts";

type NativeKernel = (blas: Blas, movers: Movers, previous: tf.KernelFunc) => tf.KernelFunc;

const NATIVE_KERNELS: [string, NativeKernel][] = [
  ["BatchMatMul", batchMatMulNative],
  ["_FusedMatMul", fusedMatMulNative],
  ["Conv2D", conv2dNative],
  ["FusedConv2D", fusedConv2dNative],
  ["Conv2DBackpropFilter", conv2dBackpropFilterNative],
  ["Conv2DBackpropInput", conv2dBackpropInputNative],
  ["MaxPoolGrad", maxPoolGradNative],
  ["MaxPool", maxPoolNative],
  // The zoo's fused training ops: FusedConv2D's and _FusedMatMul's inputs and attributes.
  [CONV_BIAS_RELU, fusedConv2dNative],
  [DENSE_BIAS_RELU, fusedMatMulNative],
  [RELU_GRAD, reluGradNative],
  ["Sum", sumNative],
  ["Mean", meanNative],
  ["Add", addNative],
];

/**
 * The native kernel built over `previous` for `kernelName`, without
 * registering it (benchmarks compare it with the kernel it wraps); undefined
 * when the native backend does not replace that kernel.
 */
export function buildNativeKernel(
  kernelName: string,
  blas: Blas,
  movers: Movers,
  previous: tf.KernelFunc,
): tf.KernelFunc | undefined {
  return NATIVE_KERNELS.find(([name]) => name === kernelName)?.[1](blas, movers, previous);
}

export { compiledMovers, JS_MOVERS, type Movers } from "./_movers.ts";
export { setChunkFloats } from "./conv2d.ts";
export { setPatchCacheFloats } from "./_patch_cache.ts";

/** The wasm kernels the native ones replaced, to restore them. */
const replaced = new Map<string, tf.KernelConfig>();

let activeMovers: Movers | undefined;

/** Whether the native kernels are registered now. */
export function nativeKernelsActive(): boolean {
  return replaced.size > 0;
}

/** "c" or "js": which data movers the registered native kernels use; undefined when none are registered. */
export function nativeMoversKind(): "c" | "js" | undefined {
  return activeMovers?.kind;
}

/**
 * Registers the native kernels over the current wasm ones, moving data with
 * the compiled `helpers` when given (else in JavaScript). Throws an Error
 * naming every library tried when no BLAS can be loaded.
 */
export function registerNativeKernels(helpers?: NativeHelpers): Blas {
  const blas = loadBlas();
  if (blas === undefined) {
    throw new Error(missingBlasMessage());
  }
  const movers = helpers === undefined ? JS_MOVERS : compiledMovers(helpers);
  if (nativeKernelsActive()) {
    if (activeMovers?.kind === movers.kind) return blas;
    unregisterNativeKernels();
  }
  activeMovers = movers;
  for (const [kernelName, build] of NATIVE_KERNELS) {
    const previous = tf.getKernel(kernelName, "wasm");
    if (previous === undefined) continue;
    replaced.set(kernelName, previous);
    tf.unregisterKernel(kernelName, "wasm");
    // Keep the wasm setup (binding its functions): the fallback still calls them.
    tf.registerKernel({ ...previous, kernelFunc: build(blas, movers, previous.kernelFunc) });
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
  activeMovers = undefined;
}
