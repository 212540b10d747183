/**
 * The server's side of secure aggregation. It imports nothing from site.ts:
 * all it ever holds is what sites send it (messages.ts) — public keys,
 * sealed envelopes it relays unopened, masked vectors and, in the last
 * round, one share per site of either a self-mask seed or a dropped site's
 * mask key. From these it learns the sum of the survivors' inputs and
 * nothing else.
 */

import { agree, importPrivateScalar, importPublicKey } from "./keys.ts";
import type {
  KeyAdvert,
  KeyDirectory,
  MaskedInput,
  RevealedShare,
  ShareEnvelope,
  SurvivorList,
  UnmaskResponse,
} from "./messages.ts";
import { addOps, interpolateFieldOps, type SecAggOps, weightFieldOps, zeroOps } from "./ops.ts";
import { expandMask } from "./prg.ts";
import { addInto, subtractInto } from "./ring.ts";
import { interpolateSecret, lagrangeWeightsAtZero, type Share } from "./shamir.ts";

/** Everything the server received in one round, for inspection (tests, audits). */
export interface ServerView {
  adverts: readonly KeyAdvert[];
  envelopes: readonly ShareEnvelope[];
  maskedInputs: readonly MaskedInput[];
  unmaskResponses: readonly UnmaskResponse[];
}

/** The aggregation server of one secure-aggregation round; call its methods in protocol order. */
export class SecAggServer {
  /** Work the server has done so far. */
  readonly ops: SecAggOps = zeroOps();
  readonly #threshold: number;
  readonly #dim: number;
  #adverts = new Map<number, KeyAdvert>();
  #directory?: KeyDirectory;
  #mailboxes = new Map<number, ShareEnvelope[]>();
  #masked = new Map<number, MaskedInput>();
  #responses = new Map<number, UnmaskResponse>();

  /** A server expecting masked vectors of `dim` words and rebuilding secrets from `threshold` shares. */
  constructor(threshold: number, dim: number) {
    this.#threshold = threshold;
    this.#dim = dim;
  }

  /** Round 0 upload. */
  receiveKeys(advert: KeyAdvert): void {
    if (this.#adverts.has(advert.siteId)) {
      throw new RangeError(`Expected one key advert per site but found two from ${advert.siteId}`);
    }
    this.#adverts.set(advert.siteId, advert);
  }

  /** Round 0 broadcast: all adverts ordered by site id. Aborts with fewer than `threshold` sites. */
  directory(): KeyDirectory {
    const sites = [...this.#adverts.values()].sort((a, b) => a.siteId - b.siteId);
    requireAtLeast(this.#threshold, sites.length, "sites advertising keys");
    this.#directory = { sites };
    return this.#directory;
  }

  /** Round 1 upload: sealed envelopes, stored unopened for relaying. */
  receiveShares(envelopes: readonly ShareEnvelope[]): void {
    for (const envelope of envelopes) {
      const box = this.#mailboxes.get(envelope.to) ?? [];
      box.push(envelope);
      this.#mailboxes.set(envelope.to, box);
    }
  }

  /** Round 1 relay: the envelopes addressed to `siteId`. */
  sharesFor(siteId: number): ShareEnvelope[] {
    return [...(this.#mailboxes.get(siteId) ?? [])];
  }

  /** Round 2 upload: one site's masked update. */
  receiveMaskedInput(input: MaskedInput): void {
    if (input.masked.length !== this.#dim) {
      throw new RangeError(
        `Expected a masked update of ${this.#dim} words but found ${input.masked.length}`,
      );
    }
    this.#masked.set(input.siteId, input);
  }

  /** Round 3 broadcast: whose masked inputs arrived. Aborts with fewer than `threshold`. */
  survivorList(): SurvivorList {
    const survivors = [...this.#masked.keys()].sort((a, b) => a - b);
    requireAtLeast(this.#threshold, survivors.length, "masked updates");
    return { survivors };
  }

  /** Round 3 upload: one site's revealed shares. */
  receiveUnmaskResponse(response: UnmaskResponse): void {
    this.#responses.set(response.from, response);
  }

  /**
   * The sum of the survivors' quantised inputs mod 2^32: adds the masked
   * vectors, rebuilds each survivor's self-mask seed and each dropped site's
   * mask key from `threshold` responders' shares, and removes those masks.
   */
  async unmask(): Promise<Uint32Array> {
    const directory = this.#directory;
    if (directory === undefined) {
      throw new TypeError("Expected directory() to run before unmask() but found it had not");
    }
    const t = this.#threshold;
    requireAtLeast(t, this.#responses.size, "sites answering the unmasking round");
    // The same t holders serve every secret, so their Lagrange weights are computed once.
    const points = new Map(directory.sites.map((s, i) => [s.siteId, i + 1]));
    const holders = [...this.#responses.values()].sort((a, b) => a.from - b.from).slice(0, t);
    const weights = lagrangeWeightsAtZero(holders.map((h) => points.get(h.from)!));
    addOps(this.ops, { fieldOps: weightFieldOps(t) });
    const rebuild = (owner: number, pick: (r: UnmaskResponse) => RevealedShare[]): Uint8Array => {
      const shares: Share[] = holders.map((h) => {
        const found = pick(h).find((s) => s.owner === owner);
        if (found === undefined) {
          throw new RangeError(
            `Expected a share of site ${owner}'s secret from site ${h.from} but found none`,
          );
        }
        return found.share;
      });
      addOps(this.ops, { fieldOps: interpolateFieldOps(t) });
      return interpolateSecret(shares, weights);
    };

    const survivors = [...this.#masked.keys()].sort((a, b) => a - b);
    const sum = new Uint32Array(this.#dim);
    for (const id of survivors) addInto(sum, this.#masked.get(id)!.masked);
    addOps(this.ops, { ringWords: survivors.length * this.#dim });

    for (const id of survivors) {
      const seed = rebuild(id, (r) => r.selfMaskShares);
      subtractInto(sum, await expandMask(seed, this.#dim));
      addOps(this.ops, { prgWords: this.#dim, ringWords: this.#dim });
    }

    for (const dropped of directory.sites) {
      if (this.#masked.has(dropped.siteId)) continue;
      // Each survivor v added +PRG(s_uv) if v < u and −PRG(s_uv) otherwise;
      // with u's rebuilt key the server recomputes and takes those terms out.
      const privateKey = await importPrivateScalar(
        rebuild(dropped.siteId, (r) => r.maskKeyShares),
        dropped.maskPublicKey,
      );
      for (const id of survivors) {
        const survivor = directory.sites[points.get(id)! - 1];
        const seed = await agree(privateKey, await importPublicKey(survivor.maskPublicKey), "mask");
        const mask = await expandMask(seed, this.#dim);
        if (id < dropped.siteId) subtractInto(sum, mask);
        else addInto(sum, mask);
      }
      addOps(this.ops, {
        keyAgreements: survivors.length,
        prgWords: survivors.length * this.#dim,
        ringWords: survivors.length * this.#dim,
      });
    }
    return sum;
  }

  /** What the server has received so far. */
  view(): ServerView {
    return {
      adverts: [...this.#adverts.values()],
      envelopes: [...this.#mailboxes.values()].flat(),
      maskedInputs: [...this.#masked.values()],
      unmaskResponses: [...this.#responses.values()],
    };
  }
}

function requireAtLeast(threshold: number, found: number, what: string): void {
  if (found < threshold) {
    throw new RangeError(
      `Expected at least ${threshold} ${what} (the Shamir threshold) but found ${found}`,
    );
  }
}
