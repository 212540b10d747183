import { assertNear } from "../../_assert.ts";
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
