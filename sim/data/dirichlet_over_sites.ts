/**
 * Dirichlet label skew "over sites", the convention of NIID-Bench
 * (`noniid-labeldir`, Li et al., ICDE 2022) and Flower Datasets'
 * `DirichletPartitioner` (with `self_balancing=True`): for each class k the
 * shares of the n sites are drawn as q_k ~ Dir(α·1_n) and class k's samples
 * are cut at ⌊cumsum(q_k)·N_k⌋; a site that already holds ≥ N/n samples gets
 * no more (NIID-Bench's balancing). The whole draw is repeated until every
 * site holds at least the minimum — here at most {@linkcode MAX_DIRICHLET_REDRAWS}
 * times, then a {@linkcode PartitionError} names the setting (NIID-Bench
 * loops forever; Flower stops after 10 tries).
 *
 * The other convention ("over classes", Hsu et al. 2019) draws each site's
 * class proportions ~ Dir(α·1_C); see `dirichletProportions` in label_skew.ts.
 * The same α means a different skew under the two.
 */

import type { Rng } from "../engine/mod.ts";

/** Whole re-draws of the per-class shares before the partition gives up. */
export const MAX_DIRICHLET_REDRAWS = 100;

/** A label partition that cannot be drawn as the scenario asks; `field` names the setting. */
export class PartitionError extends RangeError {
  /** Dotted scenario path of the setting, e.g. `data.partition.label.dirichlet`. */
  readonly field: string;

  constructor(field: string, message: string) {
    super(message);
    this.name = "PartitionError";
    this.field = field;
  }
}

/** `total` samples split evenly over `classes`; the remainder goes to the lowest classes. */
export function evenClassTotals(total: number, classes: number): number[] {
  const base = Math.floor(total / classes);
  const rest = total - base * classes;
  return Array.from({ length: classes }, (_, c) => base + (c < rest ? 1 : 0));
}

/**
 * One class's `count` samples over sites with shares `shares` (summing to 1):
 * sites whose running total `held[j]` has reached `capacity` get share 0,
 * the rest are renormalised, and site j receives ⌊c_j·count⌋ − ⌊c_{j−1}·count⌋
 * with c the cumulative shares (the last site takes the remainder). Where
 * balancing would zero every share (all remaining mass on full sites) the
 * unbalanced shares are used, so no sample is lost.
 */
export function splitClassOverSites(
  count: number,
  shares: readonly number[],
  held: readonly number[],
  capacity: number,
): number[] {
  let balanced = shares.map((q, j) => (held[j] < capacity ? q : 0));
  let sum = balanced.reduce((a, b) => a + b, 0);
  if (!(sum > 0)) {
    balanced = [...shares];
    sum = balanced.reduce((a, b) => a + b, 0);
  }
  const out = new Array<number>(shares.length).fill(0);
  let cumulative = 0;
  let previousCut = 0;
  for (let j = 0; j < shares.length - 1; j++) {
    cumulative += balanced[j] / sum;
    const cut = Math.min(count, Math.floor(cumulative * count));
    out[j] = Math.max(0, cut - previousCut);
    previousCut = Math.max(previousCut, cut);
  }
  out[shares.length - 1] = count - previousCut;
  return out;
}

/** What a Dirichlet-over-sites draw asks for. */
export interface DirichletOverSitesSpec {
  /** Samples of each class to spread (N_k). */
  classTotals: readonly number[];
  sites: number;
  alpha: number;
  /** Fewest samples every site must end up with. */
  minimum: number;
  /** Scenario path named by the error when no draw meets the minimum. */
  field: string;
  /** Whole re-draws allowed (default {@linkcode MAX_DIRICHLET_REDRAWS}). */
  maxRedraws?: number;
}

/**
 * Per-site class counts (`counts[site][class]`) under Dirichlet skew over
 * sites, and how many draws it took.
 *
 * @example
 * ```ts
 * import { dirichletOverSites } from "./dirichlet_over_sites.ts";
 * import { Rng } from "../engine/mod.ts";
 * const { counts } = dirichletOverSites({
 *   classTotals: [50, 50], sites: 4, alpha: 0.5, minimum: 5, field: "label",
 * }, new Rng("x"));
 * if (counts.flat().reduce((a, b) => a + b, 0) !== 100) throw new Error("samples lost");
 * ```
 */
export function dirichletOverSites(
  spec: DirichletOverSitesSpec,
  rng: Rng,
): { counts: number[][]; attempts: number } {
  const { classTotals, sites, alpha, minimum, field } = spec;
  const maxRedraws = spec.maxRedraws ?? MAX_DIRICHLET_REDRAWS;
  if (!(alpha > 0) || !Number.isFinite(alpha)) {
    throw new PartitionError(field, `Expected alpha to be a finite number > 0 but found ${alpha}`);
  }
  if (!Number.isInteger(sites) || sites < 1) {
    throw new RangeError(`Expected at least one site but found ${sites}`);
  }
  const total = classTotals.reduce((a, b) => a + b, 0);
  const capacity = total / sites;
  const concentration = new Array<number>(sites).fill(alpha);
  let smallest = 0;
  for (let attempt = 1; attempt <= maxRedraws; attempt++) {
    const counts = Array.from(
      { length: sites },
      () => new Array<number>(classTotals.length).fill(0),
    );
    const held = new Array<number>(sites).fill(0);
    for (let k = 0; k < classTotals.length; k++) {
      const split = splitClassOverSites(
        classTotals[k],
        rng.dirichlet(concentration),
        held,
        capacity,
      );
      for (let j = 0; j < sites; j++) {
        counts[j][k] = split[j];
        held[j] += split[j];
      }
    }
    smallest = Math.min(...held);
    if (smallest >= minimum) return { counts, attempts: attempt };
  }
  throw new PartitionError(
    field,
    `cannot give each of ${sites} sites at least ${minimum} samples with dirichlet over sites ` +
      `at alpha ${alpha} (${maxRedraws} draws; the last left a site with ${smallest}); ` +
      `expected a larger alpha, a smaller minPerSite, fewer sites or over: classes`,
  );
}
