/**
 * A small, honest check that the scene needs fusion: hand-crafted summary
 * features per modality and a multinomial logistic regression trained in
 * plain TypeScript. Shared by the fusion test and the data bench.
 */

import type { Dataset, Modality } from "../../sim/data/mod.ts";

/** Summary features of one modality for every sample, row-major `[n, d]`. */
export function modalityFeatures(ds: Dataset, m: Modality): { d: number; x: Float64Array } {
  const shape = ds.shapes[m]!;
  const src = ds.inputs[m]!;
  const rows: number[][] = [];
  for (let i = 0; i < ds.n; i++) {
    if (m === "image") rows.push(imageFeatures(src, i, shape));
    else if (m === "series") rows.push(seriesFeatures(src, i, shape));
    else if (m === "tabular") rows.push(Array.from(src.subarray(i * shape[0], (i + 1) * shape[0])));
    else rows.push(tokenFeatures(src, i, shape[0]));
  }
  const d = rows[0].length;
  return { d, x: Float64Array.from(rows.flat()) };
}

function imageFeatures(src: Float32Array, i: number, [H, W, C]: number[]): number[] {
  const base = i * H * W * C;
  const grey = (y: number, x: number) => {
    let s = 0;
    for (let c = 0; c < C; c++) s += src[base + (y * W + x) * C + c];
    return s / C;
  };
  const means = new Array(C).fill(0);
  for (let p = 0; p < H * W; p++) {
    for (let c = 0; c < C; c++) means[c] += src[base + p * C + c] / (H * W);
  }
  let gx = 0, gy = 0, d1 = 0, d2 = 0;
  for (let y = 0; y + 1 < H; y++) {
    for (let x = 0; x + 1 < W; x++) {
      const g = grey(y, x);
      gx += Math.abs(grey(y, x + 1) - g);
      gy += Math.abs(grey(y + 1, x) - g);
      d1 += Math.abs(grey(y + 1, x + 1) - g);
      d2 += Math.abs(grey(y + 1, x) - grey(y, x + 1));
    }
  }
  return [...means, gx, gy, d1, d2];
}

function seriesFeatures(src: Float32Array, i: number, [T, S]: number[]): number[] {
  const base = i * T * S;
  const at = (t: number, s: number) => src[base + t * S + s];
  const f: number[] = [];
  for (let s = 0; s < S; s++) {
    let m = 0;
    for (let t = 0; t < T; t++) m += at(t, s) / T;
    f.push(m);
  }
  // Spectrum of channel 0 (vibration) and the profile of channel 1 (sound).
  for (let k = 1; k <= 24; k++) {
    let re = 0, im = 0;
    for (let t = 0; t < T; t++) {
      re += at(t, 0) * Math.cos((2 * Math.PI * k * t) / T);
      im += at(t, 0) * Math.sin((2 * Math.PI * k * t) / T);
    }
    f.push(Math.hypot(re, im) / T);
  }
  for (let seg = 0; seg < 8; seg++) {
    let m = 0;
    for (let t = (seg * T) / 8; t < ((seg + 1) * T) / 8; t++) m += at(t, 1) / (T / 8);
    f.push(m);
  }
  return f;
}

function tokenFeatures(src: Float32Array, i: number, L: number): number[] {
  const counts = new Array(32).fill(0);
  for (let t = 0; t < L; t++) counts[src[i * L + t]]++;
  return counts;
}

/** Features of several modalities side by side. */
export function fusedFeatures(ds: Dataset, ms: Modality[]): { d: number; x: Float64Array } {
  const parts = ms.map((m) => modalityFeatures(ds, m));
  const d = parts.reduce((s, p) => s + p.d, 0);
  const x = new Float64Array(ds.n * d);
  for (let i = 0; i < ds.n; i++) {
    let off = 0;
    for (const p of parts) {
      x.set(p.x.subarray(i * p.d, (i + 1) * p.d), i * d + off);
      off += p.d;
    }
  }
  return { d, x };
}

/**
 * Trains multinomial logistic regression (standardised features, full-batch
 * gradient descent with momentum) on `train` and returns accuracy on `test`.
 */
export function logisticAccuracy(
  train: { d: number; x: Float64Array; y: Int32Array },
  test: { x: Float64Array; y: Int32Array },
  classes: number,
  epochs = 300,
): number {
  const { d, x, y } = train;
  const n = y.length;
  const mean = new Float64Array(d), sd = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += x[i * d + j] / n;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) sd[j] += (x[i * d + j] - mean[j]) ** 2 / n;
  }
  for (let j = 0; j < d; j++) sd[j] = Math.sqrt(sd[j]) || 1;
  const z = (v: Float64Array, i: number, j: number) => (v[i * d + j] - mean[j]) / sd[j];
  const w = new Float64Array((d + 1) * classes);
  const vel = new Float64Array(w.length);
  const grad = new Float64Array(w.length);
  const logits = new Float64Array(classes);
  for (let epoch = 0; epoch < epochs; epoch++) {
    grad.fill(0);
    for (let i = 0; i < n; i++) {
      let max = -Infinity;
      for (let c = 0; c < classes; c++) {
        let s = w[d * classes + c];
        for (let j = 0; j < d; j++) s += z(x, i, j) * w[j * classes + c];
        logits[c] = s;
        if (s > max) max = s;
      }
      let total = 0;
      for (let c = 0; c < classes; c++) total += logits[c] = Math.exp(logits[c] - max);
      for (let c = 0; c < classes; c++) {
        const g = logits[c] / total - (c === y[i] ? 1 : 0);
        for (let j = 0; j < d; j++) grad[j * classes + c] += (g * z(x, i, j)) / n;
        grad[d * classes + c] += g / n;
      }
    }
    for (let k = 0; k < w.length; k++) {
      vel[k] = 0.9 * vel[k] - 0.5 * (grad[k] + 1e-4 * w[k]);
      w[k] += vel[k];
    }
  }
  let correct = 0;
  for (let i = 0; i < test.y.length; i++) {
    let best = -Infinity, arg = 0;
    for (let c = 0; c < classes; c++) {
      let s = w[d * classes + c];
      for (let j = 0; j < d; j++) s += z(test.x, i, j) * w[j * classes + c];
      if (s > best) [best, arg] = [s, c];
    }
    if (arg === test.y[i]) correct++;
  }
  return correct / test.y.length;
}
