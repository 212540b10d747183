/**
 * The coordinator's weight vectors in Redis: each stored once under its
 * SHA-256 while jobs need it, counted per job, and deleted once no job needs
 * it and its round is over (a later round means it was aggregated).
 */
import type { Redis } from "ioredis";
import { type BlobRef, deleteBlobs, floatBytes, putContent, sha256Hex } from "./blob_store.ts";
import { WEIGHTS_PREFIX } from "./site_jobs.ts";

/** A vector in Redis, the jobs that still need it, and the last round that used it. */
interface StoredVector {
  ref: Promise<BlobRef>;
  inflight: number;
  round: number;
}

/** Weight vectors stored for a run's jobs. */
export class StoredVectors {
  #vectors = new Map<string, StoredVector>();
  /** Weight bytes hashed and offered to Redis (each distinct vector once). */
  bytesSent = 0;

  constructor(
    private readonly redis: Redis,
    private readonly opts: { ttlSeconds: number; chunkBytes: number },
  ) {}

  /**
   * Stores a vector under its SHA-256 (once while it is in use) and marks it
   * needed by one more job of `round`; returns its hash.
   */
  acquire(v: Float32Array, round: number): string {
    const bytes = floatBytes(v);
    const sha256 = sha256Hex(bytes);
    let stored = this.#vectors.get(sha256);
    if (stored === undefined) {
      this.bytesSent += bytes.byteLength;
      const ref = putContent(this.redis, WEIGHTS_PREFIX, bytes, {
        ttlSeconds: this.opts.ttlSeconds,
        chunkBytes: this.opts.chunkBytes,
        sha256,
      });
      stored = { ref, inflight: 0, round };
      ref.catch(() => {
        if (this.#vectors.get(sha256) === stored) this.#vectors.delete(sha256);
      });
      this.#vectors.set(sha256, stored);
    }
    stored.inflight++;
    stored.round = Math.max(stored.round, round);
    return sha256;
  }

  /** Where an acquired vector is stored. */
  ref(sha256: string): Promise<BlobRef> {
    return this.#vectors.get(sha256)!.ref;
  }

  /** One job less needs the vector; a vector of a round before `round` that no job needs is deleted. */
  release(sha256: string, round: number): void {
    const stored = this.#vectors.get(sha256);
    if (stored === undefined) return;
    stored.inflight--;
    if (stored.inflight === 0 && stored.round < round) void this.#drop(sha256);
  }

  /** Deletes every vector no job needs whose last round is before `beforeRound`. */
  async dropUnused(beforeRound: number): Promise<void> {
    const unused = [...this.#vectors].filter(([, v]) => v.inflight === 0 && v.round < beforeRound);
    await Promise.all(unused.map(([sha]) => this.#drop(sha)));
  }

  async #drop(sha256: string): Promise<void> {
    const stored = this.#vectors.get(sha256);
    if (stored === undefined || stored.inflight > 0) return;
    this.#vectors.delete(sha256);
    await deleteBlobs(this.redis, [await stored.ref]).catch(() => {});
  }
}
