/**
 * The site's side of secure aggregation. Everything secret lives here and
 * never leaves except as the messages of messages.ts: the plain quantised
 * update, both private keys, the self-mask seed and the shares received.
 */

import {
  agree,
  exportPrivateScalar,
  exportPublicKey,
  generateKeyPair,
  importPublicKey,
  open,
  randomSecret,
  seal,
} from "./keys.ts";
import {
  decodeSharePair,
  encodeSharePair,
  envelopeContext,
  type KeyAdvert,
  type KeyDirectory,
  type MaskedInput,
  type RevealedShare,
  SHARE_PLAINTEXT_BYTES,
  type ShareEnvelope,
  type SurvivorList,
  type UnmaskResponse,
} from "./messages.ts";
import { addOps, type SecAggOps, splitFieldOps, zeroOps } from "./ops.ts";
import { expandMask } from "./prg.ts";
import { addInto, subtractInto } from "./ring.ts";
import { splitSecretAt } from "./shamir.ts";

/** One site in one secure-aggregation round; call its methods in protocol order. */
export class SecAggSite {
  /** The site's id (orders the pairwise masks). */
  readonly siteId: number;
  /** Work this site has done so far. */
  readonly ops: SecAggOps = zeroOps();
  readonly #input: Uint32Array;
  readonly #threshold: number;
  #maskPair?: CryptoKeyPair;
  #sharePair?: CryptoKeyPair;
  #selfSeed?: Uint8Array;
  #directory?: KeyDirectory;
  #shareKeys = new Map<number, Uint8Array>();
  #inbox: ShareEnvelope[] = [];
  #ownShares?: { maskKey: RevealedShare["share"]; selfMask: RevealedShare["share"] };

  /** A site holding its already quantised update `input` (ring words). */
  constructor(siteId: number, input: Uint32Array, threshold: number) {
    this.siteId = siteId;
    this.#input = input;
    this.#threshold = threshold;
    addOps(this.ops, { ringWords: input.length }); // quantising
  }

  /** Round 0: makes both key pairs and advertises the public halves. */
  async advertiseKeys(): Promise<KeyAdvert> {
    [this.#maskPair, this.#sharePair] = await Promise.all([generateKeyPair(), generateKeyPair()]);
    addOps(this.ops, { keyGenerations: 2 });
    return {
      siteId: this.siteId,
      maskPublicKey: await exportPublicKey(this.#maskPair.publicKey),
      sharePublicKey: await exportPublicKey(this.#sharePair.publicKey),
    };
  }

  /**
   * Round 1: draws the self-mask seed, Shamir-shares it and the mask private
   * key among the sites of the directory (this site and its neighbours; a
   * holder's share point is its site id + 1), and seals each holder's pair
   * of shares under a key only that holder can also derive.
   */
  async shareKeys(directory: KeyDirectory): Promise<ShareEnvelope[]> {
    const n = directory.sites.length;
    if (n < this.#threshold) {
      throw new RangeError(
        `Expected at least ${this.#threshold} sites in the key directory but found ${n}`,
      );
    }
    const self = this.#indexIn(directory);
    this.#directory = directory;
    this.#selfSeed = randomSecret();
    const points = directory.sites.map((s) => s.siteId + 1);
    const maskKey = splitSecretAt(
      await exportPrivateScalar(this.#maskPair!.privateKey),
      points,
      this.#threshold,
    );
    const selfMask = splitSecretAt(this.#selfSeed, points, this.#threshold);
    addOps(this.ops, { fieldOps: 2 * splitFieldOps(n, this.#threshold) });
    this.#ownShares = { maskKey: maskKey[self], selfMask: selfMask[self] };
    const envelopes = await Promise.all(directory.sites.map(async (peer, i) => {
      if (peer.siteId === this.siteId) return null;
      const key = await agree(
        this.#sharePair!.privateKey,
        await importPublicKey(peer.sharePublicKey),
        "share-encryption",
      );
      this.#shareKeys.set(peer.siteId, key);
      const plaintext = encodeSharePair(maskKey[i], selfMask[i]);
      const sealed = await seal(key, plaintext, envelopeContext(this.siteId, peer.siteId));
      return { from: this.siteId, to: peer.siteId, sealed };
    }));
    addOps(this.ops, { keyAgreements: n - 1, sealedBytes: (n - 1) * SHARE_PLAINTEXT_BYTES });
    return envelopes.filter((e): e is ShareEnvelope => e !== null);
  }

  /** Round 1 delivery: the sealed shares other sites made for this one. */
  receiveShares(envelopes: readonly ShareEnvelope[]): void {
    for (const envelope of envelopes) {
      if (envelope.to !== this.siteId) {
        throw new TypeError(
          `Expected envelopes for site ${this.siteId} but found one for ${envelope.to}`,
        );
      }
    }
    this.#inbox.push(...envelopes);
  }

  /**
   * Round 2: y = x + PRG(b) + Σ_v ±PRG(s_uv) mod 2^32, with + when this
   * site's id is below v's and − above, so every pair cancels in the sum.
   */
  async maskedInput(): Promise<MaskedInput> {
    const directory = this.#requireDirectory();
    const dim = this.#input.length;
    const masked = this.#input.slice();
    addInto(masked, await expandMask(this.#selfSeed!, dim));
    const peers = directory.sites.filter((peer) => peer.siteId !== this.siteId);
    const seeds = await Promise.all(
      peers.map(async (peer) =>
        agree(this.#maskPair!.privateKey, await importPublicKey(peer.maskPublicKey), "mask")
      ),
    );
    // Expand one mask at a time so memory stays at two vectors whatever n is.
    for (let i = 0; i < peers.length; i++) {
      const mask = await expandMask(seeds[i], dim);
      if (this.siteId < peers[i].siteId) addInto(masked, mask);
      else subtractInto(masked, mask);
    }
    const n = directory.sites.length;
    addOps(this.ops, { keyAgreements: n - 1, prgWords: n * dim, ringWords: n * dim });
    return { siteId: this.siteId, masked };
  }

  /**
   * Round 3: for each site of the directory reveals exactly one share — of
   * its self-mask seed if it survived, of its mask key if it dropped — so
   * the server never holds both secrets of any site.
   */
  async unmask(list: SurvivorList): Promise<UnmaskResponse> {
    const directory = this.#requireDirectory();
    const survivors = new Set(list.survivors);
    const near = directory.sites.filter((s) => survivors.has(s.siteId)).length;
    if (near < this.#threshold) {
      // Bonawitz et al. abort here: revealing shares for fewer than t
      // survivors could help rebuild the secrets of a site that is alive.
      throw new RangeError(
        `Expected at least ${this.#threshold} surviving sites but found ${near}`,
      );
    }
    const x = this.siteId + 1;
    const held = new Map<number, ReturnType<typeof decodeSharePair>>();
    held.set(this.siteId, this.#ownShares!);
    await Promise.all(this.#inbox.map(async (envelope) => {
      const key = this.#shareKeys.get(envelope.from);
      if (key === undefined) {
        throw new TypeError(
          `Expected envelopes from sites in the directory but found ${envelope.from}`,
        );
      }
      const plaintext = await open(
        key,
        envelope.sealed,
        envelopeContext(envelope.from, this.siteId),
      );
      held.set(envelope.from, decodeSharePair(plaintext, x));
    }));
    addOps(this.ops, { sealedBytes: this.#inbox.length * SHARE_PLAINTEXT_BYTES });
    const selfMaskShares: RevealedShare[] = [];
    const maskKeyShares: RevealedShare[] = [];
    for (const { siteId } of directory.sites) {
      const shares = held.get(siteId);
      if (shares === undefined) continue;
      if (survivors.has(siteId)) selfMaskShares.push({ owner: siteId, share: shares.selfMask });
      else maskKeyShares.push({ owner: siteId, share: shares.maskKey });
    }
    return { from: this.siteId, selfMaskShares, maskKeyShares };
  }

  #requireDirectory(): KeyDirectory {
    if (this.#directory === undefined || this.#selfSeed === undefined) {
      throw new TypeError("Expected shareKeys() to run before this round but found it had not");
    }
    return this.#directory;
  }

  #indexIn(directory: KeyDirectory): number {
    const index = directory.sites.findIndex((s) => s.siteId === this.siteId);
    if (index < 0) {
      throw new RangeError(
        `Expected site ${this.siteId} in the key directory but found it missing`,
      );
    }
    return index;
  }
}
