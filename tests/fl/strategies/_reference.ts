/**
 * The paper's equations for each strategy, in plain float64, for the
 * reference-equation suite (reference_test.ts). Each function is written from
 * the paper named beside it, never from the code under test, so a strategy
 * that drifts from its paper fails.
 */

/** One site's reply in the toy problem: trained weights, samples, local steps. */
export interface ToyUpdate {
  siteId: number;
  y: number[];
  n: number;
  steps: number;
  staleness?: number;
}

/** x + a·d, coordinate-wise. */
export function axpy(x: readonly number[], a: number, d: readonly number[]): number[] {
  return x.map((xj, j) => xj + a * d[j]);
}

/** Σ wᵢ·vᵢ / Σ wᵢ. */
export function weightedMean(vs: readonly (readonly number[])[], ws: readonly number[]): number[] {
  const total = ws.reduce((a, w) => a + w, 0);
  return vs[0].map((_, j) => vs.reduce((a, v, i) => a + ws[i] * v[j], 0) / total);
}

/** FedAvg (McMahan et al. 2017, Alg. 1): x⁺ = Σ nᵢ·yᵢ / Σ nᵢ. */
export function fedAvg(_x: readonly number[], us: readonly ToyUpdate[]): number[] {
  return weightedMean(us.map((u) => u.y), us.map((u) => u.n));
}

/** Coordinate-wise median (Yin et al. 2018), the mean of the middle two for even counts. */
export function coordinateMedian(vs: readonly (readonly number[])[]): number[] {
  return vs[0].map((_, j) => {
    const c = vs.map((v) => v[j]).sort((a, b) => a - b);
    const h = Math.floor(c.length / 2);
    return c.length % 2 === 1 ? c[h] : (c[h - 1] + c[h]) / 2;
  });
}

/** Coordinate-wise β-trimmed mean (Yin et al. 2018): drop ⌊β·n⌋ values at each end. */
export function trimmedMean(vs: readonly (readonly number[])[], beta: number): number[] {
  const k = Math.floor(beta * vs.length);
  return vs[0].map((_, j) => {
    const c = vs.map((v) => v[j]).sort((a, b) => a - b).slice(k, vs.length - k);
    return c.reduce((a, b) => a + b, 0) / c.length;
  });
}

function squaredDistance(a: readonly number[], b: readonly number[]): number {
  return a.reduce((s, aj, j) => s + (aj - b[j]) ** 2, 0);
}

/**
 * Multi-Krum (Blanchard et al. 2017, §4): score(i) = Σ of the n − f − 2
 * smallest ‖vᵢ − vⱼ‖²; the mean of the m lowest-scoring vectors (m = 1: Krum).
 */
export function multiKrum(vs: readonly (readonly number[])[], f: number, m: number): number[] {
  const n = vs.length;
  const scores = vs.map((v, i) =>
    vs.filter((_, j) => j !== i).map((w) => squaredDistance(v, w)).sort((a, b) => a - b)
      .slice(0, n - f - 2).reduce((a, b) => a + b, 0)
  );
  const order = scores.map((_, i) => i).sort((a, b) => scores[a] - scores[b] || a - b);
  return weightedMean(order.slice(0, m).map((i) => vs[i]), order.slice(0, m).map(() => 1));
}

/** Server state of the reference server optimisers. */
export interface ServerMoments {
  m: number[];
  v: number[];
}

/**
 * FedAvgM (Hsu et al. 2019, "Measuring the effects of non-identical data", §3):
 * Δ = FedAvg(y) − x; m ← β·m + Δ; x⁺ = x + η·m.
 */
export function fedAvgM(
  x: readonly number[],
  us: readonly ToyUpdate[],
  s: ServerMoments,
  beta: number,
  eta: number,
): number[] {
  const avg = fedAvg(x, us);
  s.m = s.m.map((mj, j) => beta * mj + (avg[j] - x[j]));
  return axpy(x, eta, s.m);
}

/** Which second-moment rule of Reddi et al. 2021, Alg. 2. */
export type AdaptiveRule = "adagrad" | "adam" | "yogi";

/**
 * FedAdagrad / FedAdam / FedYogi (Reddi et al. 2021, "Adaptive Federated
 * Optimization", Alg. 2), no bias correction, v₋₁ = τ²:
 * Δ = FedAvg(y) − x; m ← β₁m + (1 − β₁)Δ;
 * adagrad v ← v + Δ²; adam v ← β₂v + (1 − β₂)Δ²; yogi v ← v − (1 − β₂)Δ²·sign(v − Δ²);
 * x⁺ = x + η·m / (√v + τ).
 */
export function fedAdaptive(
  rule: AdaptiveRule,
  x: readonly number[],
  us: readonly ToyUpdate[],
  s: ServerMoments,
  p: { eta: number; beta1: number; beta2: number; tau: number },
): number[] {
  const avg = fedAvg(x, us);
  const d = avg.map((a, j) => a - x[j]);
  s.m = s.m.map((mj, j) => p.beta1 * mj + (1 - p.beta1) * d[j]);
  s.v = s.v.map((vj, j) => {
    const d2 = d[j] * d[j];
    if (rule === "adagrad") return vj + d2;
    if (rule === "adam") return p.beta2 * vj + (1 - p.beta2) * d2;
    return vj - (1 - p.beta2) * d2 * Math.sign(vj - d2);
  });
  return x.map((xj, j) => xj + p.eta * s.m[j] / (Math.sqrt(s.v[j]) + p.tau));
}
