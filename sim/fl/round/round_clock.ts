/**
 * Plays one round of message passing on the virtual clock: each site's
 * download, compute and upload are events on an {@link Engine}, and so is the
 * deadline. The round closes when enough updates have arrived, at the
 * deadline, or when no site is left to wait for. No tensors here: the
 * numerics ran before; this decides who made it and records the timeline.
 */

import { Engine } from "../../engine/mod.ts";
import type { TimelineSpan } from "../../results/results.ts";

/** One site's part in a round, in virtual seconds. */
export interface Trip {
  siteId: number;
  download: number;
  compute: number;
  upload: number;
  /** When the site goes offline during the trip (absolute time), or null. */
  dropAt: number | null;
}

/** Who made it, who did not, and when the round closed. */
export interface RoundOutcome {
  /** Absolute virtual time the aggregate was taken. */
  closeTime: number;
  /** Sites whose update was aggregated, in arrival order. */
  accepted: number[];
  /** Sites whose update arrived after the deadline (or never, for lack of one). */
  late: number[];
  /** Sites that arrived before the deadline once enough updates were in. */
  surplus: number[];
  /** Sites that went offline before their update was delivered. */
  dropped: number[];
  /** Absolute arrival time of every update that was delivered. */
  arrivals: Map<number, number>;
  spans: TimelineSpan[];
}

/** Ties at one instant: a drop before an arrival before the deadline. */
const PRIORITY = { drop: 0, arrival: 1, deadline: 2 } as const;

/**
 * Plays a round that starts at `start`. `needed` is how many updates the
 * server waits for; `deadline` (seconds after start) is optional.
 *
 * @example
 * ```ts
 * import { playRound } from "./round_clock.ts";
 * const out = playRound([
 *   { siteId: 0, download: 1, compute: 2, upload: 1, dropAt: null },
 *   { siteId: 1, download: 1, compute: 20, upload: 1, dropAt: null },
 * ], { start: 0, needed: 2, deadline: 10 });
 * out.accepted; // [0]
 * out.late; // [1]
 * out.closeTime; // 10
 * ```
 */
export function playRound(
  trips: readonly Trip[],
  opts: { start: number; needed: number; deadline?: number },
): RoundOutcome {
  const { start, needed, deadline } = opts;
  if (!Number.isInteger(needed) || needed < 1) {
    throw new RangeError(`Expected needed to be an integer >= 1 but found ${needed}`);
  }
  const engine = new Engine();
  const spans: TimelineSpan[] = [];
  const accepted: number[] = [];
  const surplus: number[] = [];
  const dropped: number[] = [];
  const arrivals = new Map<number, number>();
  let closeTime: number | null = null;
  let outstanding = trips.length;
  const close = (time: number) => {
    if (closeTime === null) closeTime = time;
  };
  engine.run({ until: start });

  for (const trip of trips) {
    const t1 = start + trip.download;
    const t2 = t1 + trip.compute;
    const t3 = t2 + trip.upload;
    const phases: [TimelineSpan["state"], number, number][] = [
      ["download", start, t1],
      ["compute", t1, t2],
      ["upload", t2, t3],
    ];
    if (trip.dropAt !== null && trip.dropAt < t3) {
      const at = Math.max(start, trip.dropAt);
      engine.schedule(at, (e) => {
        for (const [state, a, b] of phases) {
          if (a < at) spans.push({ siteId: trip.siteId, state, start: a, end: Math.min(b, at) });
        }
        dropped.push(trip.siteId);
        if (--outstanding === 0) close(e.now);
      }, { priority: PRIORITY.drop, kind: "drop" });
      continue;
    }
    engine.schedule(t3, (e) => {
      for (const [state, a, b] of phases) {
        spans.push({ siteId: trip.siteId, state, start: a, end: b });
      }
      arrivals.set(trip.siteId, e.now);
      if (closeTime === null) {
        accepted.push(trip.siteId);
        if (accepted.length >= needed) close(e.now);
      } else if (deadline === undefined || e.now <= start + deadline) {
        surplus.push(trip.siteId);
      }
      if (--outstanding === 0) close(e.now);
    }, { priority: PRIORITY.arrival, kind: "arrival" });
  }
  if (deadline !== undefined) {
    engine.schedule(start + deadline, (e) => close(e.now), {
      priority: PRIORITY.deadline,
      kind: "deadline",
    });
  }
  if (trips.length === 0) close(start);
  engine.run();

  const closedAt = closeTime ?? start;
  const late = trips
    .map((t) => t.siteId)
    .filter((id) => arrivals.has(id) && !accepted.includes(id) && !surplus.includes(id));
  for (const id of accepted) {
    const at = arrivals.get(id)!;
    if (at < closedAt) spans.push({ siteId: id, state: "idle", start: at, end: closedAt });
  }
  for (const id of dropped) {
    const trip = trips.find((t) => t.siteId === id)!;
    const at = Math.max(start, trip.dropAt!);
    if (at < closedAt) spans.push({ siteId: id, state: "offline", start: at, end: closedAt });
  }
  return { closeTime: closedAt, accepted, late, surplus, dropped, arrivals, spans };
}
