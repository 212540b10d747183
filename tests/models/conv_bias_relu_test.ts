/**
 * The fused convolution + bias + ReLU training op (models/kernels/
 * conv_bias_relu.ts, models/_train_fusion.ts) against the unfused graph
 * tfjs-layers records without it: the same values and gradients bit for bit
 * on cpu, wasm and native, the same trained weights, and the fused kernel
 * really used while training (and not for inference).
 */
import * as tf from "@tensorflow/tfjs-core";
import * as tfl from "@tensorflow/tfjs-layers";
import { assert, assertEquals } from "../_assert.ts";
import {
  type BackendName,
  buildModel,
  getWeightsFlat,
  initBackend,
  trainLocal,
} from "../../models/mod.ts";
import { conv2dBiasRelu, CONV_BIAS_RELU, RELU_GRAD } from "../../models/kernels/conv_bias_relu.ts";
import { DENSE_BIAS_RELU, denseBiasRelu } from "../../models/kernels/dense_bias_relu.ts";
import { fuseConvWhileTraining } from "../../models/_train_fusion.ts";
import { BENCH_CLASSES, BENCH_SHAPES, benchDataset } from "../../cli/bench.ts";
import { nativeTestable, values } from "./_kernel_cases.ts";

const BACKENDS: BackendName[] = ["cpu", "wasm", "native"];
const ignoreNative = !(await nativeTestable());

function sameBits(a: tf.Tensor, b: tf.Tensor, what: string): void {
  assertEquals(a.shape, b.shape, `${what}: shapes`);
  const ua = new Uint32Array((a.dataSync() as Float32Array).slice().buffer);
  const ub = new Uint32Array((b.dataSync() as Float32Array).slice().buffer);
  const i = ua.findIndex((v, k) => v !== ub[k]);
  assert(i < 0, `${what}: element ${i} differs (${a.dataSync()[i]} vs ${b.dataSync()[i]})`);
}

/** Runs `fn` with the fused kernels taken off the backend (the layers then record the stock graph). */
function unfused<T>(fn: () => T): T {
  const tfBackend = tf.getBackend();
  const configs = [CONV_BIAS_RELU, DENSE_BIAS_RELU].map((name) => tf.getKernel(name, tfBackend)!);
  configs.forEach((c) => tf.unregisterKernel(c.kernelName, tfBackend));
  try {
    return fn();
  } finally {
    configs.forEach((c) => tf.registerKernel(c));
  }
}

for (const backend of BACKENDS) {
  for (const pad of ["same", "valid"] as const) {
    Deno.test({
      name:
        `fused conv + bias + ReLU: value and gradients equal the unfused graph's bits (${backend}, ${pad})`,
      ignore: backend === "native" && ignoreNative,
    }, async () => {
      await initBackend(backend);
      tf.tidy(() => {
        const x = tf.tensor4d(values(2 * 6 * 5 * 3, 1), [2, 6, 5, 3]);
        const filter = tf.tensor4d(values(3 * 3 * 3 * 4, 2), [3, 3, 3, 4]);
        const bias = tf.tensor1d(values(4, 3));
        const stock = (a: tf.Tensor4D, f: tf.Tensor4D, b: tf.Tensor1D) =>
          tf.relu(tf.add(tf.conv2d(a, f, 1, pad), b)) as tf.Tensor4D;
        const yFused = conv2dBiasRelu(x, filter, bias, pad);
        const yStock = stock(x, filter, bias);
        sameBits(yFused, yStock, "value");
        assert(yStock.dataSync().some((v) => v === 0), "some pre-activations should be negative");
        const dy = tf.tensor(values(yStock.size, 4), yStock.shape);
        const fused = tf.grads((a, f, b) =>
          conv2dBiasRelu(a as tf.Tensor4D, f as tf.Tensor4D, b as tf.Tensor1D, pad)
        )([x, filter, bias], dy);
        const unfusedGrads = tf.grads((a, f, b) =>
          stock(a as tf.Tensor4D, f as tf.Tensor4D, b as tf.Tensor1D)
        )([x, filter, bias], dy);
        ["x", "filter", "bias"].forEach((name, i) =>
          sameBits(fused[i], unfusedGrads[i], `gradient of ${name}`)
        );
      });
    });
  }

  Deno.test({
    name:
      `fused Dense + bias + ReLU: value and gradients equal the unfused graph's bits (${backend})`,
    ignore: backend === "native" && ignoreNative,
  }, async () => {
    await initBackend(backend);
    tf.tidy(() => {
      const a = tf.tensor2d(values(5 * 7, 11), [5, 7]);
      const b = tf.tensor2d(values(7 * 6, 12), [7, 6]);
      const bias = tf.tensor1d(values(6, 13));
      const stock = (x: tf.Tensor2D, w: tf.Tensor2D, c: tf.Tensor1D) =>
        tf.relu(tf.add(tf.matMul(x, w), c)) as tf.Tensor2D;
      sameBits(denseBiasRelu(a, b, bias), stock(a, b, bias), "value");
      const dy = tf.tensor2d(values(5 * 6, 14), [5, 6]);
      const fused = tf.grads((x, w, c) =>
        denseBiasRelu(x as tf.Tensor2D, w as tf.Tensor2D, c as tf.Tensor1D)
      )([a, b, bias], dy);
      const plain = tf.grads((x, w, c) =>
        stock(x as tf.Tensor2D, w as tf.Tensor2D, c as tf.Tensor1D)
      )([a, b, bias], dy);
      ["a", "b", "bias"].forEach((name, i) => sameBits(fused[i], plain[i], `gradient of ${name}`));
      assert(stock(a, b, bias).dataSync().includes(0), "some units should be clipped by the ReLU");
    });
  });

  // The op-level test above covers cpu; its reference-model steps take seconds.
  if (backend === "cpu") continue;
  Deno.test({
    name:
      `the reference model trains to the same bits fused and unfused, through the fused kernel (${backend})`,
    ignore: backend === "native" && ignoreNative,
  }, async () => {
    await initBackend(backend);
    const train = () => {
      const model = buildModel({
        preset: "reference",
        shapes: { ...BENCH_SHAPES },
        classes: BENCH_CLASSES,
        seed: 1,
      });
      // Steps of 4, 4 and 1 samples: with one sample tfjs-layers sums a Conv1D's bias
      // gradient over other axes (its broadcast rules), which the fused op must follow.
      trainLocal(model, benchDataset(9, 1), {
        epochs: 1,
        batchSize: 4,
        learningRate: 0.05,
        seed: 3,
      });
      const w = getWeightsFlat(model);
      model.dispose();
      return w;
    };
    const kernelsOfStep = async () => {
      const model = buildModel({
        preset: "reference",
        shapes: { ...BENCH_SHAPES },
        classes: BENCH_CLASSES,
        seed: 1,
      });
      const info = await tf.profile(() => {
        trainLocal(model, benchDataset(4, 1), {
          epochs: 1,
          batchSize: 4,
          learningRate: 0.05,
          seed: 3,
        });
      });
      model.dispose();
      return info.kernels.map((k) => k.name);
    };
    const fused = train();
    const plain = unfused(train);
    assertEquals(fused.length, plain.length);
    const i = fused.findIndex((v, k) => !Object.is(v, plain[k]));
    assert(i < 0, `weight ${i} differs: ${fused[i]} fused vs ${plain[i]} unfused`);
    // One step: each of the four convolutions and the two ReLU Dense layers runs fused once,
    // with one ReLU gradient each.
    const names = await kernelsOfStep();
    assertEquals(names.filter((n) => n === CONV_BIAS_RELU).length, 4);
    assertEquals(names.filter((n) => n === DENSE_BIAS_RELU).length, 2);
    assertEquals(names.filter((n) => n === RELU_GRAD).length, 6);
  });
}

Deno.test("inference keeps the stock call; other convolutions are not wrapped", async () => {
  await initBackend("wasm");
  const fusedLayer = fuseConvWhileTraining(
    tfl.layers.conv1d({ filters: 3, kernelSize: 3, activation: "relu", padding: "valid" }),
    1,
  );
  const wrappedCall = fusedLayer.call;
  const linear = tfl.layers.conv2d({ filters: 3, kernelSize: 3, activation: "linear" });
  const linearCall = linear.call;
  assertEquals(fuseConvWhileTraining(linear, 2).call, linearCall, "a linear conv is left alone");
  const strided = tfl.layers.conv2d({ filters: 3, kernelSize: 3, strides: 2, activation: "relu" });
  const stridedCall = strided.call;
  assertEquals(fuseConvWhileTraining(strided, 2).call, stridedCall, "a strided conv is left alone");
  assert(wrappedCall !== undefined);
  const x = tf.tensor3d(values(2 * 9 * 2, 5), [2, 9, 2]);
  const info = await tf.profile(() => (fusedLayer.apply(x) as tf.Tensor).dispose());
  assert(!info.kernelNames.includes(CONV_BIAS_RELU), "inference uses the stock fused kernel");
  // While recording gradients, the Conv1D goes through the fused kernel and matches tfjs-core's conv1d.
  const stockLayer = tfl.layers.conv1d({
    filters: 3,
    kernelSize: 3,
    activation: "relu",
    padding: "valid",
  });
  stockLayer.apply(x);
  stockLayer.setWeights(fusedLayer.getWeights());
  const loss = (layer: tfl.layers.Layer) => () =>
    tf.sum(
      tf.mul(layer.apply(x) as tf.Tensor, tf.tensor(values(2 * 7 * 3, 6), [2, 7, 3])),
    ) as tf.Scalar;
  const a = tf.variableGrads(
    loss(fusedLayer),
    fusedLayer.trainableWeights.map((w) => w.read() as tf.Variable),
  );
  const b = tf.variableGrads(
    loss(stockLayer),
    stockLayer.trainableWeights.map((w) => w.read() as tf.Variable),
  );
  sameBits(a.value, b.value, "Conv1D loss");
  Object.values(a.grads).forEach((g, i) => sameBits(g, Object.values(b.grads)[i], `grad ${i}`));
  x.dispose();
});
