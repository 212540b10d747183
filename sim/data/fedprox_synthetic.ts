/**
 * FedProx Synthetic(α, β) (Li et al., "Federated Optimization in
 * Heterogeneous Networks", MLSys 2020, §5.1 and their generate_niid.py):
 * for user (site) k,
 *   u_k ~ N(0, α²),  W_k ∈ R^{60×10} with entries ~ N(u_k, 1),  b_k ∈ R^10 ~ N(u_k, 1);
 *   B_k ~ N(0, β²),  v_k ∈ R^60 with entries ~ N(B_k, 1),  Σ = diag(j^−1.2), j = 1…60;
 *   x ~ N(v_k, Σ),  y = argmax softmax(x·W_k + b_k).
 * α controls how much the users' models differ, β how much their inputs do.
 * (As in the authors' code, α and β are standard deviations.) The IID variant
 * shares one W, b (entries ~ N(0, 1)) across users and sets v = 0.
 * Sample counts come from the site groups; the paper draws them as
 * ⌊lognormal(4, 2)⌋ + 50 — see {@linkcode FEDPROX_PAPER_SIZES}.
 */

import type { Rng } from "../engine/mod.ts";
import { allocDataset } from "./dataset.ts";
import type { PerSiteSource, StreamSource } from "./source.ts";
import type { Dataset } from "./types.ts";

/** Input dimension and number of classes of FedProx Synthetic. */
export const FEDPROX_FEATURES = 60;
export const FEDPROX_CLASSES = 10;

/** The paper's user sizes (before its +50): lognormal with median e⁴ and σ = 2. */
export const FEDPROX_PAPER_SIZES = { lognormal: { median: Math.exp(4), sigma: 2 } } as const;

/** Options of {@linkcode createFedProxSource}. */
export interface FedProxOptions {
  alpha?: number;
  beta?: number;
  /** The synthetic_iid variant: one shared model, v = 0. */
  iid?: boolean;
}

/** One user's generating model. `w` is row-major `[60, 10]`. */
export interface FedProxUserModel {
  w: Float64Array;
  b: Float64Array;
  v: Float64Array;
}

/** Σ_jj = j^−1.2 for j = 1…60: later features vary less. */
export function fedproxVariances(): Float64Array {
  return Float64Array.from({ length: FEDPROX_FEATURES }, (_, j) => (j + 1) ** -1.2);
}

const STANDARD_DEVIATIONS = fedproxVariances().map(Math.sqrt);

/** The generating model of site `siteId` (or the shared one for the IID variant). */
export function fedproxUserModel(
  siteId: number,
  streams: StreamSource,
  options: FedProxOptions = {},
): FedProxUserModel {
  const { alpha = 1, beta = 1, iid = false } = options;
  const w = new Float64Array(FEDPROX_FEATURES * FEDPROX_CLASSES);
  const b = new Float64Array(FEDPROX_CLASSES);
  const v = new Float64Array(FEDPROX_FEATURES);
  if (iid) {
    const rng = streams.stream("data/fedprox-shared-model");
    for (let i = 0; i < w.length; i++) w[i] = rng.normal();
    for (let c = 0; c < b.length; c++) b[c] = rng.normal();
    return { w, b, v };
  }
  const rng = streams.stream(`data/site-${siteId}/model`);
  const u = rng.normal(0, alpha);
  const B = rng.normal(0, beta);
  for (let i = 0; i < w.length; i++) w[i] = rng.normal(u, 1);
  for (let c = 0; c < b.length; c++) b[c] = rng.normal(u, 1);
  for (let j = 0; j < v.length; j++) v[j] = rng.normal(B, 1);
  return { w, b, v };
}

/** Fills rows `from`…`to`−1 of `ds` with samples of `model`: x ~ N(v, Σ), y = argmax(x·W + b). */
function fillSamples(
  ds: Dataset,
  from: number,
  to: number,
  model: FedProxUserModel,
  rng: Rng,
): void {
  const sd = STANDARD_DEVIATIONS;
  const x = ds.inputs.tabular!;
  const D = FEDPROX_FEATURES, K = FEDPROX_CLASSES;
  const z = new Float32Array(D);
  const logits = new Float64Array(K);
  for (let i = from; i < to; i++) {
    rng.fill(z, "normal");
    for (let j = 0; j < D; j++) x[i * D + j] = model.v[j] + sd[j] * z[j];
    logits.set(model.b);
    for (let j = 0; j < D; j++) {
      const xj = x[i * D + j];
      for (let c = 0; c < K; c++) logits[c] += xj * model.w[j * K + c];
    }
    // softmax is monotone, so its argmax is the logits' argmax.
    let best = 0;
    for (let c = 1; c < K; c++) if (logits[c] > logits[best]) best = c;
    ds.labels[i] = best;
  }
}

/**
 * FedProx Synthetic(α, β) as a per-site source with one modality, `tabular` `[60]`.
 *
 * @example
 * ```ts
 * import { createFedProxSource } from "./fedprox_synthetic.ts";
 * import { RngStreams } from "../engine/mod.ts";
 * const streams = new RngStreams(1);
 * const src = createFedProxSource({ alpha: 1, beta: 1 });
 * const ds = src.generateSite(0, 20, streams.stream("data/site-0"), streams);
 * if (ds.inputs.tabular!.length !== 20 * 60) throw new Error();
 * ```
 */
export function createFedProxSource(options: FedProxOptions = {}): PerSiteSource {
  const { alpha = 1, beta = 1, iid = false } = options;
  if (!(alpha >= 0) || !(beta >= 0)) {
    throw new RangeError(`Expected alpha and beta ≥ 0 but found alpha ${alpha}, beta ${beta}`);
  }
  const shapes = { tabular: [FEDPROX_FEATURES] };
  const make = (n: number) => allocDataset(n, FEDPROX_CLASSES, ["tabular"], shapes);
  const opts = { alpha, beta, iid };
  return {
    kind: "per-site",
    name: iid ? "fedprox-synthetic-iid" : `fedprox-synthetic(${alpha},${beta})`,
    classes: FEDPROX_CLASSES,
    modalities: ["tabular"],
    shapes,
    generateSite(siteId, n, rng, streams) {
      const ds = make(n);
      fillSamples(ds, 0, n, fedproxUserModel(siteId, streams, opts), rng);
      return ds;
    },
    generatePopulation(n, rng, streams, sites) {
      const ds = make(n);
      if (iid) {
        fillSamples(ds, 0, n, fedproxUserModel(0, streams, opts), rng);
        return ds;
      }
      if (!sites || sites.siteIds.length === 0) {
        throw new TypeError(
          "Expected site plans for the non-IID FedProx population (each site has its own model) but found none",
        );
      }
      const models = new Map<number, FedProxUserModel>();
      for (let i = 0; i < n; i++) {
        const id = sites.siteIds[rng.categorical(sites.weights)];
        if (!models.has(id)) models.set(id, fedproxUserModel(id, streams, opts));
        fillSamples(ds, i, i + 1, models.get(id)!, rng);
      }
      return ds;
    },
  };
}
