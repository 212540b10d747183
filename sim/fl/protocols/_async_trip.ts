/**
 * The pieces of an asynchronous site trip that hold no protocol state: the
 * checkpointed shape of a dispatch and of the protocol, the timeline spans of
 * a trip cut at the moment it ended, and why a trip that did not land failed.
 */
import type { Federation } from "../round/federation.ts";
import type { PreparedSite } from "../round/site_training.ts";
import type { SiteFailure } from "../strategies/mod.ts";
import type { SecurityLog } from "../security/mod.ts";
import type { AsyncBufferState } from "./_async_buffer.ts";

/** One dispatched site, as saved in a checkpoint. */
export interface Dispatch {
  siteId: number;
  /** Dispatch counter: names the site's streams for this trip. */
  n: number;
  version: number;
  time: number;
  /** What the site's hooks decided at dispatch (kept so a resumed run can redo its training). */
  prepared: PreparedSite;
}

/** The asynchronous protocol's state in a checkpoint. */
export interface AsyncState {
  version: number;
  dispatches: number;
  time: number;
  inFlight: Dispatch[];
  retryAt: number | null;
  /** Dispatches made after the last aggregation (they count towards the next round). */
  dispatchedSinceAggregate: number;
  /** The security log (rejected updates); absent in checkpoints made before it existed. */
  security?: SecurityLog;
  /** Updates and failures waiting for the next aggregation, and the globals they need. */
  buffer?: AsyncBufferState;
}

/** When a trip's download, compute and upload phases end (virtual seconds). */
export interface TripPhases {
  siteId: number;
  start: number;
  downloaded: number;
  computed: number;
  end: number;
}

/** Records the trip's phases on the timeline, each cut at `until`. */
export function recordTripSpans(fed: Federation, trip: TripPhases, until: number): void {
  const phases = [
    ["download", trip.start, trip.downloaded],
    ["compute", trip.downloaded, trip.computed],
    ["upload", trip.computed, trip.end],
  ] as const;
  for (const [state, a, b] of phases) {
    if (a < until) {
      fed.timeline.push({ siteId: trip.siteId, state, start: a, end: Math.min(b, until) });
    }
  }
}

/** Why a trip failed at `at`: its update diverged, its site went offline, or the deadline passed. */
export function tripFailure(
  diverged: boolean,
  dropAt: number | null,
  at: number,
): SiteFailure["reason"] {
  if (diverged) return "diverged";
  return dropAt !== null && dropAt <= at ? "dropped" : "deadline";
}
