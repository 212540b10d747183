/**
 * The messages of one secure-aggregation round and their sizes on the wire.
 * Sites and the server exchange nothing else: the server receives public
 * keys, sealed share envelopes it cannot open, masked vectors and, in the
 * last round, the shares it needs to remove masks — never a plain update.
 */

import { NONCE_BYTES, PUBLIC_KEY_BYTES, SECRET_BYTES, TAG_BYTES } from "./keys.ts";
import { chunkCount, type Share } from "./shamir.ts";

/** Message kinds secure aggregation adds to the ledger, with what each carries. */
export const SECAGG_KINDS = {
  "secagg-keys": "public keys: each site's two ECDH keys up, its group's keys down",
  "secagg-shares": "sealed Shamir shares of mask seeds, relayed site → server → site",
  "secagg-masked-update": "a site's quantised update plus its masks, in the ring Z/2^32",
  "secagg-unmask": "the survivor list down; shares of self-mask seeds or dropped sites' keys up",
} as const;

/** A secure-aggregation message kind. */
export type SecAggKind = keyof typeof SECAGG_KINDS;

/** All secure-aggregation kinds, in protocol order. */
export const SECAGG_KIND_NAMES: readonly SecAggKind[] = Object.keys(SECAGG_KINDS) as SecAggKind[];

/** Bytes of a site id on the wire. */
export const SITE_ID_BYTES = 4;
/** Bytes of one field element of a share on the wire. */
export const FIELD_ELEMENT_BYTES = 4;
/** Bytes of one ring word of a masked update. */
export const RING_WORD_BYTES = 4;

/** Round 0, site → server: the site's two public keys. */
export interface KeyAdvert {
  siteId: number;
  /** Public key whose agreements seed the pairwise masks (s_u^PK). */
  maskPublicKey: Uint8Array;
  /** Public key whose agreements encrypt the shares (c_u^PK). */
  sharePublicKey: Uint8Array;
}

/**
 * Round 0, server → each site: the adverts of its group (itself and its
 * neighbours in the masking graph; everyone in the original protocol),
 * ordered by site id. A site's Shamir share point is its id + 1.
 */
export interface KeyDirectory {
  sites: readonly KeyAdvert[];
}

/** Round 1, site → server → site: one sealed bundle of shares, readable only by `to`. */
export interface ShareEnvelope {
  from: number;
  to: number;
  /** AES-GCM nonce ‖ ciphertext ‖ tag of the two shares `from` made for `to`. */
  sealed: Uint8Array;
}

/** Round 2, site → server: the site's masked, quantised update. */
export interface MaskedInput {
  siteId: number;
  masked: Uint32Array;
}

/** Round 3, server → each surviving site: which sites of its group had their masked inputs arrive. */
export interface SurvivorList {
  survivors: readonly number[];
}

/** One share a site reveals in the unmasking round, and whose secret it belongs to. */
export interface RevealedShare {
  owner: number;
  share: Share;
}

/** Round 3, site → server: shares of survivors' self-mask seeds and of dropped sites' mask keys. */
export interface UnmaskResponse {
  from: number;
  selfMaskShares: RevealedShare[];
  maskKeyShares: RevealedShare[];
}

/** Bytes of the plaintext inside a share envelope: two shares of 32-byte secrets. */
export const SHARE_PLAINTEXT_BYTES = 2 * chunkCount(SECRET_BYTES) * FIELD_ELEMENT_BYTES;

/** Bytes of a key advert (the sender is known from the link). */
export const KEY_ADVERT_BYTES = 2 * PUBLIC_KEY_BYTES;

/** Bytes of one directory entry: a site id and its two keys. */
export const DIRECTORY_ENTRY_BYTES = SITE_ID_BYTES + KEY_ADVERT_BYTES;

/** Bytes of one share envelope on a link: the other end's id and the sealed shares. */
export const ENVELOPE_BYTES = SITE_ID_BYTES + NONCE_BYTES + SHARE_PLAINTEXT_BYTES + TAG_BYTES;

/** Bytes of one revealed share: the owner's id and the share's field elements. */
export const REVEALED_SHARE_BYTES = SITE_ID_BYTES +
  chunkCount(SECRET_BYTES) * FIELD_ELEMENT_BYTES;

/** Bytes of a masked update of `dim` words. */
export function maskedInputBytes(dim: number): number {
  return dim * RING_WORD_BYTES;
}

/** Bytes of a survivor list of `count` sites. */
export function survivorListBytes(count: number): number {
  return count * SITE_ID_BYTES;
}

/** Bytes of an unmasking response revealing `count` shares. */
export function unmaskResponseBytes(count: number): number {
  return count * REVEALED_SHARE_BYTES;
}

/** The plaintext of a share envelope: the mask-key share, then the self-mask share. */
export function encodeSharePair(maskKey: Share, selfMask: Share): Uint8Array {
  const c = maskKey.y.length;
  const words = new Uint32Array(2 * c);
  words.set(maskKey.y);
  words.set(selfMask.y, c);
  return new Uint8Array(words.buffer);
}

/** Reads a plaintext made by {@link encodeSharePair} back into the two shares held at `x`. */
export function decodeSharePair(
  plaintext: Uint8Array,
  x: number,
): { maskKey: Share; selfMask: Share } {
  if (plaintext.length !== SHARE_PLAINTEXT_BYTES) {
    throw new RangeError(
      `Expected a ${SHARE_PLAINTEXT_BYTES}-byte share plaintext but found ${plaintext.length}`,
    );
  }
  const words = new Uint32Array(plaintext.slice().buffer);
  const c = words.length / 2;
  return {
    maskKey: { x, y: words.slice(0, c), secretLength: SECRET_BYTES },
    selfMask: { x, y: words.slice(c), secretLength: SECRET_BYTES },
  };
}

/** The authenticated context of an envelope: sender id ‖ receiver id. */
export function envelopeContext(from: number, to: number): Uint8Array {
  return new Uint8Array(new Uint32Array([from, to]).buffer);
}
