/**
 * Named random streams derived from one root seed. A stream depends only on
 * (root seed, name), never on which other streams exist or in what order they
 * were made, so adding a site or a worker never shifts anyone else's numbers.
 */

import { Rng } from "./rng.ts";
import { show } from "./_validate.ts";

/**
 * A stable seed string for the stream `name` under `rootSeed`: 128 bits of
 * a MurmurHash3-style mix of "renkei|<root>|<name>", as 32 hex digits.
 * Stable across platforms and releases: results files depend on it.
 *
 * @example
 * ```ts
 * import { deriveSeed } from "./rng_streams.ts";
 * if (deriveSeed(42, "data/site-1") === deriveSeed(42, "data/site-2")) throw new Error();
 * ```
 */
export function deriveSeed(rootSeed: number, name: string): string {
  if (typeof rootSeed !== "number" || !Number.isFinite(rootSeed)) {
    throw new TypeError(`Expected rootSeed to be a finite number but found ${show(rootSeed)}`);
  }
  if (typeof name !== "string" || name.length === 0) {
    throw new TypeError(`Expected stream name to be a non-empty string but found ${show(name)}`);
  }
  const text = `renkei|${rootSeed}|${name}`;
  // Four independently seeded 32-bit lanes, each a multiply–rotate hash of
  // every UTF-16 unit, then cross-mixed so every output bit sees every lane.
  let h1 = 0x9e3779b9, h2 = 0x85ebca6b, h3 = 0xc2b2ae35, h4 = 0x27d4eb2f;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1, h2, h3, h4].map((h) => (h >>> 0).toString(16).padStart(8, "0")).join("");
}

/**
 * The root of a run's randomness. Ask for streams by purpose and owner, e.g.
 * `"data/site-17"`, `"sampling/round-4"`, `"world/site-3"`.
 *
 * @example
 * ```ts
 * import { RngStreams } from "./rng_streams.ts";
 * const streams = new RngStreams(42);
 * const a = streams.stream("data/site-17").uniform();
 * streams.stream("something/else").uniform(); // does not disturb data/site-17
 * if (streams.stream("data/site-17").uniform() !== a) throw new Error("not reproducible");
 * ```
 */
export class RngStreams {
  /** The run's root seed. */
  readonly rootSeed: number;

  constructor(rootSeed: number) {
    if (typeof rootSeed !== "number" || !Number.isFinite(rootSeed)) {
      throw new TypeError(`Expected rootSeed to be a finite number but found ${show(rootSeed)}`);
    }
    this.rootSeed = rootSeed;
  }

  /** A NEW stream for `name`, starting at the same state on every call. */
  stream(name: string): Rng {
    return new Rng(deriveSeed(this.rootSeed, name));
  }
}
