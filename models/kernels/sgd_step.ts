/**
 * One plain-SGD update of one variable as one kernel: `value + (−lr)·gradient`.
 *
 * The stock `tf.train.sgd` runs Multiply and Add per variable, each through
 * the engine (two kernel calls, two passes, a tidy) — a fifth of the kernel
 * calls of a small model's step. Here the same float32 operations run in one
 * pass: the product is rounded to float32 (`Math.fround`), then added to the
 * value and rounded on the store, exactly as the two stock kernels round, so
 * the updated weights are the same bits.
 */
import * as tf from "@tensorflow/tfjs-core";
import { isWasmHeapBackend } from "./_wasm_heap.ts";

/** Inputs `{value, gradient}` (float32, same shape), attribute `step` = −learning rate. */
export const SGD_STEP = "RenkeiSgdStep";

/** `out[i] = fround(step · gradient[i]) + value[i]`, rounded to float32 on the store. */
export function sgdStepValues(
  value: Float32Array,
  gradient: Float32Array,
  step: number,
  out: Float32Array,
): void {
  const c = Math.fround(step);
  for (let i = 0; i < out.length; i++) out[i] = Math.fround(c * gradient[i]) + value[i];
}

/** The kernel: on wasm through views of the heap, elsewhere (cpu) through host arrays. */
function sgdStep(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
  const { value, gradient } = args.inputs as { value: tf.TensorInfo; gradient: tf.TensorInfo };
  const { step } = args.attrs as { step: number };
  if (value.dtype !== "float32" || gradient.dtype !== "float32") {
    throw new TypeError(
      `Expected float32 value and gradient but found ${value.dtype}, ${gradient.dtype}`,
    );
  }
  const backend = args.backend as tf.KernelBackend;
  if (isWasmHeapBackend(backend)) {
    const out = backend.makeOutput(value.shape, "float32");
    // Views only after the allocation, which may grow (and so detach) the heap.
    sgdStepValues(
      backend.typedArrayFromHeap(value) as Float32Array,
      backend.typedArrayFromHeap(gradient) as Float32Array,
      step,
      backend.typedArrayFromHeap(out) as Float32Array,
    );
    return out;
  }
  const host = backend as tf.KernelBackend & {
    makeTensorInfo(shape: number[], dtype: tf.DataType, values: Float32Array): tf.TensorInfo;
  };
  const out = new Float32Array(tf.util.sizeFromShape(value.shape));
  sgdStepValues(
    host.readSync(value.dataId) as Float32Array,
    host.readSync(gradient.dataId) as Float32Array,
    step,
    out,
  );
  return host.makeTensorInfo(value.shape, "float32", out);
}

/** Registers the kernel for `backendName` (idempotent). */
export function registerSgdStep(backendName: "wasm" | "cpu"): void {
  if (tf.getKernel(SGD_STEP, backendName) !== undefined) return;
  tf.registerKernel({ kernelName: SGD_STEP, backendName, kernelFunc: sgdStep });
}

/**
 * `variable ← variable − learningRate · gradient` for each pair, one kernel
 * each; falls back to the stock ops where the backend lacks the kernel.
 */
export function sgdUpdate(
  variables: readonly tf.Variable[],
  gradients: readonly tf.Tensor[],
  learningRate: number,
): void {
  const fused = tf.getKernel(SGD_STEP, tf.getBackend()) !== undefined;
  variables.forEach((value, i) => {
    const gradient = gradients[i];
    tf.tidy(() => {
      const next = fused
        ? tf.engine().runKernel(SGD_STEP, { value, gradient }, { step: -learningRate }) as tf.Tensor
        : tf.add(tf.mul(tf.scalar(-learningRate), gradient), value);
      value.assign(next);
    });
  });
}
