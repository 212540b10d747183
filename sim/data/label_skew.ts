/**
 * Label skew: how a site's samples spread over classes. Each function is a
 * pure function of its inputs and the random stream it is handed.
 */

import type { Rng } from "../engine/mod.ts";

/** What a Dirichlet label skew draws proportions over (see dirichlet_over_sites.ts). */
export type DirichletOver = "classes" | "sites";

/** How labels are spread over sites, as the scenario names it. */
export type LabelSkew =
  | "iid"
  | {
    dirichlet: {
      alpha: number;
      /**
       * `classes` (default): each site's class proportions ~ Dir(α·1_C) (Hsu et al. 2019);
       * `sites`: each class's shares over sites ~ Dir(α·1_n) (NIID-Bench, Flower Datasets).
       */
      over?: DirichletOver;
      minPerSite?: number;
    };
  }
  | { shards: { classesPerSite: number } };

/** A short name for a label skew, e.g. for partition statistics. */
export function describeLabelSkew(skew: LabelSkew): string {
  if (skew === "iid") return "iid";
  if ("dirichlet" in skew) {
    const { alpha, over } = skew.dirichlet;
    return over === "sites" ? `dirichlet-over-sites(${alpha})` : `dirichlet(${alpha})`;
  }
  return `shards(${skew.shards.classesPerSite})`;
}

/**
 * Class proportions of one site under Dirichlet label skew: a draw from
 * Dirichlet(α·1). Small α gives sites dominated by one or two classes;
 * the engine's Dirichlet works in log space, so α = 0.01 never yields NaN.
 */
export function dirichletProportions(classes: number, alpha: number, rng: Rng): number[] {
  if (!(alpha > 0) || !Number.isFinite(alpha)) {
    throw new RangeError(`Expected alpha to be a finite number > 0 but found ${alpha}`);
  }
  return rng.dirichlet(new Array(classes).fill(alpha));
}

/**
 * `n` samples split over classes with probabilities `p` (a multinomial
 * draw, one categorical per sample; n is a site's size, so this stays cheap).
 */
export function multinomialCounts(n: number, p: readonly number[], rng: Rng): number[] {
  const counts = new Array<number>(p.length).fill(0);
  // Cumulative weights turn each draw into one uniform and a short scan.
  const cumulative = new Float64Array(p.length);
  let total = 0;
  for (let c = 0; c < p.length; c++) cumulative[c] = total += p[c];
  for (let i = 0; i < n; i++) {
    const u = rng.uniform() * total;
    let c = 0;
    while (c < p.length - 1 && (u >= cumulative[c] || p[c] === 0)) c++;
    while (p[c] === 0 && c > 0) c--; // rounding past the end belongs to the last positive class
    counts[c]++;
  }
  return counts;
}

/**
 * The classes each of `sites` sites holds when every site gets `k` distinct
 * classes ("shards"). Classes are dealt from a deck of shuffled copies of all
 * classes so every class ends up at about the same number of sites; a class a
 * site already holds is skipped (at most `classes` looks per pick, so it
 * always terminates).
 */
export function shardClasses(sites: number, classes: number, k: number, rng: Rng): number[][] {
  if (!Number.isInteger(k) || k < 1 || k > classes) {
    throw new RangeError(
      `Expected classesPerSite to be an integer in 1..${classes} but found ${k}`,
    );
  }
  const deck: number[] = [];
  const refill = () => deck.push(...rng.shuffle([...Array(classes).keys()]));
  const out: number[][] = [];
  for (let s = 0; s < sites; s++) {
    const held: number[] = [];
    while (held.length < k) {
      if (deck.length < classes) refill();
      const at = deck.findIndex((c) => !held.includes(c));
      held.push(deck.splice(at, 1)[0]);
    }
    out.push(held.sort((a, b) => a - b));
  }
  return out;
}

/** `n` samples split as evenly as possible over `held` classes; the remainder goes to random ones. */
export function evenCounts(
  n: number,
  held: readonly number[],
  classes: number,
  rng: Rng,
): number[] {
  const counts = new Array<number>(classes).fill(0);
  const base = Math.floor(n / held.length);
  for (const c of held) counts[c] = base;
  const extra = rng.sampleWithoutReplacement(held.length, n - base * held.length);
  for (const j of extra) counts[held[j]]++;
  return counts;
}
