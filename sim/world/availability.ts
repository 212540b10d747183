/**
 * When a site is online. Two models: a fresh coin per decision point (a
 * round, or an async dispatch) with the scenario's probability, or
 * alternating on/off periods on the virtual clock. Every draw comes from a
 * stream named for the site (and decision point), so a resumed run sees the
 * same availability without saving any RNG state.
 */

import type { RngStreams } from "../engine/mod.ts";
import type { DistributionSpec } from "./profile.ts";
import { sampleDistribution } from "../engine/mod.ts";

/** The scenario's availability: a per-decision probability, or on/off periods (seconds). */
export interface AvailabilitySpec {
  probability?: number;
  /** Length of an online period, in seconds. */
  onPeriod?: DistributionSpec;
  /** Length of an offline period, in seconds. */
  offPeriod?: DistributionSpec;
}

/** Shortest period drawn, so a degenerate distribution cannot stall the renewal process. */
const MIN_PERIOD_S = 1e-3;

/** Answers "is this site online?" for one site. */
export class Availability {
  readonly siteId: number;
  readonly spec: AvailabilitySpec;
  #streams: RngStreams;
  /** Period mode: boundaries[i] is when period i ends; period 0 starts at 0 in state firstOnline. */
  #boundaries: number[] = [];
  #firstOnline = true;
  #periodRng: ReturnType<RngStreams["stream"]> | null = null;

  constructor(siteId: number, spec: AvailabilitySpec, streams: RngStreams) {
    const p = spec.probability;
    if (p !== undefined && !(p >= 0 && p <= 1)) {
      throw new RangeError(`Expected availability.probability in [0, 1] but found ${p}`);
    }
    if ((spec.onPeriod === undefined) !== (spec.offPeriod === undefined)) {
      throw new TypeError(
        "Expected availability to give both onPeriod and offPeriod but found only one",
      );
    }
    this.siteId = siteId;
    this.spec = spec;
    this.#streams = streams;
    if (this.usesPeriods) {
      this.#periodRng = streams.stream(`world/site-${siteId}/availability`);
      const on = this.#draw(spec.onPeriod!);
      const off = this.#draw(spec.offPeriod!);
      // Start in a state with the long-run share of time each state has.
      this.#firstOnline = this.#periodRng.uniform() < on / (on + off);
      this.#boundaries.push(this.#firstOnline ? on : off);
    }
  }

  /** True when the site follows on/off periods rather than a per-decision coin. */
  get usesPeriods(): boolean {
    return this.spec.onPeriod !== undefined;
  }

  /**
   * Whether the site answers at decision point `key` (e.g. `round-3`) at
   * virtual time `time`. With periods, it is the state at `time`; otherwise
   * a coin with the scenario's probability from stream
   * `world/site-<id>/availability/<key>`.
   */
  isOnline(key: string, time: number): boolean {
    if (this.usesPeriods) return this.#stateAt(time);
    const p = this.spec.probability ?? 1;
    if (p >= 1) return true;
    return this.#streams.stream(`world/site-${this.siteId}/availability/${key}`).uniform() < p;
  }

  /**
   * The first time in [start, end) the site goes offline, or null when it
   * stays online throughout (always null for the per-decision model).
   */
  firstOfflineIn(start: number, end: number): number | null {
    if (!this.usesPeriods) return null;
    if (!this.#stateAt(start)) return start;
    this.#extendTo(end);
    const i = this.#periodIndex(start);
    return this.#boundaries[i] < end ? this.#boundaries[i] : null;
  }

  #draw(spec: DistributionSpec): number {
    return Math.max(MIN_PERIOD_S, sampleDistribution(spec, this.#periodRng!));
  }

  #extendTo(time: number): void {
    while (this.#boundaries[this.#boundaries.length - 1] <= time) {
      const online = this.#online(this.#boundaries.length);
      const len = this.#draw(online ? this.spec.onPeriod! : this.spec.offPeriod!);
      this.#boundaries.push(this.#boundaries[this.#boundaries.length - 1] + len);
    }
  }

  #online(periodIndex: number): boolean {
    return (periodIndex % 2 === 0) === this.#firstOnline;
  }

  #periodIndex(time: number): number {
    // Binary search for the first boundary after `time`.
    let lo = 0, hi = this.#boundaries.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.#boundaries[mid] > time) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  #stateAt(time: number): boolean {
    this.#extendTo(time);
    return this.#online(this.#periodIndex(time));
  }
}
