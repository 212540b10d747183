/**
 * The local optimisers against updates computed by hand in float64 on a
 * softmax regression (one Dense layer), where the gradient has a closed form.
 */
import * as tfl from "@tensorflow/tfjs-layers";
import { assert, assertThrows } from "../_assert.ts";
import {
  getWeightsFlat,
  initBackend,
  type OptimizerSettings,
  optimizerSettings,
  trainLocal,
} from "../../models/mod.ts";
import type { Dataset } from "../../sim/data/types.ts";

const backend = await initBackend();
const FEATURES = 3, CLASSES = 2, N = 4;
/** The ε that crossEntropy adds inside its log (models/train.ts). */
const LOG_EPSILON = 1e-7;

/** Softmax regression on the tabular input (the mask input is unused). */
function regression(): tfl.LayersModel {
  const x = tfl.input({ name: "tabular", shape: [FEATURES] });
  const mask = tfl.input({ name: "mask", shape: [1] });
  const out = tfl.layers.dense({
    name: "out",
    units: CLASSES,
    activation: "softmax",
    kernelInitializer: tfl.initializers.constant({ value: 0.1 }),
    biasInitializer: "zeros",
  }).apply(x) as tfl.SymbolicTensor;
  return tfl.model({ inputs: [x, mask], outputs: out });
}

const DATA: Dataset = {
  n: N,
  classes: CLASSES,
  modalities: ["tabular"],
  shapes: { tabular: [FEATURES] },
  labels: Int32Array.from([0, 1, 1, 0]),
  inputs: { tabular: Float32Array.from([1, 0.5, -1, 0.2, -0.4, 2, -1.5, 1, 0.3, 0.7, 0.1, -0.8]) },
  mask: new Float32Array(N).fill(1),
};

/** Gradient of crossEntropy (with its ε) w.r.t. [kernel (row-major F×C), bias], full batch. */
function gradient(w: number[]): number[] {
  const g = new Array(w.length).fill(0);
  const x = DATA.inputs.tabular!;
  for (let i = 0; i < N; i++) {
    const z = Array.from({ length: CLASSES }, (_, c) => {
      let s = w[FEATURES * CLASSES + c];
      for (let f = 0; f < FEATURES; f++) s += x[i * FEATURES + f] * w[f * CLASSES + c];
      return s;
    });
    const m = Math.max(...z);
    const e = z.map((v) => Math.exp(v - m));
    const p = e.map((v) => v / e.reduce((a, b) => a + b, 0));
    const y = DATA.labels[i];
    // L = −(1/N) log(p_y + ε): dL/dz_k = −(1/N) · p_y(δ_yk − p_k) / (p_y + ε).
    for (let k = 0; k < CLASSES; k++) {
      const dz = -(p[y] * ((y === k ? 1 : 0) - p[k])) / (p[y] + LOG_EPSILON) / N;
      for (let f = 0; f < FEATURES; f++) g[f * CLASSES + k] += dz * x[i * FEATURES + f];
      g[FEATURES * CLASSES + k] += dz;
    }
  }
  return g;
}

/** `steps` full-batch steps of PyTorch-style SGD (momentum, Nesterov, weight decay) in float64. */
function byHand(s: OptimizerSettings, lr: number, steps: number): number[] {
  let w = [...new Array(FEATURES * CLASSES).fill(0.1), ...new Array(CLASSES).fill(0)];
  let v = new Array(w.length).fill(0);
  for (let t = 0; t < steps; t++) {
    const g = gradient(w).map((gi, j) => gi + s.weightDecay * w[j]);
    if (s.name === "sgd") {
      w = w.map((wj, j) => wj - lr * g[j]);
      continue;
    }
    v = v.map((vj, j) => s.momentum * vj + g[j]);
    w = w.map((wj, j) => wj - lr * (s.nesterov ? g[j] + s.momentum * v[j] : v[j]));
  }
  return w;
}

function trained(s: OptimizerSettings, lr: number, steps: number): Float32Array {
  const model = regression();
  // One full batch per epoch: the shuffle only reorders a sum.
  trainLocal(model, DATA, { epochs: steps, batchSize: N, learningRate: lr, seed: 1, optimizer: s });
  const flat = getWeightsFlat(model);
  model.dispose();
  return flat;
}

function assertClose(actual: Float32Array, expected: number[], label: string): void {
  expected.forEach((e, j) => {
    assert(Math.abs(actual[j] - e) < 2e-6, `${label}: weight ${j} is ${actual[j]}, expected ${e}`);
  });
}

const cases: [string, Partial<OptimizerSettings>][] = [
  ["heavy-ball momentum 0.9", { name: "momentum", momentum: 0.9 }],
  ["Nesterov momentum 0.8", { name: "momentum", momentum: 0.8, nesterov: true }],
  ["SGD with weight decay 0.1", { name: "sgd", weightDecay: 0.1 }],
  ["momentum 0.5 with weight decay 0.05", { name: "momentum", momentum: 0.5, weightDecay: 0.05 }],
];
for (const [label, given] of cases) {
  Deno.test(`trainLocal with ${label} matches three steps computed by hand (${backend})`, () => {
    const s = optimizerSettings(given);
    assertClose(trained(s, 0.5, 3), byHand(s, 0.5, 3), label);
  });
}

Deno.test("momentum changes the weights SGD reaches, and one step of it is one SGD step", () => {
  const sgd = trained(optimizerSettings("sgd"), 0.5, 3);
  const heavy = trained(optimizerSettings("momentum"), 0.5, 3);
  assert(sgd.some((v, j) => Math.abs(v - heavy[j]) > 1e-3), "momentum must move differently");
  // The first heavy-ball step has v = g: the same point as SGD's.
  assertClose(
    trained(optimizerSettings("momentum"), 0.5, 1),
    byHand(optimizerSettings("sgd"), 0.5, 1),
    "one step",
  );
});

Deno.test("optimizerSettings() fills the defaults and rejects bad values", () => {
  const s = optimizerSettings(undefined);
  assert(s.name === "sgd" && s.momentum === 0.9 && !s.nesterov && s.weightDecay === 0, "defaults");
  assertThrows(() => optimizerSettings({ name: "rmsprop" as "sgd" }), TypeError, "optimizer");
  assertThrows(() => optimizerSettings({ momentum: 1 }), RangeError, "momentum");
  assertThrows(() => optimizerSettings({ weightDecay: -1 }), RangeError, "weightDecay");
});
