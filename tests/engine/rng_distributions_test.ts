/**
 * Statistical checks of each distribution on large seeded samples. Seeds are
 * fixed, so results are reproducible; tolerances are about five standard
 * errors, so a wrong formula fails while a correct one passes for any seed.
 */

import assert from "node:assert/strict";
import { Rng } from "../../sim/engine/mod.ts";
import { assertNear } from "../_assert.ts";
import { median, moments, sample } from "./_helpers.ts";

const N = 200_000;

Deno.test("Rng.uniform and uniformIn are flat on their interval", () => {
  const rng = new Rng("uniform");
  const u = sample(N, () => rng.uniform());
  const { mean, variance } = moments(u);
  assertNear(mean, 0.5, 0.004, "uniform mean");
  assertNear(variance, 1 / 12, 0.002, "uniform variance");
  assert.ok(u.every((x) => x >= 0 && x < 1));
  const v = sample(N, () => rng.uniformIn(-3, 5));
  assert.ok(v.every((x) => x >= -3 && x < 5));
  assertNear(moments(v).mean, 1, 0.03, "uniformIn mean");
});

Deno.test("Rng.int covers 0..n-1 evenly, also above 2^32", () => {
  const rng = new Rng("int");
  const counts = new Array(10).fill(0);
  for (let i = 0; i < N; i++) counts[rng.int(10)]++;
  for (const c of counts) assertNear(c, N / 10, 700, "int(10) bucket"); // sd ≈ 134
  const big = 2 ** 40;
  const xs = sample(20000, () => rng.int(big));
  assert.ok(xs.every((x) => Number.isInteger(x) && x >= 0 && x < big));
  assertNear(moments(xs).mean / big, 0.5, 0.015, "int(2^40) mean");
  assert.ok(xs.some((x) => x % 2 === 1), "low bits are random above 2^32");
  assert.throws(() => rng.int(0), RangeError);
  assert.throws(() => rng.int(2.5), TypeError);
});

Deno.test("Rng.normal has the requested mean, sd, and normal tails", () => {
  const rng = new Rng("normal");
  const z = sample(N, () => rng.normal());
  const { mean, variance } = moments(z);
  assertNear(mean, 0, 0.012, "normal mean");
  assertNear(variance, 1, 0.02, "normal variance");
  let kurt = 0, beyond2 = 0;
  for (const x of z) {
    kurt += x ** 4;
    if (Math.abs(x) > 2) beyond2++;
  }
  assertNear(kurt / N, 3, 0.1, "normal fourth moment");
  assertNear(beyond2 / N, 0.0455, 0.003, "P(|z| > 2)");
  const scaled = moments(sample(N, () => rng.normal(10, 3)));
  assertNear(scaled.mean, 10, 0.035, "normal(10, 3) mean");
  assertNear(Math.sqrt(scaled.variance), 3, 0.03, "normal(10, 3) sd");
});

Deno.test("Rng.fill produces uniform and standard normal values in bulk", () => {
  const rng = new Rng("fill");
  const u = rng.fill(new Float32Array(N), "uniform");
  assertNear(moments(u).mean, 0.5, 0.004, "fill uniform mean");
  const z = rng.fill(new Float32Array(N + 1), "normal"); // odd length
  const m = moments(z);
  assertNear(m.mean, 0, 0.012, "fill normal mean");
  assertNear(m.variance, 1, 0.02, "fill normal variance");
  assert.ok(z.every(Number.isFinite));
  assert.notEqual(z[N], 0, "the last element of an odd-length fill is written");
  assert.throws(() => rng.fill(new Float32Array(2), "poisson" as never), TypeError);
});

Deno.test("Rng.lognormal has the requested median and log-scale sd", () => {
  const rng = new Rng("lognormal");
  const x = sample(N, () => rng.lognormal(20, 0.5));
  assertNear(median(x) / 20, 1, 0.01, "lognormal median / 20");
  const logs = moments(x.map(Math.log));
  assertNear(Math.sqrt(logs.variance), 0.5, 0.005, "lognormal sigma");
  assertNear(moments(x).mean, 20 * Math.exp(0.125), 0.1, "lognormal mean");
});

Deno.test("Rng.exponential has mean 1/rate", () => {
  const rng = new Rng("exponential");
  const x = sample(N, () => rng.exponential(4));
  assertNear(moments(x).mean, 0.25, 0.003, "exponential mean");
  assert.ok(x.every((v) => v >= 0 && Number.isFinite(v)));
});

for (const [shape, scale] of [[0.3, 1], [1, 2], [4.5, 0.5], [0.05, 1]]) {
  Deno.test(`Rng.gamma(${shape}, ${scale}) has mean shape·scale and variance shape·scale²`, () => {
    const rng = new Rng(`gamma-${shape}-${scale}`);
    const x = sample(N, () => rng.gamma(shape, scale));
    const { mean, variance } = moments(x);
    const m = shape * scale, v = shape * scale * scale;
    assertNear(mean / m, 1, 5 * Math.sqrt(v / N) / m + 0.002, "gamma mean / expected");
    // Gamma's excess kurtosis is 6/shape, so the variance estimate's error grows at small shape.
    const varSe = v * Math.sqrt((2 + 6 / shape) / N);
    assertNear(variance, v, 5 * varSe, "gamma variance");
    assert.ok(x.every((g) => g >= 0 && Number.isFinite(g)));
  });
}

Deno.test("Rng.beta has mean a/(a+b) and the beta variance", () => {
  const rng = new Rng("beta");
  const x = sample(N, () => rng.beta(2, 5));
  const { mean, variance } = moments(x);
  assertNear(mean, 2 / 7, 0.002, "beta mean");
  assertNear(variance, 10 / (49 * 8), 0.0007, "beta variance");
  const tiny = sample(20000, () => rng.beta(0.01, 0.01));
  assert.ok(tiny.every((p) => p >= 0 && p <= 1), "beta(0.01, 0.01) stays in [0, 1], never NaN");
  assertNear(moments(tiny).mean, 0.5, 0.02, "beta(0.01, 0.01) mean");
});

Deno.test("Rng.dirichlet has mean alpha / sum(alpha) and sums to 1", () => {
  const rng = new Rng("dirichlet");
  const alpha = [0.5, 1, 2, 4.5];
  const total = 8;
  const sums = new Array(alpha.length).fill(0);
  const draws = 50_000;
  for (let i = 0; i < draws; i++) {
    const p = rng.dirichlet(alpha);
    assertNear(p.reduce((a, b) => a + b, 0), 1, 1e-12, "dirichlet sum");
    p.forEach((x, k) => (sums[k] += x));
  }
  alpha.forEach((a, k) => assertNear(sums[k] / draws, a / total, 0.004, `dirichlet mean[${k}]`));
});

Deno.test("Rng.dirichlet at alpha = 0.01 never gives NaN, sums to 1 and is nearly one-hot", () => {
  const rng = new Rng("dirichlet-tiny");
  const k = 10;
  const alpha = new Array(k).fill(0.01);
  const sums = new Array(k).fill(0);
  let maxShare = 0;
  const draws = 20_000;
  for (let i = 0; i < draws; i++) {
    const p = rng.dirichlet(alpha);
    for (const x of p) assert.ok(Number.isFinite(x) && x >= 0, `component ${x}`);
    assertNear(p.reduce((a, b) => a + b, 0), 1, 1e-12, "dirichlet sum");
    p.forEach((x, j) => (sums[j] += x));
    maxShare += Math.max(...p);
  }
  for (const s of sums) assertNear(s / draws, 1 / k, 0.012, "dirichlet(0.01) mean");
  assert.ok(maxShare / draws > 0.85, `largest share averages ${maxShare / draws}`);
  assert.throws(() => rng.dirichlet([]), TypeError);
  assert.throws(() => rng.dirichlet([1, 0]), RangeError);
});

Deno.test("Rng.categorical picks indices in proportion to (unnormalised) weights", () => {
  const rng = new Rng("categorical");
  const weights = [1, 0, 2, 3, 4]; // sum 10; index 1 must never appear
  const counts = new Array(weights.length).fill(0);
  for (let i = 0; i < N; i++) counts[rng.categorical(weights)]++;
  assert.equal(counts[1], 0);
  weights.forEach((w, i) => assertNear(counts[i] / N, w / 10, 0.005, `categorical p[${i}]`));
  assert.equal(rng.categorical(new Float32Array([0, 0, 5])), 2);
  assert.throws(() => rng.categorical([0, 0]), RangeError);
  assert.throws(() => rng.categorical([1, -1]), RangeError);
  assert.throws(() => rng.categorical([]), TypeError);
});

Deno.test("Rng.bernoulli is true at the requested rate", () => {
  const rng = new Rng("bernoulli");
  let hits = 0;
  for (let i = 0; i < N; i++) if (rng.bernoulli(0.3)) hits++;
  assertNear(hits / N, 0.3, 0.005, "bernoulli rate");
  assert.equal(rng.bernoulli(0), false);
  assert.equal(rng.bernoulli(1), true);
  assert.throws(() => rng.bernoulli(1.5), RangeError);
});

Deno.test("Rng.shuffle returns the same array as a permutation, uniform in position", () => {
  const rng = new Rng("shuffle");
  const xs = [0, 1, 2, 3, 4];
  assert.equal(rng.shuffle(xs), xs, "shuffles in place");
  assert.deepEqual([...xs].sort(), [0, 1, 2, 3, 4]);
  const positions = new Array(5).fill(0);
  const trials = 50_000;
  for (let t = 0; t < trials; t++) positions[rng.shuffle([0, 1, 2, 3, 4]).indexOf(0)]++;
  for (const c of positions) assertNear(c, trials / 5, 450, "position of element 0"); // sd ≈ 89
});

Deno.test("Rng.sampleWithoutReplacement gives k distinct values in range, each equally likely", () => {
  const rng = new Rng("sample");
  const counts = new Array(10).fill(0);
  const trials = 30_000;
  for (let t = 0; t < trials; t++) {
    const s = rng.sampleWithoutReplacement(10, 3);
    assert.equal(new Set(s).size, 3);
    for (const x of s) {
      assert.ok(Number.isInteger(x) && x >= 0 && x < 10);
      counts[x]++;
    }
  }
  for (const c of counts) assertNear(c / trials, 0.3, 0.015, "inclusion probability");
  assert.deepEqual(rng.sampleWithoutReplacement(6, 6).sort(), [0, 1, 2, 3, 4, 5]);
  assert.deepEqual(rng.sampleWithoutReplacement(5, 0), []);
  const sparse = rng.sampleWithoutReplacement(1e12, 5);
  assert.equal(new Set(sparse).size, 5);
  assert.ok(sparse.every((x) => x >= 0 && x < 1e12));
  assert.throws(() => rng.sampleWithoutReplacement(3, 4), RangeError);
});

Deno.test("Rng methods reject invalid parameters with messages that say what was expected", () => {
  const rng = new Rng("errors");
  assert.throws(() => rng.gamma(0), RangeError);
  assert.throws(() => rng.gamma(1, -1), RangeError);
  assert.throws(() => rng.lognormal(0, 1), RangeError);
  assert.throws(() => rng.normal(0, -1), RangeError);
  assert.throws(() => rng.uniformIn(2, 1), RangeError);
  assert.throws(() => rng.beta(0, 1), /Expected a to be greater than 0 but found 0/);
  assert.throws(() => new Rng(NaN), TypeError);
});
