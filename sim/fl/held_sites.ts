/**
 * The pool's mirror of each worker's site cache: which sites' data a worker
 * holds, so a task goes to a worker that already has its site's data.
 */

/**
 * Which queued task a worker should take: the first whose site it holds
 * (`undefined` marks a task of no site), else the oldest (index 0).
 *
 * @example
 * ```ts
 * import { preferHeldSite } from "./held_sites.ts";
 * if (preferHeldSite([4, 7, 9], new Set([9, 7])) !== 1) throw new Error("site 7 is held");
 * ```
 */
export function preferHeldSite(
  sites: readonly (number | undefined)[],
  held: ReadonlySet<number>,
): number {
  const at = sites.findIndex((s) => s !== undefined && held.has(s));
  return at < 0 ? 0 : at;
}

/**
 * Records that a worker used `site`'s data, as its executor's cache does:
 * a held site becomes the most recently used; a new one evicts the least
 * recently used beyond `capacity`.
 */
export function holdSite(held: Set<number>, site: number, capacity: number): void {
  held.delete(site);
  held.add(site);
  if (held.size > capacity) held.delete(held.values().next().value!);
}
