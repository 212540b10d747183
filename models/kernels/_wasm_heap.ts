/**
 * Direct access to the wasm backend's heap for the zoo's JS kernels.
 *
 * `readSync` on wasm copies a tensor out of the heap and `tf.tensor` copies it
 * back in; for the large activations of a training step those copies cost as
 * much as the arithmetic. These helpers read inputs through views of the heap
 * and write results straight into freshly allocated output tensors.
 */
import * as tf from "@tensorflow/tfjs-core";

/** The parts of tfjs-backend-wasm's `BackendWasm` the kernels use. */
export interface WasmHeapBackend extends tf.KernelBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): tf.backend_util.TypedArray;
  disposeData(dataId: tf.DataId, force?: boolean): boolean;
}

/** Whether `backend` keeps tensors in a wasm heap the kernels can view. */
export function isWasmHeapBackend(backend: tf.KernelBackend): backend is WasmHeapBackend {
  const b = backend as Partial<WasmHeapBackend>;
  return typeof b.makeOutput === "function" && typeof b.typedArrayFromHeap === "function";
}

/** Checks that `backend` is the wasm backend (the kernels rely on its heap). */
export function asWasmBackend(backend: tf.KernelBackend): WasmHeapBackend {
  if (!isWasmHeapBackend(backend)) {
    throw new TypeError(
      `Expected the wasm backend but found ${backend.constructor?.name ?? typeof backend}`,
    );
  }
  return backend as WasmHeapBackend;
}

/**
 * A float32 view of a tensor in the heap. Views die when the heap grows, which
 * any allocation may cause: take them after the last `makeOutput` of a kernel.
 */
export function heapF32(backend: WasmHeapBackend, info: tf.TensorInfo): Float32Array {
  if (info.dtype !== "float32") {
    throw new TypeError(`Expected a float32 tensor but found ${info.dtype}`);
  }
  return backend.typedArrayFromHeap(info) as Float32Array;
}

/** Runs `backendName`'s registered kernel directly (no engine bookkeeping, no tape). */
export function runKernelOf(
  backendName: string,
  kernelName: string,
  backend: tf.KernelBackend,
  inputs: tf.NamedTensorInfoMap,
  attrs: tf.NamedAttrMap,
): tf.TensorInfo {
  const kernel = tf.getKernel(kernelName, backendName);
  if (kernel === undefined) {
    throw new TypeError(`Expected a ${backendName} kernel named ${kernelName} but found none`);
  }
  return kernel.kernelFunc({ inputs, backend, attrs }) as tf.TensorInfo;
}

/** Runs a stock wasm kernel directly (no engine bookkeeping, no tape). */
export function runWasmKernel(
  backend: WasmHeapBackend,
  kernelName: string,
  inputs: tf.NamedTensorInfoMap,
  attrs: tf.NamedAttrMap,
): tf.TensorInfo {
  return runKernelOf("wasm", kernelName, backend, inputs, attrs);
}
