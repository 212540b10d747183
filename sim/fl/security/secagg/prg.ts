/**
 * The pseudorandom generator that stretches a 32-byte seed into a mask of
 * ring words: AES-256 in counter mode over zeros (WebCrypto), i.e. the AES
 * keystream. Every seed is used for one mask only, so a zero counter is safe.
 */

import { SECRET_BYTES } from "./keys.ts";

const ZERO_COUNTER = new Uint8Array(16);
let zeros = new Uint8Array(0);

/**
 * `length` pseudorandom words mod 2^32 from `seed`; the same seed always
 * gives the same mask, which is how both ends of a pair (and the server,
 * after rebuilding a seed) obtain identical masks.
 *
 * @example
 * ```ts
 * import { expandMask } from "./prg.ts";
 * const seed = new Uint8Array(32).fill(7);
 * const [a, b] = [await expandMask(seed, 4), await expandMask(seed, 4)];
 * if (a.join() !== b.join()) throw new Error("a PRG is deterministic");
 * ```
 */
export async function expandMask(seed: Uint8Array, length: number): Promise<Uint32Array> {
  if (seed.length !== SECRET_BYTES) {
    throw new RangeError(`Expected a ${SECRET_BYTES}-byte seed but found ${seed.length}`);
  }
  if (!Number.isInteger(length) || length < 0) {
    throw new RangeError(`Expected mask length to be an integer ≥ 0 but found ${length}`);
  }
  const key = await crypto.subtle.importKey("raw", seed as BufferSource, "AES-CTR", false, [
    "encrypt",
  ]);
  // Encrypting never writes its input, so one zero buffer serves every call.
  if (zeros.length < length * 4) zeros = new Uint8Array(length * 4);
  const stream = await crypto.subtle.encrypt(
    { name: "AES-CTR", counter: ZERO_COUNTER, length: 64 },
    key,
    zeros.subarray(0, length * 4),
  );
  return new Uint32Array(stream);
}
