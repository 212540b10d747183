/**
 * One seeded random stream and the distributions the simulation draws from.
 *
 * The generator is seedrandom's Alea (Baagøe): the fastest generator in
 * seedrandom (about Math.random's speed), reported to pass BigCrush, with a
 * period near 2^116 and a 4-number state. The small state matters here:
 * a run creates thousands of short-lived named streams (one per site, per
 * round, ...), and Alea seeds in O(|seed|) where xor4096 must first warm up a
 * 4096-bit state. Its outputs have 32 random bits, which is plenty for
 * simulation draws; {@linkcode Rng.int} combines two outputs above 2^32.
 */

import seedrandom from "seedrandom";
import {
  requireInteger,
  requireNonNegative,
  requireNumber,
  requirePositive,
  requireProbability,
  show,
} from "./_validate.ts";
import { gammaAtLeastOne, logGammaDraw } from "./_gamma.ts";

const TWO_POW_32 = 4294967296;
const TWO_POW_MINUS_53 = 1.1102230246251565e-16;

/** A snapshot of a stream's position, for checkpoints; restore with {@linkcode Rng.fromState}. */
export interface RngState {
  c: number;
  s0: number;
  s1: number;
  s2: number;
  /** The second value of the last polar-method pair, not yet returned by normal(). */
  spareNormal: number | null;
}

interface AleaState {
  c: number;
  s0: number;
  s1: number;
  s2: number;
}

/**
 * A seeded stream of random numbers. Build streams through
 * {@linkcode RngStreams} so each has a name and never shifts another.
 *
 * @example
 * ```ts
 * import { Rng } from "./rng.ts";
 * const a = new Rng("demo"), b = new Rng("demo");
 * if (a.normal() !== b.normal()) throw new Error("same seed, same numbers");
 * ```
 */
export class Rng {
  #prng: seedrandom.prng;
  #next: () => number;
  #spare: number | null = null;

  /** A stream seeded from any string (or number, used as its decimal text). */
  constructor(seed: string | number) {
    if (typeof seed !== "string" && (typeof seed !== "number" || !Number.isFinite(seed))) {
      throw new TypeError(`Expected seed to be a string or finite number but found ${show(seed)}`);
    }
    this.#prng = seedrandom.alea(String(seed), { state: true });
    this.#next = this.#prng;
  }

  /** Restores a stream saved with {@linkcode Rng.state}; it continues exactly where it was. */
  static fromState(state: RngState): Rng {
    const rng = new Rng("");
    const { c, s0, s1, s2 } = state;
    rng.#prng = seedrandom.alea("", { state: { c, s0, s1, s2 } as AleaState });
    rng.#next = rng.#prng;
    rng.#spare = state.spareNormal;
    return rng;
  }

  /** The stream's current position (plain JSON). */
  state(): RngState {
    const s = this.#prng.state() as AleaState;
    return { c: s.c, s0: s.s0, s1: s.s1, s2: s.s2, spareNormal: this.#spare };
  }

  /** Uniform on [0, 1). */
  uniform(): number {
    return this.#next();
  }

  /** Uniform on [min, max). */
  uniformIn(min: number, max: number): number {
    requireNumber("min", min);
    requireNumber("max", max);
    if (max < min) throw new RangeError(`Expected max ≥ min (${min}) but found ${max}`);
    return min + (max - min) * this.#next();
  }

  /** A uniform integer in 0..n-1 (n a positive safe integer). */
  int(n: number): number {
    requireInteger("n", n, 1);
    if (n <= TWO_POW_32) return Math.floor(this.#next() * n);
    // 32 bits are too coarse above 2^32: build a 53-bit uniform from two outputs.
    const u = this.#next() + ((this.#next() * 0x200000) | 0) * TWO_POW_MINUS_53;
    return Math.floor(u * n);
  }

  /** Normal (Gaussian) with the given mean and standard deviation (Marsaglia polar method). */
  normal(mean = 0, sd = 1): number {
    if (sd !== 1 || mean !== 0) {
      requireNumber("mean", mean);
      requireNonNegative("sd", sd);
    }
    if (this.#spare !== null) {
      const z = this.#spare;
      this.#spare = null;
      return mean + sd * z;
    }
    const next = this.#next;
    let u: number, v: number, s: number;
    do {
      u = 2 * next() - 1;
      v = 2 * next() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.#spare = v * f;
    return mean + sd * u * f;
  }

  /** Lognormal: exp(N(log median, sigma²)); the median is `median`. */
  lognormal(median: number, sigma: number): number {
    requirePositive("median", median);
    requireNonNegative("sigma", sigma);
    return median * Math.exp(sigma * this.normal());
  }

  /** Exponential with the given rate (mean 1/rate). */
  exponential(rate: number): number {
    requirePositive("rate", rate);
    return -Math.log(1 - this.#next()) / rate;
  }

  /** Gamma(shape, scale): mean shape·scale, variance shape·scale² (Marsaglia–Tsang, any shape > 0). */
  gamma(shape: number, scale = 1): number {
    requirePositive("shape", shape);
    requirePositive("scale", scale);
    if (shape >= 1) return gammaAtLeastOne(shape, () => this.normal(), this.#next) * scale;
    return Math.exp(this.#logGamma(shape)) * scale;
  }

  /** Beta(a, b) on [0, 1]; computed in log space so tiny a, b do not give NaN. */
  beta(a: number, b: number): number {
    requirePositive("a", a);
    requirePositive("b", b);
    const la = this.#logGamma(a);
    const lb = this.#logGamma(b);
    return 1 / (1 + Math.exp(lb - la));
  }

  /**
   * A point on the simplex drawn from Dirichlet(alpha). Components are drawn
   * as log-gammas and normalised after subtracting the largest, so even
   * alpha = 0.001 gives finite components that sum to 1 (most are then 0).
   */
  dirichlet(alpha: readonly number[]): number[] {
    if (!Array.isArray(alpha) || alpha.length === 0) {
      throw new TypeError(`Expected alpha to be a non-empty array but found ${show(alpha)}`);
    }
    const logs = new Array<number>(alpha.length);
    let max = -Infinity;
    for (let i = 0; i < alpha.length; i++) {
      requirePositive(`alpha[${i}]`, alpha[i]);
      const l = this.#logGamma(alpha[i]);
      logs[i] = l;
      if (l > max) max = l;
    }
    let sum = 0;
    for (let i = 0; i < logs.length; i++) {
      logs[i] = Math.exp(logs[i] - max);
      sum += logs[i];
    }
    for (let i = 0; i < logs.length; i++) logs[i] /= sum;
    return logs;
  }

  /** An index drawn with probability proportional to the non-negative weights `p`. */
  categorical(p: ArrayLike<number>): number {
    const n = p.length;
    if (!(n > 0)) {
      throw new TypeError(`Expected p to be a non-empty list of weights but found ${show(p)}`);
    }
    let total = 0;
    for (let i = 0; i < n; i++) {
      const w = p[i];
      if (!(w >= 0) || !Number.isFinite(w)) {
        throw new RangeError(`Expected p[${i}] to be a finite weight ≥ 0 but found ${w}`);
      }
      total += w;
    }
    if (!(total > 0)) {
      throw new RangeError(`Expected weights with a positive sum but found ${total}`);
    }
    let target = this.#next() * total;
    let last = -1;
    for (let i = 0; i < n; i++) {
      if (p[i] === 0) continue;
      last = i;
      target -= p[i];
      if (target < 0) return i;
    }
    // Rounding can leave a sliver past the end: it belongs to the last positive weight.
    return last;
  }

  /** True with probability p. */
  bernoulli(p: number): boolean {
    requireProbability("p", p);
    return this.#next() < p;
  }

  /** A uniformly chosen element of a non-empty array. */
  pick<T>(xs: readonly T[]): T {
    if (xs.length === 0) {
      throw new RangeError("Expected a non-empty array to pick from but found []");
    }
    return xs[this.int(xs.length)];
  }

  /** Shuffles `xs` in place (Fisher–Yates) and returns it. */
  shuffle<T>(xs: T[]): T[] {
    const next = this.#next;
    for (let i = xs.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      const t = xs[i];
      xs[i] = xs[j];
      xs[j] = t;
    }
    return xs;
  }

  /**
   * k distinct integers from 0..n-1, in random order (partial Fisher–Yates;
   * sparse when k ≪ n so drawing 5 of 10⁹ costs O(k)).
   */
  sampleWithoutReplacement(n: number, k: number): number[] {
    requireInteger("n", n, 0);
    requireInteger("k", k, 0);
    if (k > n) throw new RangeError(`Expected k ≤ n (${n}) but found ${k}`);
    const out = new Array<number>(k);
    // The sparse map records only displaced positions of the virtual array 0..n-1.
    const moved = new Map<number, number>();
    for (let i = 0; i < k; i++) {
      const j = i + this.int(n - i);
      const atJ = moved.get(j) ?? j;
      const atI = moved.get(i) ?? i;
      out[i] = atJ;
      moved.set(j, atI);
    }
    return out;
  }

  /**
   * Fills `out` with uniform [0, 1) or standard normal values, faster than
   * calling uniform()/normal() per element. Does not touch normal()'s spare.
   */
  fill(out: Float32Array, kind: "uniform" | "normal"): Float32Array {
    const next = this.#next;
    const n = out.length;
    if (kind === "uniform") {
      for (let i = 0; i < n; i++) out[i] = next();
      return out;
    }
    if (kind !== "normal") {
      throw new TypeError(`Expected kind to be "uniform" or "normal" but found ${show(kind)}`);
    }
    for (let i = 0; i < n; i += 2) {
      let u: number, v: number, s: number;
      do {
        u = 2 * next() - 1;
        v = 2 * next() - 1;
        s = u * u + v * v;
      } while (s >= 1 || s === 0);
      const f = Math.sqrt((-2 * Math.log(s)) / s);
      out[i] = u * f;
      if (i + 1 < n) out[i + 1] = v * f;
    }
    return out;
  }

  /** A uint32 drawn from the stream, e.g. to seed a TensorFlow.js initialiser. */
  seed32(): number {
    return (this.#next() * TWO_POW_32) >>> 0;
  }

  /** log of a Gamma(shape, 1) draw from this stream (see `_gamma.ts`). */
  #logGamma(shape: number): number {
    return logGammaDraw(shape, () => this.normal(), this.#next);
  }
}
