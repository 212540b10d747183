/**
 * The RDP accountant against published reference values: TF Privacy /
 * dp_accounting test cases and the TF Privacy MNIST tutorial table.
 */
import { assert, assertEquals, assertNear, assertThrows } from "../../_assert.ts";
import {
  computeRdp,
  DEFAULT_RDP_ORDERS,
  deltaFromRdp,
  epsilonFromRdp,
  epsilonFromRdpClassic,
  logA,
  privacyOfRun,
  RdpAccountant,
  sampledGaussianRdp,
} from "../../../sim/fl/security/privacy/mod.ts";

/** TF Privacy's tutorial orders: 1.1 … 10.9 in steps of 0.1, then 12 … 63. */
const TUTORIAL_ORDERS = [
  ...Array.from({ length: 99 }, (_, x) => 1 + (x + 1) / 10),
  ...Array.from({ length: 52 }, (_, i) => i + 12),
];

Deno.test("computeRdp() matches dp_accounting's sampled Gaussian reference vector", () => {
  // dp_accounting rdp_privacy_accountant_test: q = 0.01, σ = 2.5, 50 steps.
  const rdp = computeRdp(0.01, 2.5, 50, [1.5, 2.5, 5, 50, 100, Infinity]);
  const expected = [6.5007e-4, 1.0854e-3, 2.1808e-3, 2.3846e-2, 1.6742e2];
  expected.forEach((e, i) => assertNear(rdp[i] / e, 1, 1e-4, `order ${i}`));
  assertEquals(rdp[5], Infinity);
  // TF Privacy rdp_accountant_test: scalar case.
  assertNear(computeRdp(0.1, 2, 10, [5])[0], 0.07737, 5e-6);
});

Deno.test("computeRdp() handles the no-sampling and no-data edge cases exactly", () => {
  assertEquals(computeRdp(1, 10, 1, [20]), [0.1]); // α/(2σ²)
  assertEquals(computeRdp(0, 10, 1, [20]), [0]);
  assertEquals(sampledGaussianRdp(0.5, 0, 2), Infinity);
  assertThrows(() => sampledGaussianRdp(0.5, 1, 1), RangeError, "order");
  assertThrows(() => sampledGaussianRdp(1.5, 1, 2), RangeError, "[0, 1]");
});

Deno.test("logA() agrees with numerical integration of the Rényi moment", () => {
  // A_α = E_{z~N(0,σ²)}[((1−q) + q·exp((2z−1)/(2σ²)))^α], integrated by Simpson's rule.
  const cases = [[0.01, 1, 2.5], [0.1, 2, 7], [0.3, 1.5, 3.3], [0.05, 0.8, 4]];
  for (const [q, sigma, alpha] of cases) {
    const f = (z: number) =>
      Math.exp(-z * z / (2 * sigma * sigma)) / (sigma * Math.sqrt(2 * Math.PI)) *
      Math.pow(1 - q + q * Math.exp((2 * z - 1) / (2 * sigma * sigma)), alpha);
    const lo = -30 * sigma;
    const hi = 30 * sigma + alpha * 2;
    const n = 200000;
    const h = (hi - lo) / n;
    let s = f(lo) + f(hi);
    for (let i = 1; i < n; i++) s += f(lo + i * h) * (i % 2 === 1 ? 4 : 2);
    const integral = s * h / 3;
    assertNear(logA(q, sigma, alpha), Math.log(integral), 1e-6, `q=${q} σ=${sigma} α=${alpha}`);
  }
});

Deno.test("epsilonFromRdp() reproduces the hand-computed pure-DP case and its inverse", () => {
  const orders = Array.from({ length: 31 }, (_, i) => i + 2);
  const rdp = orders.map(() => 1.1);
  const eps = epsilonFromRdp(orders, rdp, 1e-5);
  assertNear(eps.value, 1.32783806176, 1e-10);
  assertEquals(eps.order, 32);
  const delta = deltaFromRdp(orders, rdp, 1.32783806176);
  assertNear(delta.value / 1e-5, 1, 1e-9);
});

Deno.test("epsilonFromRdp() gives ε = 1 for the Gaussian mechanism tuned to (1, 1e-6)-DP", () => {
  const orders = Array.from({ length: 99000 }, (_, i) => 1 + i * 0.001);
  const rdp = computeRdp(1, 4.530877117, 1, orders.filter((a) => a > 1));
  const eps = epsilonFromRdp(orders.filter((a) => a > 1), rdp, 1e-6);
  assertNear(eps.value, 1, 1e-6);
});

Deno.test("privacyOfRun() matches TF Privacy's compute_dp_sgd_privacy reference values", () => {
  for (const orders of [TUTORIAL_ORDERS, DEFAULT_RDP_ORDERS]) {
    const a = privacyOfRun({
      population: 60000,
      perStep: 150,
      noiseMultiplier: 1.3,
      steps: Math.ceil(15 * 60000 / 150),
      delta: 1e-5,
      orders,
    });
    assertNear(a.epsilon, 0.7242234026109595, 1e-9);
    assertEquals(a.order, 19);
    const b = privacyOfRun({
      population: 100000,
      perStep: 100,
      noiseMultiplier: 1.0,
      steps: Math.ceil(30 * 100000 / 100),
      delta: 1e-7,
      orders,
    });
    assertNear(b.epsilon, 1.4154988495444842, 1e-9);
    assertEquals(b.order, 13);
  }
});

Deno.test("the classic conversion reproduces the TF Privacy MNIST tutorial table", () => {
  // tutorials/README.md: q = 256/60000, δ = 1e-5.
  const table = [[1.12, 60, 2.92], [0.6, 30, 9.74], [1.2, 10, 1.2]];
  for (const [z, epochs, eps] of table) {
    const rdp = computeRdp(256 / 60000, z, Math.ceil(epochs * 60000 / 256), TUTORIAL_ORDERS);
    const classic = epsilonFromRdpClassic(TUTORIAL_ORDERS, rdp, 1e-5).value;
    assertNear(classic, eps, 0.015, `z = ${z}`);
    // The improved conversion is never looser.
    assert(epsilonFromRdp(TUTORIAL_ORDERS, rdp, 1e-5).value <= classic);
  }
});

Deno.test("RdpAccountant composes additively and survives a checkpoint", () => {
  const acc = new RdpAccountant().compose(0.05, 1.1, 100);
  const twice = new RdpAccountant().compose(0.05, 1.1, 50).compose(0.05, 1.1, 50);
  acc.rdp.forEach((r, i) => assertNear(twice.rdp[i], r, 1e-12 * Math.max(1, r)));
  const restored = RdpAccountant.restore(structuredClone(acc.state()));
  assertEquals(restored.spent(1e-5), acc.spent(1e-5));
  assert(acc.compose(0.05, 1.1, 100).spent(1e-5).epsilon > restored.spent(1e-5).epsilon);
  const { delta } = restored.deltaAt(restored.spent(1e-5).epsilon);
  assertNear(delta / 1e-5, 1, 1e-6);
});

Deno.test("RdpAccountant reports zero ε when nothing was sampled and ∞ without noise", () => {
  assertEquals(new RdpAccountant().compose(0, 1, 10).spent(1e-10).epsilon, 0);
  assertEquals(new RdpAccountant().compose(0.1, 0, 1).spent(1e-5).epsilon, Infinity);
  assertThrows(() => new RdpAccountant([1, 2]), RangeError, "> 1");
});
