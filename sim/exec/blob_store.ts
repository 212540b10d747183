/**
 * Binary values in Redis, checked by SHA-256: weight vectors and site
 * updates. Redis refuses values over 512 MB, so a value is written in
 * pieces (`<key>:0`, `<key>:1`, …) of at most {@link DEFAULT_CHUNK_BYTES};
 * every piece carries an expiry so nothing outlives a crashed coordinator.
 * Float vectors travel as their little-endian float32 bytes.
 */

import { Buffer } from "node:buffer";
import { createHash } from "node:crypto";
import type { Redis } from "ioredis";

/** Where a stored value lives and how to check it. */
export interface BlobRef {
  key: string;
  sha256: string;
  bytes: number;
  chunks: number;
}

/** The largest value Redis accepts (its `proto-max-bulk-len` default). */
export const MAX_REDIS_VALUE_BYTES = 512 * 1024 * 1024;

/** Piece size: well under Redis's limit, and small enough to pipeline without huge copies. */
export const DEFAULT_CHUNK_BYTES = 64 * 1024 * 1024;

/** A stored value that is gone (expired or deleted). */
export class BlobMissingError extends Error {
  constructor(key: string) {
    super(`Expected the stored value ${key} in Redis but found it missing (expired or deleted)`);
    this.name = "BlobMissingError";
  }
}

/** A stored value whose bytes do not match their SHA-256. */
export class BlobCorruptError extends Error {
  constructor(ref: BlobRef, found: string) {
    super(`Expected ${ref.key} to hash to ${ref.sha256} but found ${found}`);
    this.name = "BlobCorruptError";
  }
}

/** Options for writing a value. */
export interface PutOptions {
  /** Seconds until Redis drops the value. */
  ttlSeconds: number;
  chunkBytes?: number;
  /** The value's SHA-256 when the caller already knows it. */
  sha256?: string;
}

if (new Uint8Array(new Uint32Array([1]).buffer)[0] !== 1) {
  // Weights travel as raw float32 bytes; a big-endian host would read them wrongly.
  throw new TypeError("Expected a little-endian host but found a big-endian one");
}

/** SHA-256 of `bytes` as 64 hex digits. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** The bytes of a float vector (a view, not a copy). */
export function floatBytes(v: Float32Array): Uint8Array {
  return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
}

/** A float vector over `bytes` (copied only when they are not 4-byte aligned). */
export function bytesToFloats(bytes: Uint8Array): Float32Array {
  if (bytes.byteLength % 4 !== 0) {
    throw new RangeError(`Expected a multiple of 4 bytes but found ${bytes.byteLength}`);
  }
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
  return new Float32Array(aligned.buffer, aligned.byteOffset, aligned.byteLength / 4);
}

function chunkCount(bytes: number, chunkBytes: number): number {
  if (!Number.isInteger(chunkBytes) || chunkBytes < 1 || chunkBytes > MAX_REDIS_VALUE_BYTES) {
    throw new RangeError(
      `Expected a piece size in 1..${MAX_REDIS_VALUE_BYTES} bytes but found ${chunkBytes}`,
    );
  }
  return Math.max(1, Math.ceil(bytes / chunkBytes));
}

/** The Redis keys of a stored value's pieces. */
export function pieceKeys(ref: Pick<BlobRef, "key" | "chunks">): string[] {
  return Array.from({ length: ref.chunks }, (_, i) => `${ref.key}:${i}`);
}

/** Writes `bytes` under `key` in pieces with an expiry; overwriting gives the same bytes. */
export async function putBlob(
  redis: Redis,
  key: string,
  bytes: Uint8Array,
  opts: PutOptions,
): Promise<BlobRef> {
  const chunkBytes = opts.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  const ref: BlobRef = {
    key,
    sha256: opts.sha256 ?? sha256Hex(bytes),
    bytes: bytes.byteLength,
    chunks: chunkCount(bytes.byteLength, chunkBytes),
  };
  const ttl = Math.max(1, Math.ceil(opts.ttlSeconds));
  const pipe = redis.pipeline();
  pieceKeys(ref).forEach((k, i) => {
    const start = i * chunkBytes;
    const piece = bytes.subarray(start, Math.min(bytes.byteLength, start + chunkBytes));
    // ioredis stringifies a bare Uint8Array; a Buffer view goes out as raw bytes without a copy.
    pipe.set(k, Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength), "EX", ttl);
  });
  await execOrThrow(pipe);
  return ref;
}

/**
 * Stores `bytes` once under their SHA-256 (`<prefix>:<sha256>`): when every
 * piece is already there, only the expiry is refreshed.
 */
export async function putContent(
  redis: Redis,
  prefix: string,
  bytes: Uint8Array,
  opts: PutOptions,
): Promise<BlobRef> {
  const chunkBytes = opts.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  const sha256 = opts.sha256 ?? sha256Hex(bytes);
  const ref: BlobRef = {
    key: `${prefix}:${sha256}`,
    sha256,
    bytes: bytes.byteLength,
    chunks: chunkCount(bytes.byteLength, chunkBytes),
  };
  const ttl = Math.max(1, Math.ceil(opts.ttlSeconds));
  const pipe = redis.pipeline();
  for (const k of pieceKeys(ref)) pipe.expire(k, ttl);
  const refreshed = await execOrThrow(pipe);
  if (refreshed.every((n) => n === 1)) return ref;
  return await putBlob(redis, ref.key, bytes, { ...opts, chunkBytes, sha256 });
}

/** Reads a stored value and checks its SHA-256. */
export async function getBlob(redis: Redis, ref: BlobRef): Promise<Uint8Array> {
  const pipe = redis.pipeline();
  for (const k of pieceKeys(ref)) pipe.getBuffer(k);
  const pieces = await execOrThrow(pipe) as (Uint8Array | null)[];
  const out = new Uint8Array(ref.bytes);
  let at = 0;
  for (const [i, piece] of pieces.entries()) {
    if (piece === null) throw new BlobMissingError(`${ref.key}:${i}`);
    if (at + piece.byteLength > ref.bytes) {
      throw new BlobCorruptError(ref, "more bytes than stored");
    }
    out.set(piece, at);
    at += piece.byteLength;
  }
  if (at !== ref.bytes) throw new BlobCorruptError(ref, `${at} of ${ref.bytes} bytes`);
  const found = sha256Hex(out);
  if (found !== ref.sha256) throw new BlobCorruptError(ref, found);
  return out;
}

/** Deletes a stored value's pieces. */
export async function deleteBlobs(redis: Redis, refs: readonly BlobRef[]): Promise<void> {
  const keys = refs.flatMap(pieceKeys);
  if (keys.length > 0) await redis.del(...keys);
}

async function execOrThrow(pipe: ReturnType<Redis["pipeline"]>): Promise<unknown[]> {
  const replies = await pipe.exec();
  if (replies === null) throw new Error("Expected Redis to run the pipeline but it was aborted");
  return replies.map(([err, value]) => {
    if (err) throw err;
    return value;
  });
}
