import { assert, assertNear, assertThrows } from "../../_assert.ts";
import { createStrategy, fedNovaStepNorm } from "../../../sim/fl/strategies/mod.ts";

const up = (siteId: number, w: number, steps: number, numSamples = 1) => ({
  siteId,
  weights: new Float32Array([w]),
  numSamples,
  steps,
  meanLoss: 0,
  learningRate: 0.1,
});

Deno.test("fednova normalises each update by its local steps before averaging", () => {
  // d1 = (0−2)/2 = −1, d2 = (0−4)/8 = −0.5, τ_eff = (2+8)/2 = 5: x⁺ = 5·0.75 = 3.75
  const nova = createStrategy("fednova", {});
  nova.init(new Float32Array([0]), []);
  const g = nova.aggregate(new Float32Array([0]), [up(0, 2, 2), up(1, 4, 8)], [], 1);
  assertNear(g[0], 3.75, 1e-6);
  // FedAvg on the same updates lands at 3: the 8-step site pulls harder.
  const avg = createStrategy("fedavg", {});
  avg.init(new Float32Array([0]), []);
  assertNear(avg.aggregate(new Float32Array([0]), [up(0, 2, 2), up(1, 4, 8)], [], 1)[0], 3, 0);
});

Deno.test("fednova weights the normalised updates by samples (p_i = n_i / Σn)", () => {
  // p = (3/4, 1/4): τ_eff = 3/4·2 + 1/4·8 = 3.5; Σ p d = −0.75 − 0.125 = −0.875
  const s = createStrategy("fednova", {});
  s.init(new Float32Array([0]), []);
  const g = s.aggregate(new Float32Array([0]), [up(0, 2, 2, 3), up(1, 4, 8, 1)], [], 1);
  assertNear(g[0], 3.5 * 0.875, 1e-6);
});

Deno.test("fedNovaStepNorm() equals Σ_t (1 − ρ^t)/(1 − ρ) for momentum SGD", () => {
  for (const [steps, rho] of [[1, 0.9], [5, 0.9], [12, 0.5]]) {
    let sum = 0;
    for (let t = 1; t <= steps; t++) sum += (1 - rho ** t) / (1 - rho);
    assertNear(fedNovaStepNorm(steps, rho), sum, 1e-12);
  }
  assertNear(fedNovaStepNorm(7), 7, 0);
});

Deno.test("fednova with a robust aggregator ignores updates with zero steps", () => {
  const s = createStrategy("fednova", { aggregator: "median" });
  s.init(new Float32Array([0]), []);
  const g = s.aggregate(
    new Float32Array([0]),
    [up(0, 2, 2), up(1, 4, 4), up(2, 6, 6), up(3, 0, 0)],
    [],
    1,
  );
  // normalised points are all 1; τ_eff = 4
  assertNear(g[0], 4, 1e-6);
});

/**
 * FedNova's update straight from the paper's equations (Wang et al. 2020,
 * eq. 6 and §4), in float64: dᵢ = (x − yᵢ)/‖aᵢ‖₁, pᵢ = nᵢ/Σn,
 * τ_eff = Σ pᵢ‖aᵢ‖₁, x⁺ = x − τ_eff Σ pᵢ dᵢ, with ‖aᵢ‖₁ the sum over the τᵢ
 * local steps of the heavy-ball coefficients Σ_{k<t} ρᵏ.
 */
function novaByHand(
  x: number[],
  ys: number[][],
  n: number[],
  tau: number[],
  rho: number,
  nesterov = false,
): number[] {
  const a = tau.map((t) => {
    let sum = 0;
    for (let s = 1; s <= t; s++) {
      // Gradient s enters steps s..τ with weights ρ^(k−s) (heavy ball) and once more plus ρ·… (Nesterov).
      let coef = 0;
      for (let k = s; k <= t; k++) coef += rho ** (k - s);
      sum += nesterov ? 1 + rho * coef : coef;
    }
    return sum;
  });
  const total = n.reduce((p, q) => p + q, 0);
  const p = n.map((ni) => ni / total);
  const tauEff = p.reduce((s, pi, i) => s + pi * a[i], 0);
  return x.map((xj, j) => xj - tauEff * p.reduce((s, pi, i) => s + pi * (xj - ys[i][j]) / a[i], 0));
}

const X = [0.5, -1, 2, 0, 0.25];
const YS = [[0.7, -0.8, 1.5, 0.3, 0.2], [0.1, -1.4, 2.6, -0.2, 0.5], [0.9, -0.2, 1.9, 0.6, -0.1]];
const N = [30, 10, 60];
const TAU = [3, 12, 7];

for (const nesterov of [false, true]) {
  Deno.test(`fednova with local ${nesterov ? "Nesterov " : ""}momentum 0.9 and unequal τᵢ matches the paper's update`, () => {
    const s = createStrategy("fednova", {});
    s.init(new Float32Array(X), [], {
      localOptimizer: { name: "momentum", momentum: 0.9, nesterov, weightDecay: 0 },
    });
    const updates = YS.map((y, i) => ({ ...up(i, 0, TAU[i], N[i]), weights: new Float32Array(y) }));
    const g = s.aggregate(new Float32Array(X), updates, [], 1);
    const expected = novaByHand(X, YS, N, TAU, 0.9, nesterov);
    expected.forEach((e, j) => assertNear(g[j], e, 1e-6));
    // Plain-SGD normalisation (aᵢ = τᵢ) would land elsewhere: the optimiser matters.
    const sgd = novaByHand(X, YS, N, TAU, 0);
    assert(sgd.some((v, j) => Math.abs(v - g[j]) > 1e-2), "momentum aᵢ must differ from τᵢ");
  });
}

Deno.test("fednova rejects Adam and the removed localMomentum param", () => {
  const s = createStrategy("fednova", {});
  assertThrows(
    () =>
      s.init(new Float32Array(1), [], {
        localOptimizer: { name: "adam", momentum: 0.9, nesterov: false, weightDecay: 0 },
      }),
    RangeError,
    "adam",
  );
  assertThrows(() => createStrategy("fednova", { localMomentum: 0.9 }), TypeError, "localMomentum");
});

Deno.test("a restored fednova still normalises with the sites' momentum", () => {
  const ctx = {
    localOptimizer: { name: "momentum" as const, momentum: 0.9, nesterov: false, weightDecay: 0 },
  };
  const a = createStrategy("fednova", {});
  a.init(new Float32Array(X), [], ctx);
  const b = createStrategy("fednova", {});
  b.restore(a.state());
  const updates = YS.map((y, i) => ({ ...up(i, 0, TAU[i], N[i]), weights: new Float32Array(y) }));
  const ga = a.aggregate(new Float32Array(X), updates, [], 1);
  const gb = b.aggregate(new Float32Array(X), updates, [], 1);
  ga.forEach((v, j) => assertNear(gb[j], v, 0));
});
