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
  /** The global the site trained from (async: an older one); the current global when absent. */
  from?: number[];
  /** The weights the site really trained to, when `y` is a point derived from them (FedBuff). */
  trained?: number[];
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

/** The server step of DP-FedAvg with noise multiplier 0 (McMahan et al. 2018, Alg. 1): the clipped mean. */
export function dpFedAvgNoiseless(
  x: readonly number[],
  us: readonly ToyUpdate[],
  clipNorm: number,
  eta: number,
): number[] {
  const sum = x.map(() => 0);
  for (const u of us) {
    const d = u.y.map((yj, j) => yj - x[j]);
    const norm = Math.sqrt(d.reduce((a, dj) => a + dj * dj, 0));
    const factor = norm > clipNorm ? clipNorm / norm : 1;
    d.forEach((dj, j) => sum[j] += dj * factor);
  }
  return axpy(x, eta / us.length, sum);
}

/**
 * FedNova (Wang et al. 2020, eq. 6–7): dᵢ = (x − yᵢ)/‖aᵢ‖₁, pᵢ = nᵢ/Σn,
 * τ_eff = Σ pᵢ‖aᵢ‖₁, x⁺ = x − τ_eff·Σ pᵢ·dᵢ; ‖aᵢ‖₁ = τᵢ for SGD and
 * [τ − ρ(1 − ρ^τ)/(1 − ρ)]/(1 − ρ) for heavy-ball momentum ρ.
 */
export function fedNova(x: readonly number[], us: readonly ToyUpdate[], rho = 0): number[] {
  const a = (tau: number) =>
    rho === 0 ? tau : (tau - rho * (1 - rho ** tau) / (1 - rho)) / (1 - rho);
  const total = us.reduce((s, u) => s + u.n, 0);
  const tauEff = us.reduce((s, u) => s + (u.n / total) * a(u.steps), 0);
  return x.map((xj, j) =>
    xj - tauEff * us.reduce((s, u) => s + (u.n / total) * (xj - u.y[j]) / a(u.steps), 0)
  );
}

/** SCAFFOLD's server and site control variates. */
export interface Controls {
  c: number[];
  ci: Map<number, number[]>;
}

/**
 * SCAFFOLD (Karimireddy et al. 2020, Alg. 1, option II), with each update's
 * `from` the global its site started from and local rate `lr`:
 * cᵢ⁺ = cᵢ − c + (from − yᵢ)/(Kᵢ·lr) (yᵢ as trained); x⁺ = x + η_g·(1/|S|)·Σ(yᵢ − x);
 * c⁺ = c + (1/N)·Σ(cᵢ⁺ − cᵢ).
 */
export function scaffold(
  x: readonly number[],
  us: readonly ToyUpdate[],
  s: Controls,
  p: { eta: number; totalSites: number; lr: number },
): number[] {
  const dcSum = x.map(() => 0);
  for (const u of us) {
    const from = u.from ?? x;
    const ci = s.ci.get(u.siteId) ?? x.map(() => 0);
    const next = ci.map((cij, j) =>
      cij - s.c[j] + (from[j] - (u.trained ?? u.y)[j]) / (u.steps * p.lr)
    );
    next.forEach((v, j) => dcSum[j] += v - ci[j]);
    s.ci.set(u.siteId, next);
  }
  const mean = weightedMean(us.map((u) => u.y), us.map(() => 1));
  s.c = s.c.map((cj, j) => cj + dcSum[j] / p.totalSites);
  return x.map((xj, j) => xj + p.eta * (mean[j] - xj));
}

/**
 * FedAdam with Adam's bias correction as Flower applies it:
 * η_t = η·√(1 − β₂ᵗ)/(1 − β₁ᵗ), t the server step from 1 (else Reddi et al.'s Alg. 2).
 */
export function fedAdamCorrected(
  x: readonly number[],
  us: readonly ToyUpdate[],
  s: ServerMoments & { t: number },
  p: { eta: number; beta1: number; beta2: number; tau: number },
): number[] {
  s.t++;
  const eta = p.eta * Math.sqrt(1 - p.beta2 ** s.t) / (1 - p.beta1 ** s.t);
  return fedAdaptive("adam", x, us, s, { ...p, eta });
}

/**
 * FedBuff's view of an update (Nguyen et al. 2022, Alg. 1): the point
 * x + s(τ)·(y − from) with s(τ) = (1 + τ)^−½, weighed uniformly (n = 1), so
 * a mean of these points is x + (1/K)·Σ s(τᵢ)·Δᵢ.
 */
export function fedBuffPoint(x: readonly number[], u: ToyUpdate): ToyUpdate {
  const s = (1 + (u.staleness ?? 0)) ** -0.5;
  const from = u.from ?? x;
  return { ...u, n: 1, trained: u.y, y: x.map((xj, j) => xj + s * (u.y[j] - from[j])) };
}
