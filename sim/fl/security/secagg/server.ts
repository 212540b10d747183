/**
 * The server's side of secure aggregation. It imports nothing from site.ts:
 * all it ever holds is what sites send it (messages.ts) — public keys,
 * sealed envelopes it relays unopened, masked vectors and, in the last
 * round, one share per site of either a self-mask seed or a dropped site's
 * mask key. From these it learns the sum of the survivors' inputs and
 * nothing else.
 */

import { completeGraph, type MaskingGraph, maskingGraph } from "./graph.ts";
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

/** How the server lays out the masking graph once all keys are in. */
export interface GraphChoice {
  /** Neighbours per site (even); omitted or ≥ n − 1 for the complete graph. */
  neighbours?: number;
  /** Seed the random graph is drawn from. */
  seed: number;
}

/** The aggregation server of one secure-aggregation round; call its methods in protocol order. */
export class SecAggServer {
  /** Work the server has done so far. */
  readonly ops: SecAggOps = zeroOps();
  readonly #threshold: number;
  readonly #dim: number;
  readonly #graphChoice?: GraphChoice;
  #adverts = new Map<number, KeyAdvert>();
  #graph?: MaskingGraph;
  #mailboxes = new Map<number, ShareEnvelope[]>();
  #masked = new Map<number, MaskedInput>();
  #responses = new Map<number, UnmaskResponse>();

  /**
   * A server expecting masked vectors of `dim` words and rebuilding secrets
   * from `threshold` shares; without `graph`, every site masks with every other.
   */
  constructor(threshold: number, dim: number, graph?: GraphChoice) {
    this.#threshold = threshold;
    this.#dim = dim;
    this.#graphChoice = graph;
  }

  /** Round 0 upload. */
  receiveKeys(advert: KeyAdvert): void {
    if (this.#graph !== undefined) {
      throw new TypeError(
        `Expected keys before the directory went out but found site ${advert.siteId}'s after`,
      );
    }
    if (this.#adverts.has(advert.siteId)) {
      throw new RangeError(`Expected one key advert per site but found two from ${advert.siteId}`);
    }
    this.#adverts.set(advert.siteId, advert);
  }

  /** The masking graph over the sites that advertised keys (public; fixed at the first directory). */
  graph(): MaskingGraph {
    if (this.#graph === undefined) {
      const ids = [...this.#adverts.keys()];
      requireAtLeast(this.#threshold, ids.length, "sites advertising keys");
      const choice = this.#graphChoice;
      this.#graph = choice === undefined
        ? completeGraph(ids)
        : maskingGraph(ids, choice.neighbours ?? ids.length - 1, choice.seed);
    }
    return this.#graph;
  }

  /** Round 0 reply to `siteId`: the adverts of its group, ordered by site id. */
  directoryFor(siteId: number): KeyDirectory {
    return { sites: this.#group(siteId).map((id) => this.#adverts.get(id)!) };
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

  /** Round 3: everyone whose masked input arrived. Aborts with fewer than `threshold`. */
  survivorList(): SurvivorList {
    const survivors = [...this.#masked.keys()].sort((a, b) => a - b);
    requireAtLeast(this.#threshold, survivors.length, "masked updates");
    return { survivors };
  }

  /** Round 3 broadcast to `siteId`: the survivors of its group. */
  survivorListFor(siteId: number): SurvivorList {
    const all = new Set(this.survivorList().survivors);
    return { survivors: this.#group(siteId).filter((id) => all.has(id)) };
  }

  /** Round 3 upload: one site's revealed shares. */
  receiveUnmaskResponse(response: UnmaskResponse): void {
    this.#responses.set(response.from, response);
  }

  /**
   * The sum of the survivors' quantised inputs mod 2^32: adds the masked
   * vectors, rebuilds each survivor's self-mask seed and each dropped site's
   * mask key from `threshold` of its group's responders, and removes those
   * masks.
   */
  async unmask(): Promise<Uint32Array> {
    const graph = this.graph();
    const t = this.#threshold;
    requireAtLeast(t, this.#responses.size, "sites answering the unmasking round");
    // Holders are the first t responders of the owner's group; with the
    // complete graph that is the same set for every owner, so the Lagrange
    // weights are computed once.
    const weightsByHolders = new Map<string, Float64Array>();
    const rebuild = (
      owner: number,
      what: string,
      pick: (r: UnmaskResponse) => RevealedShare[],
    ): Uint8Array => {
      const holders = this.#group(owner).filter((id) => this.#responses.has(id)).slice(0, t);
      requireAtLeast(t, holders.length, `shares of site ${owner}'s ${what}`);
      const key = holders.join(",");
      let weights = weightsByHolders.get(key);
      if (weights === undefined) {
        weights = lagrangeWeightsAtZero(holders.map((id) => id + 1));
        weightsByHolders.set(key, weights);
        addOps(this.ops, { fieldOps: weightFieldOps(t) });
      }
      const shares: Share[] = holders.map((id) => {
        const found = pick(this.#responses.get(id)!).find((s) => s.owner === owner);
        if (found === undefined) {
          throw new RangeError(
            `Expected a share of site ${owner}'s ${what} from site ${id} but found none`,
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
      const seed = rebuild(id, "self-mask seed", (r) => r.selfMaskShares);
      subtractInto(sum, await expandMask(seed, this.#dim));
      addOps(this.ops, { prgWords: this.#dim, ringWords: this.#dim });
    }

    for (const [dropped, neighbours] of graph) {
      if (this.#masked.has(dropped)) continue;
      // Each surviving neighbour v added +PRG(s_uv) if v < u and −PRG(s_uv)
      // otherwise; with u's rebuilt key the server recomputes those terms.
      const advert = this.#adverts.get(dropped)!;
      const privateKey = await importPrivateScalar(
        rebuild(dropped, "mask key", (r) => r.maskKeyShares),
        advert.maskPublicKey,
      );
      const alive = neighbours.filter((id) => this.#masked.has(id));
      for (const id of alive) {
        const peer = await importPublicKey(this.#adverts.get(id)!.maskPublicKey);
        const mask = await expandMask(await agree(privateKey, peer, "mask"), this.#dim);
        if (id < dropped) subtractInto(sum, mask);
        else addInto(sum, mask);
      }
      addOps(this.ops, {
        keyAgreements: alive.length,
        prgWords: alive.length * this.#dim,
        ringWords: alive.length * this.#dim,
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

  /** A site and its neighbours, ascending. */
  #group(siteId: number): number[] {
    const neighbours = this.graph().get(siteId);
    if (neighbours === undefined) {
      throw new RangeError(`Expected a site that advertised keys but found ${siteId}`);
    }
    return [...neighbours, siteId].sort((a, b) => a - b);
  }
}

function requireAtLeast(threshold: number, found: number, what: string): void {
  if (found < threshold) {
    throw new RangeError(
      `Expected at least ${threshold} ${what} (the Shamir threshold) but found ${found}`,
    );
  }
}
