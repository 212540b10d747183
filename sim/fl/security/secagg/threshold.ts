/**
 * The Shamir threshold of secure aggregation: how many sites must answer
 * the unmasking round for the server to recover the sum.
 */

/**
 * n − ⌊n/3⌋: the largest threshold that still tolerates a third of the
 * sampled sites dropping out, and always more than n/2.
 *
 * @example
 * ```ts
 * import { defaultThreshold } from "./threshold.ts";
 * if (defaultThreshold(30) !== 20) throw new Error();
 * ```
 */
export function defaultThreshold(n: number): number {
  requireSiteCount(n);
  return n - Math.floor(n / 3);
}

/**
 * Checks n/2 < t ≤ n. Below a majority, two disjoint groups of t sites could
 * each be told a different dropout set, and a server that asks both could
 * learn a survivor's self-mask seed and its mask key together (Bonawitz et
 * al. §4); above n nothing could ever be rebuilt.
 */
export function requireSecAggThreshold(n: number, t: number): void {
  requireSiteCount(n);
  if (!Number.isInteger(t) || t <= n / 2 || t > n) {
    throw new RangeError(
      `Expected threshold to be an integer in ${Math.floor(n / 2) + 1}..${n} but found ${t}`,
    );
  }
}

function requireSiteCount(n: number): void {
  if (!Number.isInteger(n) || n < 2) {
    throw new RangeError(`Expected at least 2 sites for secure aggregation but found ${n}`);
  }
}
