/**
 * FedBuff (Nguyen et al., AISTATS 2022, Alg. 1) against its equations,
 * computed here in plain float64: Δᵢ = yᵢ − x_dispatch(i),
 * x ← x + η_g·(1/K)·Σ s(τᵢ)·Δᵢ with s(τ) = (1 + τ)^−a, and server optimisers
 * taking that buffered mean delta as their pseudo-gradient.
 */
import { assert, assertEquals, assertVectorNear, sameBits } from "../../_assert.ts";
import {
  createStrategy,
  serverStep,
  type SiteUpdate,
  type Strategy,
  type StrategyParams,
} from "../../../sim/fl/strategies/mod.ts";

const A = 0.5; // FedBuff's default exponent
const s = (tau: number) => Math.pow(1 + tau, -A);

/** The current global (version 7) and three buffered updates trained from older globals. */
const X = [0.5, -1, 2, 0.25, 3];
const BUFFER = [
  { siteId: 2, n: 20, tau: 5, from: [0.4, -0.8, 2.2, 0.0, 2.5], y: [0.9, -0.6, 1.7, 0.3, 2.9] },
  { siteId: 0, n: 10, tau: 0, from: X, y: [0.7, -1.3, 2.1, 0.05, 3.4] },
  { siteId: 1, n: 30, tau: 2, from: [0.6, -1.1, 1.9, 0.5, 3.1], y: [0.2, -1.0, 2.6, 0.45, 2.7] },
];
const f32 = (v: number[]) => Array.from(new Float32Array(v));

function updates(buffer = BUFFER): SiteUpdate[] {
  return buffer.map((b) => ({
    siteId: b.siteId,
    weights: new Float32Array(b.y),
    numSamples: b.n,
    steps: 4,
    meanLoss: 0,
    learningRate: 0.1,
    staleness: b.tau,
    // A fresh update (τ = 0) was trained from the current global itself.
    dispatchedFrom: b.tau === 0 ? undefined : new Float32Array(b.from),
  }));
}

/** s(τᵢ)·(yᵢ − x_dispatch(i)) in float64, from the float32 values the strategy sees. */
function weightedDeltas(buffer = BUFFER): number[][] {
  return buffer.map((b) => {
    const y = f32(b.y), from = f32(b.from);
    return y.map((v, j) => s(b.tau) * (v - from[j]));
  });
}

/** Σ wᵢ·vᵢ / Σ wᵢ per coordinate. */
function weightedMean(vs: number[][], w: number[]): number[] {
  const total = w.reduce((a, b) => a + b, 0);
  return vs[0].map((_, j) => vs.reduce((a, v, i) => a + w[i] * v[j], 0) / total);
}

function make(name: string, params: StrategyParams): Strategy {
  const st = createStrategy(name, { staleness: { kind: "polynomial", exponent: A }, ...params });
  st.init(new Float32Array(X), []);
  return st;
}

Deno.test("FedBuff: an update trained from [0] to [1], 3 versions stale, moves global [10] to 10.5 (K = 1, η_g = 1)", () => {
  const st = createStrategy("fedavg", {});
  st.init(new Float32Array([10]), []);
  const update: SiteUpdate = {
    siteId: 0,
    weights: new Float32Array([1]),
    numSamples: 5,
    steps: 1,
    meanLoss: 0,
    learningRate: 0.1,
    staleness: 3,
    dispatchedFrom: new Float32Array([0]),
  };
  const proposed = st.aggregate(new Float32Array([10]), [update], [], 1);
  assertEquals(serverStep(new Float32Array([10]), proposed, 1)[0], 10.5);
});

Deno.test("FedBuff: uniform weights give x + η_g·(1/K)·Σ s(τᵢ)·Δᵢ", () => {
  const eta = 0.7;
  const d = weightedDeltas();
  const expected = X.map((x, j) => x + eta * (d[0][j] + d[1][j] + d[2][j]) / 3);
  const proposed = make("fedavg", { weighting: "uniform" }).aggregate(
    new Float32Array(X),
    updates(),
    [],
    1,
  );
  assertVectorNear(serverStep(new Float32Array(X), proposed, eta), expected, 1e-6);
});

Deno.test("FedBuff: sample weights give x + Σ nᵢ·s(τᵢ)·Δᵢ / Σ nᵢ (the staleness is not normalised away)", () => {
  const mean = weightedMean(weightedDeltas(), BUFFER.map((b) => b.n));
  const next = make("fedavg", {}).aggregate(new Float32Array(X), updates(), [], 1);
  assertVectorNear(next, X.map((x, j) => x + mean[j]), 1e-6);
});

Deno.test("FedBuff + FedAvgM: momentum runs on the buffered mean delta over two aggregations", () => {
  const beta = 0.9, eta = 0.8;
  const st = make("fedavgm", {
    weighting: "uniform",
    serverMomentum: beta,
    serverLearningRate: eta,
  });
  const m1 = weightedMean(weightedDeltas(), [1, 1, 1]);
  const x1 = X.map((x, j) => x + eta * m1[j]);
  const got1 = st.aggregate(new Float32Array(X), updates(), [], 1);
  assertVectorNear(got1, x1, 1e-6);
  // The next buffer: the same sites, now one version staler, from the same globals.
  const later = BUFFER.map((b) => ({ ...b, tau: b.tau + 1, from: b.tau === 0 ? X : b.from }));
  const m2 = weightedMean(weightedDeltas(later), [1, 1, 1]).map((d, j) => beta * m1[j] + d);
  const got2 = st.aggregate(got1, updates(later), [], 2);
  assertVectorNear(got2, x1.map((x, j) => x + eta * m2[j]), 1e-6);
});

Deno.test("FedBuff + FedAdam: the pseudo-gradient is the buffered mean delta (Reddi et al. Alg. 2)", () => {
  const [eta, b1, b2, tau] = [0.01, 0.9, 0.99, 1e-3];
  const g = weightedMean(weightedDeltas(), [1, 1, 1]);
  const expected = X.map((x, j) => {
    const m = (1 - b1) * g[j];
    const v = b2 * tau * tau + (1 - b2) * g[j] * g[j];
    return x + eta * m / (Math.sqrt(v) + tau);
  });
  const next = make("fedadam", { weighting: "uniform" }).aggregate(
    new Float32Array(X),
    updates(),
    [],
    1,
  );
  assertVectorNear(next, expected, 1e-6);
});

Deno.test("FedBuff + DP-FedAvg: each staleness-weighted delta is clipped to C, then averaged", () => {
  const clip = 0.3;
  const clipped = weightedDeltas().map((d) => {
    const norm = Math.sqrt(d.reduce((a, v) => a + v * v, 0));
    return d.map((v) => v * Math.min(1, clip / norm));
  });
  const mean = weightedMean(clipped, [1, 1, 1]);
  const st = make("dp-fedavg", { clipNorm: clip, noiseMultiplier: 0, seed: 1 });
  const next = st.aggregate(new Float32Array(X), updates(), [], 1);
  assertVectorNear(next, X.map((x, j) => x + mean[j]), 1e-6);
});

Deno.test("FedBuff + clipping: clipNorm bounds each staleness-weighted delta", () => {
  const clip = 0.25;
  const clipped = weightedDeltas().map((d) => {
    const norm = Math.sqrt(d.reduce((a, v) => a + v * v, 0));
    return d.map((v) => v * Math.min(1, clip / norm));
  });
  const mean = weightedMean(clipped, [1, 1, 1]);
  const st = make("fedavg", { weighting: "uniform", clipNorm: clip });
  const next = st.aggregate(new Float32Array(X), updates(), [], 1);
  assertVectorNear(next, X.map((x, j) => x + mean[j]), 1e-6);
});

Deno.test("FedBuff + median: the coordinate-wise median of the staleness-weighted deltas", () => {
  const d = weightedDeltas();
  const expected = X.map((x, j) => x + [d[0][j], d[1][j], d[2][j]].sort((a, b) => a - b)[1]);
  const next = make("median", {}).aggregate(new Float32Array(X), updates(), [], 1);
  assertVectorNear(next, expected, 1e-6);
});

Deno.test("FedBuff + Krum: the selected point is the delta closest to its neighbours", () => {
  const d = weightedDeltas();
  const dist = (a: number[], b: number[]) => a.reduce((t, v, j) => t + (v - b[j]) ** 2, 0);
  // f = 0: each score is the distance to the n − f − 2 = 1 nearest other delta.
  const scores = d.map((a, i) => Math.min(...d.filter((_, k) => k !== i).map((b) => dist(a, b))));
  // The two closest deltas tie (each is the other's nearest); the lower site id wins.
  const best =
    [0, 1, 2].sort((i, k) => scores[i] - scores[k] || BUFFER[i].siteId - BUFFER[k].siteId)[0];
  const next = make("krum", { byzantine: 0 }).aggregate(new Float32Array(X), updates(), [], 1);
  assertVectorNear(next, X.map((x, j) => x + d[best][j]), 1e-6);
});

Deno.test("FedBuff: a fresh update (τ = 0) with η_g = 1 is aggregated bit for bit as in a sync round", () => {
  const fresh = updates([BUFFER[1]]);
  const sync: SiteUpdate[] = fresh.map(({ staleness: _, dispatchedFrom: __, ...u }) => u);
  const a = make("fedavgm", {}).aggregate(new Float32Array(X), fresh, [], 1);
  const b = make("fedavgm", {}).aggregate(new Float32Array(X), sync, [], 1);
  assert(sameBits(serverStep(new Float32Array(X), a, 1), b), "async and sync differ");
});
