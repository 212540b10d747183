/**
 * `Identity` for the wasm backend that shares the input's memory instead of
 * copying it, as the cpu backend's does. tfjs-layers calls it ≈ 75 times in
 * a training step of the reference model; the stock kernel copies every
 * activation each time. Tensors are immutable, and reference counts keep the
 * shared buffer alive until both tensors are disposed.
 */
import type * as tf from "@tensorflow/tfjs-core";

/** Builds the kernel; strings (not held in the heap) still go to the stock one. */
export function identityShared(stock: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    if (x.dtype === "string") return stock(args);
    (args.backend as tf.KernelBackend).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  };
}

/**
 * `Cast` to the tensor's own dtype shares the buffer like `identityShared`:
 * the ReLU gradient casts its float32 `step` mask to float32 once per layer
 * and step, and the stock kernel copies it. Real conversions go to `stock`.
 */
export function castShared(stock: tf.KernelFunc): tf.KernelFunc {
  const identity = identityShared(stock);
  return (args) => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    const { dtype } = args.attrs as { dtype: tf.DataType };
    return dtype === x.dtype ? identity(args) : stock(args);
  };
}
