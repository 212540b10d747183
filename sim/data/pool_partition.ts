/**
 * Partitioning a finite pool of real samples: sites get disjoint index sets.
 * Planned class counts are first fitted to what the pool holds, then each
 * site is given a run of each class's shuffled pool.
 */

import type { Rng } from "../engine/mod.ts";

/** Plan fields the pool fitting reads and writes. */
interface PoolPlan {
  classCounts: number[];
  poolOffsets: number[] | null;
}

/** Indices of each class in a pool, e.g. the training images of digit 3. */
export function indicesByClass(labels: Int32Array, classes: number): Int32Array[] {
  const counts = new Array<number>(classes).fill(0);
  for (const y of labels) counts[y]++;
  const out = counts.map((n) => new Int32Array(n));
  const fill = new Array<number>(classes).fill(0);
  labels.forEach((y, i) => out[y][fill[y]++] = i);
  return out;
}

/**
 * Shrinks planned class counts where the sites together ask for more samples
 * of a class than the pool holds (proportionally, largest remainders first,
 * so no class is over-drawn), then records each site's offset into each
 * class's shuffled pool. Every site keeps its samples disjoint from all others.
 * Returns the number of samples of each class left unused.
 */
export function fitToPool(plans: PoolPlan[], poolLabels: Int32Array, classes: number): number[] {
  const supply = new Array<number>(classes).fill(0);
  for (const y of poolLabels) supply[y]++;
  for (let c = 0; c < classes; c++) {
    const demand = plans.reduce((s, p) => s + p.classCounts[c], 0);
    if (demand <= supply[c]) continue;
    const ratio = supply[c] / demand;
    const exact = plans.map((p) => p.classCounts[c] * ratio);
    plans.forEach((p, i) => p.classCounts[c] = Math.floor(exact[i]));
    let left = supply[c] - plans.reduce((s, p) => s + p.classCounts[c], 0);
    const order = exact.map((x, i) => [x - Math.floor(x), i]).sort((a, b) =>
      b[0] - a[0] || a[1] - b[1]
    );
    for (let j = 0; left > 0 && j < order.length; j++, left--) plans[order[j][1]].classCounts[c]++;
  }
  const used = new Array<number>(classes).fill(0);
  for (const p of plans) {
    p.poolOffsets = used.slice();
    for (let c = 0; c < classes; c++) used[c] += p.classCounts[c];
  }
  return supply.map((s, c) => s - used[c]);
}

/**
 * One site's pool indices: for each class, its run of that class's pool
 * shuffled by `classShuffle(c)` (the same shuffle for every site, so runs
 * never overlap).
 */
export function siteIndices(
  plan: PoolPlan,
  byClass: Int32Array[],
  classShuffle: (c: number) => Rng,
): number[] {
  const out: number[] = [];
  plan.classCounts.forEach((count, c) => {
    if (count === 0) return;
    const perm = classShuffle(c).shuffle(Array.from(byClass[c]));
    const start = plan.poolOffsets![c];
    out.push(...perm.slice(start, start + count));
  });
  return out;
}
