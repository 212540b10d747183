/**
 * The zoo's wasm training kernels against the stock wasm kernels they
 * replace, on the reference model's shapes (batch 32; "×4" = the wide
 * variant). Each iteration runs one kernel call on fresh inputs' buffers.
 *
 *   deno bench -A tests/bench/kernels_bench.ts
 *
 * Where a BLAS loads, each group also times the native backend's kernel
 * (models/kernels/native/, with the compiled helpers when they build).
 *
 * Conv2DBackpropFilter has no stock wasm kernel (the cpu one takes seconds),
 * so its group times the zoo's kernel alone.
 */
import * as tf from "@tensorflow/tfjs-core";
import { initBackend } from "../../models/mod.ts";
import { stockWasmKernel } from "../../models/backend.ts";
import {
  buildNativeKernel,
  compiledMovers,
  JS_MOVERS,
  loadBlas,
  loadHelpers,
} from "../../models/kernels/native/mod.ts";

await initBackend("wasm");
const backend = tf.backend();
const blas = loadBlas();
const helpers = await loadHelpers();
const movers = helpers === undefined ? JS_MOVERS : compiledMovers(helpers);

type Inputs = Record<string, tf.Tensor>;

/** One call of a kernel function, its output freed. */
function call(kernel: tf.KernelConfig, inputs: Inputs, attrs: tf.NamedAttrMap): void {
  const out = kernel.kernelFunc({ inputs, backend, attrs }) as tf.TensorInfo;
  backend.disposeData(out.dataId);
}

function zoo(kernelName: string): tf.KernelConfig {
  const config = tf.getKernel(kernelName, "wasm");
  if (config === undefined) throw new Error(`Expected a wasm ${kernelName} but found none`);
  return config;
}

const random = (shape: number[], seed: number) => tf.randomUniform(shape, -1, 1, "float32", seed);

function compare(group: string, kernelName: string, inputs: Inputs, attrs: tf.NamedAttrMap): void {
  const stock = stockWasmKernel(kernelName);
  if (stock !== undefined) {
    Deno.bench({
      name: `${group}: stock wasm`,
      group,
      baseline: true,
      fn: () => call(stock, inputs, attrs),
    });
  }
  Deno.bench({ name: `${group}: zoo`, group, fn: () => call(zoo(kernelName), inputs, attrs) });
  const native = blas === undefined
    ? undefined
    : buildNativeKernel(kernelName, blas, movers, zoo(kernelName).kernelFunc);
  if (native !== undefined) {
    const config = { ...zoo(kernelName), kernelFunc: native };
    Deno.bench({
      name: `${group}: native (${movers.kind} helpers)`,
      group,
      fn: () => call(config, inputs, attrs),
    });
  }
}

function maxPoolGrad(label: string, shape: [number, number, number, number]): void {
  const input = random(shape, 1) as tf.Tensor4D;
  const output = tf.maxPool(input, 2, 2, "valid");
  compare(`MaxPoolGrad ${label} [${shape}]`, "MaxPoolGrad", {
    dy: random(output.shape, 2),
    input,
    output,
  }, { filterSize: 2, strides: 2, pad: "valid" });
}

function conv2dGrads(label: string, xShape: number[], fShape: number[]): void {
  const x = random(xShape, 3) as tf.Tensor4D;
  const filter = random(fShape, 4) as tf.Tensor4D;
  const dy = random(tf.conv2d(x, filter, 1, "same").shape, 5);
  const attrs = { strides: 1, pad: "same", dataFormat: "NHWC", dimRoundingMode: undefined };
  compare(`Conv2DBackpropInput ${label}`, "Conv2DBackpropInput", { dy, filter }, {
    ...attrs,
    inputShape: xShape,
  } as unknown as tf.NamedAttrMap);
  compare(`Conv2DBackpropFilter ${label}`, "Conv2DBackpropFilter", { x, dy }, {
    ...attrs,
    filterShape: fShape,
  } as unknown as tf.NamedAttrMap);
}

maxPoolGrad("image pool 1 ×1", [32, 32, 32, 16]);
maxPoolGrad("image pool 1 ×4", [32, 32, 32, 64]);
conv2dGrads("image conv 1 ×1", [32, 32, 32, 3], [3, 3, 3, 16]);
conv2dGrads("image conv 2 ×1", [32, 16, 16, 16], [3, 3, 16, 32]);
conv2dGrads("image conv 1 ×4", [32, 32, 32, 3], [3, 3, 3, 64]);
conv2dGrads("image conv 2 ×4", [32, 16, 16, 64], [3, 3, 64, 128]);
compare("BatchMatMul Dense ×4 weight gradient [32,384]ᵀ·[32,256]", "BatchMatMul", {
  a: random([1, 32, 384], 6),
  b: random([1, 32, 256], 7),
}, { transposeA: true, transposeB: false });
compare("Sum bias gradient ×4 [32,32,32,64] over axes 0–2", "Sum", {
  x: random([32, 32, 32, 64], 8),
}, { axis: [0, 1, 2], keepDims: false });
