/**
 * FedBuff's buffer (Nguyen et al. 2022, Alg. 1) and the global versions it
 * needs. A site's delta is Δᵢ = yᵢ − x_dispatch(i), so the server keeps each
 * global that some in-flight or buffered update was trained from — and only
 * those: a version is dropped as soon as no trip or buffered update uses it.
 * Everything here is plain data, so a checkpoint taken between aggregations
 * (with updates waiting) resumes bit for bit.
 */

import type { SiteFailure, SiteUpdate } from "../strategies/mod.ts";

/** One finished update waiting for the next aggregation. */
interface BufferedUpdate {
  update: SiteUpdate;
  /** Global version the site trained from. */
  dispatchVersion: number;
}

/** The buffer as saved in a checkpoint. */
export interface AsyncBufferState {
  updates: BufferedUpdate[];
  failures: SiteFailure[];
  /** The globals some in-flight or buffered update was trained from. */
  versions: { version: number; global: Float32Array }[];
}

/** Buffered updates and failures since the last aggregation, with the globals their deltas need. */
export class AsyncBuffer {
  #updates: BufferedUpdate[] = [];
  #failures: SiteFailure[] = [];
  #versions = new Map<number, Float32Array>();

  get size(): number {
    return this.#updates.length;
  }

  /** Versions held (for tests of the memory bound). */
  get versionsHeld(): number[] {
    return [...this.#versions.keys()].sort((a, b) => a - b);
  }

  /** Records the global of `version` as one a site is being dispatched with (not copied). */
  rememberDispatch(version: number, global: Float32Array): void {
    if (!this.#versions.has(version)) this.#versions.set(version, global);
  }

  add(update: SiteUpdate, dispatchVersion: number): void {
    this.#updates.push({ update, dispatchVersion });
  }

  fail(failure: SiteFailure): void {
    this.#failures.push(failure);
  }

  /** Forgets every version neither an in-flight trip nor a buffered update was trained from. */
  prune(inFlightVersions: Iterable<number>): void {
    const used = new Set(inFlightVersions);
    for (const b of this.#updates) used.add(b.dispatchVersion);
    for (const v of [...this.#versions.keys()]) if (!used.has(v)) this.#versions.delete(v);
  }

  /**
   * Empties the buffer into updates for aggregating into global `version`:
   * each carries its staleness τ and, when older, the global it was trained from.
   */
  take(version: number): { updates: SiteUpdate[]; failures: SiteFailure[] } {
    const updates = this.#updates.map(({ update, dispatchVersion }) => {
      const from = this.#versions.get(dispatchVersion);
      if (dispatchVersion !== version && from === undefined) {
        throw new RangeError(
          `Expected the global of version ${dispatchVersion} for site ${update.siteId} but found none`,
        );
      }
      return {
        ...update,
        staleness: version - dispatchVersion,
        dispatchedFrom: dispatchVersion === version ? undefined : from,
      };
    });
    const failures = [...this.#failures].sort((a, b) => a.siteId - b.siteId);
    this.#updates = [];
    this.#failures = [];
    return { updates, failures };
  }

  state(): AsyncBufferState {
    return {
      updates: this.#updates.map((b) => ({ ...b })),
      failures: this.#failures.map((f) => ({ ...f })),
      versions: [...this.#versions].map(([version, global]) => ({ version, global })),
    };
  }

  /** Restores a saved buffer; a checkpoint from before buffers were saved restores an empty one. */
  restore(saved: AsyncBufferState | undefined): void {
    this.#updates = (saved?.updates ?? []).map((b) => ({ ...b }));
    this.#failures = (saved?.failures ?? []).map((f) => ({ ...f }));
    this.#versions = new Map((saved?.versions ?? []).map((v) => [v.version, v.global]));
  }
}
