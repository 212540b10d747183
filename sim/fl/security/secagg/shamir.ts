/**
 * Shamir secret sharing (threshold t of n) over the prime field GF(p),
 * p = 2^26 - 5. A byte secret is cut into 3-byte chunks (each < 2^24 < p)
 * and every chunk is shared with its own random polynomial of degree t - 1;
 * a share holds one field element per chunk. Fewer than t shares reveal
 * nothing about the secret, whatever the field size; t shares give it back.
 *
 * Why this prime: every product of two elements stays below 2^52, so the
 * field runs on plain JavaScript numbers (exact up to 2^53) without BigInt.
 */

/** The field modulus: the prime 2^26 - 5. */
export const SHAMIR_PRIME = 67108859;

/** Secret bytes packed into one field element. */
export const BYTES_PER_CHUNK = 3;

/** One holder's share of a byte secret. */
export interface Share {
  /** The holder's evaluation point, 1..n (never 0: the secret sits at x = 0). */
  x: number;
  /** The polynomial values at `x`, one per chunk of the secret. */
  y: Uint32Array;
  /** Length of the shared secret in bytes (fixes the last chunk's width). */
  secretLength: number;
}

/** Field elements needed to share a secret of `secretLength` bytes. */
export function chunkCount(secretLength: number): number {
  return Math.ceil(secretLength / BYTES_PER_CHUNK);
}

/** A source of uniform field elements; the default draws from the system CSPRNG. */
export type FieldRandom = (count: number) => Uint32Array;

/** `count` uniform elements of GF(p) from crypto.getRandomValues, by rejection. */
export function randomFieldElements(count: number): Uint32Array {
  const out = new Uint32Array(count);
  const mask = 0x3ffffff; // 26 bits: accepts all but 5 of 2^26 draws
  let filled = 0;
  while (filled < count) {
    const draw = crypto.getRandomValues(new Uint32Array(Math.min(count - filled + 4, 16384)));
    for (let i = 0; i < draw.length && filled < count; i++) {
      const v = draw[i] & mask;
      if (v < SHAMIR_PRIME) out[filled++] = v;
    }
  }
  return out;
}

/**
 * Splits `secret` into `n` shares (x = 1..n) so that any `threshold` of them
 * rebuild it and fewer reveal nothing.
 *
 * @example
 * ```ts
 * import { combineShares, splitSecret } from "./shamir.ts";
 * const secret = new Uint8Array([1, 2, 3, 4, 5]);
 * const shares = splitSecret(secret, 5, 3);
 * const back = combineShares([shares[4], shares[0], shares[2]], 3);
 * if (back.join() !== secret.join()) throw new Error("not rebuilt");
 * ```
 */
export function splitSecret(
  secret: Uint8Array,
  n: number,
  threshold: number,
  random: FieldRandom = randomFieldElements,
): Share[] {
  requireThreshold(n, threshold);
  return splitSecretAt(secret, Array.from({ length: n }, (_, i) => i + 1), threshold, random);
}

/**
 * Splits `secret` into one share per evaluation point (distinct, 1..p−1),
 * e.g. points fixed by site ids, so that holders keep the same point in
 * every group they belong to.
 */
export function splitSecretAt(
  secret: Uint8Array,
  points: readonly number[],
  threshold: number,
  random: FieldRandom = randomFieldElements,
): Share[] {
  requireThreshold(points.length, threshold);
  requirePoints(points);
  const chunks = toChunks(secret);
  const c = chunks.length;
  // coefficients[k * c + j]: coefficient of x^k in chunk j's polynomial.
  const coefficients = new Float64Array(threshold * c);
  coefficients.set(chunks);
  const rest = random((threshold - 1) * c);
  for (let i = 0; i < rest.length; i++) coefficients[c + i] = rest[i];
  return points.map((x) => {
    const y = new Uint32Array(c);
    for (let j = 0; j < c; j++) {
      // Horner from the highest power down; each step stays below 2^53.
      let acc = 0;
      for (let k = threshold - 1; k >= 0; k--) {
        acc = (acc * x + coefficients[k * c + j]) % SHAMIR_PRIME;
      }
      y[j] = acc;
    }
    return { x, y, secretLength: secret.length };
  });
}

/**
 * Lagrange weights λ_i with f(0) = Σ λ_i f(x_i) for a polynomial of degree
 * < xs.length. Compute once per set of holders and reuse for every secret
 * they share.
 */
export function lagrangeWeightsAtZero(xs: readonly number[]): Float64Array {
  requirePoints(xs);
  const weights = new Float64Array(xs.length);
  for (let i = 0; i < xs.length; i++) {
    let num = 1, den = 1;
    for (let j = 0; j < xs.length; j++) {
      if (j === i) continue;
      num = (num * xs[j]) % SHAMIR_PRIME;
      den = (den * mod(xs[j] - xs[i])) % SHAMIR_PRIME;
    }
    weights[i] = (num * inverse(den)) % SHAMIR_PRIME;
  }
  return weights;
}

/**
 * Rebuilds a secret from shares taken at the points the `weights` were made
 * for (same order). Use {@link combineShares} unless rebuilding many secrets
 * held by the same holders.
 */
export function interpolateSecret(shares: readonly Share[], weights: Float64Array): Uint8Array {
  if (shares.length !== weights.length || shares.length === 0) {
    throw new RangeError(`Expected ${weights.length} shares but found ${shares.length}`);
  }
  const { secretLength } = shares[0];
  const c = chunkCount(secretLength);
  const chunks = new Uint32Array(c);
  for (let j = 0; j < c; j++) {
    let acc = 0;
    for (let i = 0; i < shares.length; i++) {
      const share = shares[i];
      if (share.secretLength !== secretLength || share.y.length !== c) {
        throw new RangeError(
          `Expected shares of a ${secretLength}-byte secret but found one of ${share.secretLength} bytes`,
        );
      }
      acc = (acc + ((weights[i] * share.y[j]) % SHAMIR_PRIME)) % SHAMIR_PRIME;
    }
    chunks[j] = acc;
  }
  return fromChunks(chunks, secretLength);
}

/**
 * Rebuilds a secret from at least `threshold` shares (it uses the first
 * `threshold`). Throws a RangeError below the threshold: the secret is then
 * information-theoretically hidden, not merely hard to find.
 */
export function combineShares(shares: readonly Share[], threshold: number): Uint8Array {
  if (!Number.isInteger(threshold) || threshold < 1) {
    throw new RangeError(`Expected threshold to be an integer ≥ 1 but found ${threshold}`);
  }
  if (shares.length < threshold) {
    throw new RangeError(
      `Expected at least ${threshold} shares to rebuild the secret but found ${shares.length}`,
    );
  }
  const used = shares.slice(0, threshold);
  return interpolateSecret(used, lagrangeWeightsAtZero(used.map((s) => s.x)));
}

/** Checks 1 ≤ threshold ≤ n for n holders. */
export function requireThreshold(n: number, threshold: number): void {
  if (!Number.isInteger(n) || n < 1) {
    throw new RangeError(`Expected the number of holders to be an integer ≥ 1 but found ${n}`);
  }
  if (!Number.isInteger(threshold) || threshold < 1 || threshold > n) {
    throw new RangeError(`Expected threshold to be an integer in 1..${n} but found ${threshold}`);
  }
}

function requirePoints(xs: readonly number[]): void {
  const seen = new Set<number>();
  for (const x of xs) {
    if (!Number.isInteger(x) || x <= 0 || x >= SHAMIR_PRIME) {
      throw new RangeError(
        `Expected share points to be integers in 1..${SHAMIR_PRIME - 1} but found ${x}`,
      );
    }
    if (seen.has(x)) throw new RangeError(`Expected distinct share points but found ${x} twice`);
    seen.add(x);
  }
}

function toChunks(secret: Uint8Array): Uint32Array {
  const chunks = new Uint32Array(chunkCount(secret.length));
  for (let i = 0; i < secret.length; i++) {
    chunks[Math.floor(i / BYTES_PER_CHUNK)] += secret[i] * 256 ** (i % BYTES_PER_CHUNK);
  }
  return chunks;
}

function fromChunks(chunks: Uint32Array, secretLength: number): Uint8Array {
  const out = new Uint8Array(secretLength);
  for (let j = 0; j < chunks.length; j++) {
    const width = Math.min(BYTES_PER_CHUNK, secretLength - j * BYTES_PER_CHUNK);
    if (chunks[j] >= 256 ** width) {
      // Consistent shares of a real secret never land here: the shares are
      // corrupted or belong to different secrets.
      throw new RangeError(
        `Expected shares of one secret but found chunk ${j} out of range (${chunks[j]})`,
      );
    }
    let v = chunks[j];
    for (let b = 0; b < width; b++) {
      out[j * BYTES_PER_CHUNK + b] = v & 0xff;
      v >>>= 8;
    }
  }
  return out;
}

function mod(a: number): number {
  const r = a % SHAMIR_PRIME;
  return r < 0 ? r + SHAMIR_PRIME : r;
}

/** Multiplicative inverse mod p by the extended Euclidean algorithm. */
function inverse(a: number): number {
  let [r0, r1] = [SHAMIR_PRIME, mod(a)];
  let [t0, t1] = [0, 1];
  if (r1 === 0) throw new RangeError("Expected a non-zero field element but found 0");
  while (r1 !== 0) {
    const q = Math.floor(r0 / r1);
    [r0, r1] = [r1, r0 - q * r1];
    [t0, t1] = [t1, t0 - q * t1];
  }
  return mod(t0);
}
