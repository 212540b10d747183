/**
 * Seeded randomness for the zoo. Initialisers get explicit seeds derived from
 * the model seed, and `Math.random` is swapped for a seeded generator while
 * the zoo builds or trains, because parts of TensorFlow.js fall back to it
 * when no seed is given — the one trap that breaks bit-identical runs.
 */
import seedrandom from "seedrandom";

/** Mixes a seed and a stream number into a 31-bit seed (splitmix-style). */
export function deriveSeed(seed: number, stream: number): number {
  let h = (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(stream | 0, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  return (h ^ (h >>> 16)) & 0x7fffffff;
}

/** A deterministic stream of seeds, one per initialiser, in build order. */
export class SeedSequence {
  #next = 0;
  constructor(readonly seed: number) {}
  /** The next derived seed. */
  next(): number {
    return deriveSeed(this.seed, this.#next++);
  }
}

/**
 * Runs `fn` with `Math.random` replaced by a generator seeded from `seed`,
 * restoring the original afterwards. Only for synchronous work: nothing else
 * can run in between, so no other code observes the swap.
 */
export function withSeededMathRandom<T>(seed: number, fn: () => T): T {
  const original = Math.random;
  const rng = seedrandom(`renkei-models-${seed}`);
  Math.random = () => rng();
  try {
    return fn();
  } finally {
    Math.random = original;
  }
}

/** A seeded uniform [0, 1) generator. */
export function seededRandom(seed: number): () => number {
  const rng = seedrandom(`renkei-models-${seed}`);
  return () => rng();
}
