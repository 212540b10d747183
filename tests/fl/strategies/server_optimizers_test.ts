import { assertNear, assertThrows, assertVectorNear } from "../../_assert.ts";
import { createStrategy, type SiteUpdate } from "../../../sim/fl/strategies/mod.ts";

function update(siteId: number, weights: number[], numSamples = 1, steps = 1): SiteUpdate {
  return {
    siteId,
    weights: new Float32Array(weights),
    numSamples,
    steps,
    meanLoss: 0,
    learningRate: 0.1,
  };
}

Deno.test("fedavgm accumulates server momentum m = βm + Δ and steps x + ηm", () => {
  const s = createStrategy("fedavgm", { serverMomentum: 0.5, serverLearningRate: 1 });
  s.init(new Float32Array([0]), []);
  const g1 = s.aggregate(new Float32Array([0]), [update(0, [1])], [], 1);
  assertNear(g1[0], 1, 0); // m = 1
  const g2 = s.aggregate(g1, [update(0, [1])], [], 2);
  assertNear(g2[0], 1.5, 0); // Δ = 0, m = 0.5
});

const TAU = 1e-3;
const ETA = 0.1;

Deno.test("fedadam takes Reddi et al.'s first step with v0 = τ²", () => {
  const s = createStrategy("fedadam", { eta: ETA, beta1: 0.9, beta2: 0.99, tau: TAU });
  s.init(new Float32Array([0, 0]), []);
  const g = s.aggregate(new Float32Array([0, 0]), [update(0, [1, -2])], [], 1);
  const step = (d: number) => {
    const m = 0.1 * d;
    const v = 0.99 * TAU * TAU + 0.01 * d * d;
    return ETA * m / (Math.sqrt(v) + TAU);
  };
  assertVectorNear(g, [step(1), step(-2)], 1e-7);
});

Deno.test("fedyogi updates v with the sign rule v − (1−β2)Δ²·sign(v − Δ²)", () => {
  const s = createStrategy("fedyogi", { eta: ETA, beta1: 0.9, beta2: 0.99, tau: TAU });
  s.init(new Float32Array([0]), []);
  const g1 = s.aggregate(new Float32Array([0]), [update(0, [1])], [], 1);
  const v1 = TAU * TAU + 0.01; // sign(τ² − 1) = −1
  const x1 = ETA * 0.1 / (Math.sqrt(v1) + TAU);
  assertNear(g1[0], x1, 1e-7);
  // Second round: Δ = 1 − x1 (tiny), v − Δ² > 0 so v shrinks.
  const g2 = s.aggregate(g1, [update(0, [1])], [], 2);
  const d = 1 - g1[0];
  const v2 = v1 - 0.01 * d * d * Math.sign(v1 - d * d);
  const m2 = 0.9 * 0.1 + 0.1 * d;
  assertNear(g2[0], g1[0] + ETA * m2 / (Math.sqrt(v2) + TAU), 1e-6);
});

Deno.test("fedadagrad sums squared pseudo-gradients into v", () => {
  const s = createStrategy("fedadagrad", { eta: ETA, beta1: 0, tau: TAU });
  s.init(new Float32Array([0]), []);
  const g = s.aggregate(new Float32Array([0]), [update(0, [2])], [], 1);
  assertNear(g[0], ETA * 2 / (Math.sqrt(TAU * TAU + 4) + TAU), 1e-7);
});

Deno.test("fedadam's pseudo-gradient is the sample-weighted average of the updates", () => {
  const a = createStrategy("fedadam", { eta: ETA, tau: TAU });
  const b = createStrategy("fedadam", { eta: ETA, tau: TAU });
  a.init(new Float32Array([0]), []);
  b.init(new Float32Array([0]), []);
  const ga = a.aggregate(new Float32Array([0]), [update(0, [0], 3), update(1, [4], 1)], [], 1);
  const gb = b.aggregate(new Float32Array([0]), [update(0, [1])], [], 1);
  assertNear(ga[0], gb[0], 0);
});

/** Reddi et al. Alg. 2 (FedAdam) over rounds in plain float64, optionally with Adam's bias correction. */
function fedAdamReference(deltasFrom: (x: number) => number, rounds: number, corrected: boolean) {
  const [b1, b2] = [0.9, 0.99];
  let [x, m, v] = [0, 0, TAU * TAU];
  const xs: number[] = [];
  for (let t = 1; t <= rounds; t++) {
    const d = deltasFrom(x);
    m = b1 * m + (1 - b1) * d;
    v = b2 * v + (1 - b2) * d * d;
    const eta = corrected ? ETA * Math.sqrt(1 - b2 ** t) / (1 - b1 ** t) : ETA;
    x = x + eta * m / (Math.sqrt(v) + TAU);
    xs.push(x);
  }
  return xs;
}

Deno.test("fedadam biasCorrection: false is the paper's step, true scales it by √(1−β2ᵗ)/(1−β1ᵗ)", () => {
  for (const corrected of [false, true]) {
    const s = createStrategy("fedadam", {
      eta: ETA,
      beta1: 0.9,
      beta2: 0.99,
      tau: TAU,
      ...(corrected ? { biasCorrection: true } : {}),
    });
    s.init(new Float32Array([0]), []);
    // Every site ends at 1: Δ = 1 − x each round.
    const expected = fedAdamReference((x) => Math.fround(1) - x, 4, corrected);
    let g: Float32Array = new Float32Array([0]);
    expected.forEach((x, i) => {
      g = s.aggregate(g, [update(0, [1])], [], i + 1);
      assertNear(g[0], x, 2e-6, `${corrected ? "corrected" : "paper"} round ${i + 1}`);
    });
  }
  // The first corrected step is ~10× the paper's (√0.01 / 0.1 · 0.1/√(τ²·0.99+0.01)).
  const paper = fedAdamReference(() => 1, 1, false)[0];
  const flower = fedAdamReference(() => 1, 1, true)[0];
  assertNear(flower / paper, Math.sqrt(1 - 0.99) / (1 - 0.9), 1e-9);
});

Deno.test("fedadam biasCorrection keeps its step count across a checkpoint", () => {
  const params = { eta: ETA, tau: TAU, biasCorrection: true };
  const a = createStrategy("fedadam", params);
  a.init(new Float32Array([0]), []);
  const g1 = a.aggregate(new Float32Array([0]), [update(0, [1])], [], 1);
  const b = createStrategy("fedadam", params);
  b.restore(a.state());
  const ga = a.aggregate(g1, [update(0, [1])], [], 2);
  const gb = b.aggregate(g1, [update(0, [1])], [], 2);
  assertNear(gb[0], ga[0], 0);
  assertThrows(() => createStrategy("fedyogi", { biasCorrection: true }), TypeError);
  assertThrows(() => createStrategy("fedadam", { biasCorrection: "yes" }), TypeError);
});
