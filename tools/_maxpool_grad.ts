/**
 * A `MaxPoolGrad` in plain JS on any backend (tensors read back with
 * `readSync`), to measure how much the stock wasm kernel costs
 * (tools/profile_reference.ts --js-maxpool-grad). The geometry and the window
 * scatter are the model zoo's own (models/kernels/max_pool_grad.ts): each
 * output's gradient goes to the first maximum of its window, as the cpu
 * backend does.
 */
import * as tf from "@tensorflow/tfjs-core";
import { maxPoolGradInfo, maxPoolGradScatter } from "../models/kernels/mod.ts";

/** The kernel function; register it as `MaxPoolGrad` on wasm to try it. */
export function maxPoolGradJs(
  args: { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: tf.NamedAttrMap },
): tf.TensorInfo {
  const { dy, input } = args.inputs as { dy: tf.TensorInfo; input: tf.TensorInfo };
  const info = maxPoolGradInfo(input, args.attrs);
  const x = args.backend.readSync(input.dataId) as Float32Array;
  const g = args.backend.readSync(dy.dataId) as Float32Array;
  const dx = new Float32Array(x.length);
  maxPoolGradScatter(x, g, dx, info);
  return tf.tensor(dx, input.shape);
}
