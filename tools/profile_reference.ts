/**
 * Per-kernel profile of one training step of the reference model on wasm
 * (forward, then backward + SGD update), to show which kernels to optimise.
 * Prints markdown tables: kernels by name, and the slowest kernel calls with
 * their input shapes (which name the layer).
 *
 *   deno run -A tools/profile_reference.ts [--width 4] [--steps 5] [--backend cpu]
 *
 * tf.profile times each kernel by wall clock on wasm (the backend is
 * synchronous), so the figures are real costs, including the JS-side
 * gradient kernels the model zoo registers.
 */
import * as tf from "@tensorflow/tfjs-core";
import {
  type BackendName,
  buildModel,
  crossEntropy,
  datasetToTensors,
  initBackend,
  labelsToOneHot,
} from "../models/mod.ts";
import { BENCH_CLASSES, BENCH_SHAPES, benchDataset } from "../cli/bench.ts";
import { maxPoolGradJs } from "./_maxpool_grad.ts";

function flag(name: string, fallback: string): string {
  const i = Deno.args.indexOf(name);
  return i >= 0 && i + 1 < Deno.args.length ? Deno.args[i + 1] : fallback;
}

const width = Number(flag("--width", "1"));
const steps = Number(flag("--steps", "5"));
const batch = Number(flag("--batch", "32"));
const backend = await initBackend(flag("--backend", "wasm") as BackendName);
/** The TensorFlow.js backend whose kernel registry holds the kernels ("native" is wasm's). */
const tfBackend = backend === "native" ? "wasm" : backend;
/**
 * The zoo's JS gradient kernels call BatchMatMul themselves; those inner calls
 * appear in the profile too. Wrapping the JS kernels records which profile
 * entries ran inside them, so each appears once: inside its parent's time.
 */
const nested = new Map<number, string>();
function recordNested(kernelName: string): void {
  const config = tf.getKernel(kernelName, tfBackend);
  if (config === undefined) return;
  const inner = config.kernelFunc;
  tf.unregisterKernel(kernelName, tfBackend);
  tf.registerKernel({
    ...config,
    kernelFunc: (args) => {
      const profile = tf.engine().state.activeProfile;
      const start = profile.kernels?.length ?? 0;
      const out = inner(args);
      const end = profile.kernels?.length ?? 0;
      for (let i = start; i < end; i++) nested.set(i, kernelName);
      return out;
    },
  });
}
if (tfBackend === "wasm") ["Conv2DBackpropFilter", "Conv2DBackpropInput"].forEach(recordNested);

/** The max-pool input gradient of `x` under distinct output weights. */
function poolGrad(x: tf.Tensor4D): Float32Array {
  const weights = tf.reshape(tf.range(1, 97), [2, 4, 4, 3]);
  const dx = tf.grad((t: tf.Tensor) =>
    tf.sum(tf.mul(tf.maxPool(t as tf.Tensor4D, 2, 2, "valid"), weights))
  )(x);
  return dx.dataSync() as Float32Array;
}

if (Deno.args.includes("--js-maxpool-grad")) {
  // Check the experiment against the cpu kernel before timing it. (The stock
  // wasm kernel drops the gradient of windows whose maximum is negative.)
  const values = Float32Array.from({ length: 384 }, (_, i) => Math.sin(i * 12.9898) * 0.9);
  await initBackend("cpu");
  const expected = poolGrad(tf.tensor4d(values, [2, 8, 8, 3]));
  await initBackend(backend as BackendName);
  tf.unregisterKernel("MaxPoolGrad", tfBackend);
  tf.registerKernel({
    kernelName: "MaxPoolGrad",
    backendName: tfBackend,
    kernelFunc: maxPoolGradJs as unknown as tf.KernelFunc,
  });
  const got = poolGrad(tf.tensor4d(values, [2, 8, 8, 3]));
  const diff = got.reduce((m, v, i) => Math.max(m, Math.abs(v - expected[i])), 0);
  if (diff !== 0) {
    throw new Error(
      `Expected the JS MaxPoolGrad to match the cpu one but found a difference of ${diff}`,
    );
  }
  console.log("JS MaxPoolGrad registered (matches the cpu kernel exactly on a test input)\n");
}

const model = buildModel({
  preset: "reference",
  shapes: { ...BENCH_SHAPES },
  classes: BENCH_CLASSES,
  width,
  seed: 1,
});
const data = benchDataset(batch, 1);
const rows = Int32Array.from({ length: batch }, (_, i) => i);
const inputs = datasetToTensors(data, rows);
const labels = labelsToOneHot(data, rows);
const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
const optimizer = tf.train.sgd(0.01);
const loss = () => crossEntropy(model.apply(inputs, { training: true }) as tf.Tensor, labels);

function forward(): void {
  tf.tidy(() => void loss().dataSync());
}

/** The end of the forward pass shows in a profile as the only `IsNan` kernel. */
const FORWARD_END = "IsNan";

function markedLoss(): tf.Scalar {
  const value = loss();
  tf.isNaN(value);
  return value;
}

function step(): void {
  tf.tidy(() => {
    const { value, grads } = tf.variableGrads(markedLoss, variables);
    optimizer.applyGradients(grads);
    value.dataSync();
  });
}

// Warm-up: weight packing, kernel set-up.
for (let i = 0; i < 3; i++) step();
let t = performance.now();
for (let i = 0; i < steps; i++) step();
const stepMs = (performance.now() - t) / steps;
t = performance.now();
for (let i = 0; i < steps; i++) forward();
const forwardMs = (performance.now() - t) / steps;

const phases = new Map<string, number>();
const byName = new Map<string, { ms: number; calls: number; phase: Set<string> }>();
const byCall = new Map<string, { ms: number; phase: string; name: string; shapes: string }>();
const inner = new Map<string, number>();
let profiledMs = 0;
for (let s = 0; s < steps; s++) {
  nested.clear();
  const info = await tf.profile(step);
  const forwardCount = info.kernels.findIndex((k) => k.name === FORWARD_END);
  info.kernels.forEach((k, i) => {
    const ms = k.kernelTimeMs as number;
    const parent = nested.get(i);
    if (parent !== undefined) {
      const key = `${k.name} inside ${parent}`;
      inner.set(key, (inner.get(key) ?? 0) + ms);
      return;
    }
    // The step runs the same forward kernels first, then the gradients and the update.
    const phase = i < forwardCount ? "forward" : "backward";
    profiledMs += ms;
    phases.set(phase, (phases.get(phase) ?? 0) + ms);
    const n = byName.get(k.name) ?? { ms: 0, calls: 0, phase: new Set() };
    n.ms += ms;
    n.calls++;
    n.phase.add(phase);
    byName.set(k.name, n);
    const shapes = k.inputShapes.map((s) => s === null ? "-" : `[${s.join(",")}]`).join(" ");
    const key = `${phase} ${k.name} ${shapes} ${i}`;
    const c = byCall.get(key) ?? { ms: 0, phase, name: k.name, shapes };
    c.ms += ms;
    byCall.set(key, c);
  });
}
const perStep = (ms: number) => ms / steps;
const pct = (ms: number) => `${((100 * ms) / profiledMs).toFixed(1)}%`;

console.log(
  `reference ×${width}, batch ${batch}, ${backend}: step ${stepMs.toFixed(1)} ms ` +
    `(forward alone ${forwardMs.toFixed(1)} ms), profiled kernels ${
      perStep(profiledMs).toFixed(1)
    } ms/step ` +
    `(forward ${perStep(phases.get("forward") ?? 0).toFixed(1)}, backward + update ${
      perStep(phases.get("backward") ?? 0).toFixed(1)
    }), load ${Deno.loadavg()[0].toFixed(2)}\n`,
);
console.log("| kernel | phase | calls/step | ms/step | share |\n|---|---|---:|---:|---:|");
for (const [name, n] of [...byName].sort((a, b) => b[1].ms - a[1].ms).slice(0, 15)) {
  console.log(
    `| ${name} | ${[...n.phase].join("+")} | ${n.calls / steps} | ${perStep(n.ms).toFixed(2)} | ${
      pct(n.ms)
    } |`,
  );
}
console.log(
  "\n| slowest calls | phase | input shapes | ms/step | share |\n|---|---|---|---:|---:|",
);
for (const c of [...byCall.values()].sort((a, b) => b.ms - a.ms).slice(0, 15)) {
  console.log(
    `| ${c.name} | ${c.phase} | ${c.shapes} | ${perStep(c.ms).toFixed(2)} | ${pct(c.ms)} |`,
  );
}
console.log("\nTime spent in kernels called by the zoo's JS kernels (already in their time):");
for (const [key, ms] of inner) console.log(`- ${key}: ${perStep(ms).toFixed(2)} ms/step`);
model.dispose();
