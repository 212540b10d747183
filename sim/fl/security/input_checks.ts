/**
 * Hardened inputs: an update holding NaN or ±Infinity is refused before
 * aggregation (and before masking, under secure aggregation) with the site
 * and round named, instead of poisoning the average or stopping the run.
 */

import { firstNonFinite } from "../strategies/aggregate.ts";
import type { SiteFailure, SiteUpdate } from "../strategies/mod.ts";
import type { Federation } from "../round/federation.ts";
import { securityOf } from "./context.ts";

/**
 * A `"rejected"` failure when `update` holds a non-finite weight (logged
 * with the site, round and first bad index), else null.
 *
 * @example
 * ```ts ignore
 * const failure = rejectNonFinite(fed, update, 3);
 * if (failure !== null) failures.push(failure);
 * ```
 */
export function rejectNonFinite(
  fed: Federation,
  update: SiteUpdate,
  round: number,
): SiteFailure | null {
  const bad = firstNonFinite(update.weights);
  if (bad < 0) return null;
  securityOf(fed).log.rejected.push({
    round,
    siteId: update.siteId,
    message: `Rejected the update of site ${update.siteId} in round ${round}: expected finite ` +
      `weights but found ${update.weights[bad]} at index ${bad}`,
  });
  return { siteId: update.siteId, reason: "rejected" };
}
