/**
 * A small seeded generator of standard normal numbers whose whole state is
 * four integers, so a strategy that adds noise can checkpoint it exactly.
 * (xoshiro128** seeded through splitmix32; Box–Muller on 53-bit uniforms.)
 *
 * @module
 */

/** A standard normal generator with a saveable state. */
export interface SeededNormal {
  /** The next N(0, 1) draw. */
  (): number;
  /** The generator state (four uint32) to save in a checkpoint. */
  state(): number[];
  /** Continues exactly from a state `state()` returned. */
  restore(state: readonly number[]): void;
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * A seeded N(0, 1) generator: the same seed gives the same sequence on any machine.
 *
 * @example
 * ```ts
 * import { createSeededNormal } from "./seeded_normal.ts";
 * const a = createSeededNormal(7), b = createSeededNormal(7);
 * if (a() !== b()) throw new Error("same seed, same draws");
 * ```
 */
export function createSeededNormal(seed: number): SeededNormal {
  if (!Number.isInteger(seed)) {
    throw new TypeError(`Expected the seed to be an integer but found ${seed}`);
  }
  const init = splitmix32(seed);
  const s = new Uint32Array([init(), init(), init(), init()]);
  if ((s[0] | s[1] | s[2] | s[3]) === 0) s[0] = 1;

  const nextU32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  };
  // Uniform in (0, 1] with 53 random bits, so log() below is always finite.
  const uniform = (): number => {
    const hi = nextU32() >>> 5;
    const lo = nextU32() >>> 6;
    return (hi * 67108864 + lo + 1) / 9007199254740992;
  };
  const normal = (() => {
    const u1 = uniform();
    const u2 = uniform();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }) as SeededNormal;
  normal.state = () => Array.from(s);
  normal.restore = (state) => {
    if (state.length !== 4 || state.some((x) => !Number.isInteger(x))) {
      throw new TypeError(
        `Expected a generator state of four integers but found ${JSON.stringify(state)}`,
      );
    }
    s.set(state.map((x) => x >>> 0));
  };
  return normal;
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
