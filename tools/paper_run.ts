/**
 * Really trains the 150M-parameter paper preset for a few steps and reports
 * parameters, seconds per step and peak memory (process RSS and the wasm
 * heap, which is capped at 4 GiB).
 *
 *   deno run -A tools/paper_run.ts [sgd|adam|momentum] [steps] [batch] [learningRate]
 *
 * Slow (seconds per step) and memory-hungry (≈ 2.5 GB): run it rarely.
 */
import * as tf from "@tensorflow/tfjs-core";
import type { Dataset, Modality } from "../sim/data/types.ts";
import { initBackend } from "../models/backend.ts";
import { nativeKernelsActive } from "../models/kernels/native/mod.ts";
import { buildModel } from "../models/build.ts";
import { trainLocal } from "../models/train.ts";
import type { OptimizerName } from "../models/optimizer.ts";
import type { ModelSpec } from "../models/types.ts";

/** What `runPaperSteps` measured. */
export interface PaperRun {
  backend: string;
  params: number;
  optimizer: string;
  learningRate: number;
  batch: number;
  buildSeconds: number;
  secondsPerStep: number[];
  losses: number[];
  peakRssGB: number;
  wasmHeapGB: number;
}

/** Bytes of the wasm heap (it only grows, so this is its peak); NaN on cpu. */
export function wasmHeapBytes(): number {
  const backend = tf.backend() as unknown as { wasm?: { HEAP8?: Int8Array } };
  return backend.wasm?.HEAP8?.buffer.byteLength ?? NaN;
}

/** A learnable set: every modality carries a class-dependent pattern. */
function patternDataset(n: number, classes: number, shapes: ModelSpec["shapes"]): Dataset {
  const modalities = Object.keys(shapes) as Modality[];
  const labels = Int32Array.from({ length: n }, (_, i) => i % classes);
  const inputs: Partial<Record<Modality, Float32Array>> = {};
  for (const m of modalities) {
    const size = shapes[m]!.reduce((a, b) => a * b, 1);
    inputs[m] = Float32Array.from({ length: n * size }, (_, k) => {
      const label = labels[Math.floor(k / size)], j = k % size;
      // Token ids must be vocabulary indices; other modalities take any value.
      return m === "tokens" ? (label * 3 + (j % 3)) % 32 : (label / classes - 0.5) * Math.cos(j);
    });
  }
  const mask = new Float32Array(n * modalities.length).fill(1);
  return { n, classes, modalities, shapes, labels, inputs, mask };
}

/**
 * Builds the paper preset (four modalities, gated fusion) and trains `steps`
 * steps, each an epoch over the same `batch` samples, so a falling loss shows
 * that the forward, backward and optimiser steps really learn.
 */
export function runPaperSteps(
  optimizer: OptimizerName,
  steps: number,
  batch: number,
  // The trunk is ~3,900 wide, so a step moves each logit by ≈ width × lr:
  // rates that suit small models make this one diverge.
  learningRate = optimizer === "adam" ? 2e-6 : 1e-4,
): PaperRun {
  const shapes = { image: [32, 32, 3], series: [64, 6], tabular: [16], tokens: [32] };
  const spec: ModelSpec = { preset: "paper", shapes, classes: 8, seed: 1, fusion: "gated" };
  let t = performance.now();
  const model = buildModel(spec);
  const buildSeconds = (performance.now() - t) / 1000;
  let peakRss = Deno.memoryUsage().rss;
  const secondsPerStep: number[] = [];
  const losses: number[] = [];
  t = performance.now();
  trainLocal(model, patternDataset(batch, 8, shapes), {
    epochs: steps,
    batchSize: batch,
    learningRate,
    seed: 1,
    optimizer,
    onStep: (_step, loss) => {
      const now = performance.now();
      secondsPerStep.push(+((now - t) / 1000).toFixed(2));
      losses.push(+loss.toFixed(4));
      t = now;
      peakRss = Math.max(peakRss, Deno.memoryUsage().rss);
    },
  });
  const run: PaperRun = {
    // "native" runs on the wasm backend with the BLAS kernels registered over its own.
    backend: nativeKernelsActive() ? "native" : tf.getBackend(),
    params: model.countParams(),
    optimizer,
    learningRate,
    batch,
    buildSeconds: +buildSeconds.toFixed(2),
    secondsPerStep,
    losses,
    peakRssGB: +(peakRss / 2 ** 30).toFixed(2),
    wasmHeapGB: +(wasmHeapBytes() / 2 ** 30).toFixed(2),
  };
  model.dispose();
  return run;
}

if (import.meta.main) {
  const optimizer = (Deno.args[0] ?? "sgd") as OptimizerName;
  await initBackend();
  console.log(
    JSON.stringify(runPaperSteps(
      optimizer,
      Number(Deno.args[1] ?? 3),
      Number(Deno.args[2] ?? 8),
      Deno.args[3] === undefined ? undefined : Number(Deno.args[3]),
    )),
  );
}
