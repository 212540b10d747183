/**
 * Who masks with whom. Bonawitz et al. pair every site with every other
 * (n − 1 key agreements and masks per site); Bell et al. (CCS 2020,
 * "SecAgg+") pair each site with k neighbours on a random k-regular graph,
 * which keeps the sum private and recoverable with high probability at
 * O(k) instead of O(n) work per site. The graph is public: the server draws
 * it from the round's seed and tells each site its neighbours.
 */

import { deriveSeed, Rng } from "../../../engine/mod.ts";

/** Each site's neighbours, ascending; the relation is symmetric. */
export type MaskingGraph = ReadonlyMap<number, readonly number[]>;

/** Every site a neighbour of every other: the original protocol. */
export function completeGraph(siteIds: readonly number[]): MaskingGraph {
  const sorted = [...siteIds].sort((a, b) => a - b);
  return new Map(sorted.map((id) => [id, sorted.filter((other) => other !== id)]));
}

/**
 * A Harary graph H(k, n) on a random order of the sites: the sites sit on a
 * ring in an order drawn from `seed`, and each is joined to the k/2 nearest
 * on either side. `neighbours` must be even; n − 1 or more gives the
 * complete graph.
 *
 * @example
 * ```ts
 * import { maskingGraph } from "./graph.ts";
 * const graph = maskingGraph([0, 1, 2, 3, 4, 5, 6, 7], 4, 1);
 * if (graph.get(0)!.length !== 4) throw new Error();
 * ```
 */
export function maskingGraph(
  siteIds: readonly number[],
  neighbours: number,
  seed: number,
): MaskingGraph {
  const n = siteIds.length;
  if (neighbours >= n - 1) return completeGraph(siteIds);
  if (!Number.isInteger(neighbours) || neighbours < 2 || neighbours % 2 !== 0) {
    throw new RangeError(
      `Expected neighbours to be an even integer ≥ 2 (or ≥ n − 1 = ${
        n - 1
      }) but found ${neighbours}`,
    );
  }
  const ring = [...siteIds].sort((a, b) => a - b);
  const rng = new Rng(deriveSeed(seed, "secagg/masking-graph"));
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [ring[i], ring[j]] = [ring[j], ring[i]];
  }
  const graph = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const near: number[] = [];
    for (let d = 1; d <= neighbours / 2; d++) near.push(ring[(i + d) % n], ring[(i - d + n) % n]);
    graph.set(ring[i], near.sort((a, b) => a - b));
  }
  return graph;
}

/** The size of a site's group: itself and its neighbours (all share holders of its secrets). */
export function groupSize(graph: MaskingGraph): number {
  let size = Infinity;
  for (const near of graph.values()) size = Math.min(size, near.length + 1);
  return size;
}
