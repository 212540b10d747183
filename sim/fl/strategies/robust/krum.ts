import { checkVectors } from "./_vectors.ts";

/** Result of Krum or Multi-Krum: which vectors were chosen and their mean. */
export interface KrumSelection {
  /** Indices (into the input) of the chosen vectors, best score first. */
  selected: number[];
  /** Krum score of every input vector (lower is more central). */
  scores: number[];
  /** The chosen vector (Krum) or the mean of the chosen vectors (Multi-Krum). */
  vector: Float32Array;
}

function checkByzantine(n: number, f: number): void {
  if (!Number.isInteger(f) || f < 0) {
    throw new RangeError(`Expected the Byzantine count f to be an integer >= 0 but found ${f}`);
  }
  if (n < 2 * f + 3) {
    throw new RangeError(
      `Expected at least 2f + 3 = ${2 * f + 3} vectors for Krum with f = ${f} but found ${n}`,
    );
  }
}

/**
 * Krum scores (Blanchard et al. 2017): for each vector, the sum of squared
 * distances to its n − f − 2 nearest other vectors. Costs O(n²·d).
 */
export function krumScores(vectors: readonly Float32Array[], f: number): number[] {
  const length = checkVectors(vectors, "krum");
  const n = vectors.length;
  checkByzantine(n, f);
  const dist = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) {
      const va = vectors[a];
      const vb = vectors[b];
      let s = 0;
      for (let j = 0; j < length; j++) {
        const d = va[j] - vb[j];
        s += d * d;
      }
      dist[a * n + b] = s;
      dist[b * n + a] = s;
    }
  }
  const neighbours = n - f - 2;
  const scores: number[] = [];
  const row = new Float64Array(n - 1);
  for (let a = 0; a < n; a++) {
    let k = 0;
    for (let b = 0; b < n; b++) if (b !== a) row[k++] = dist[a * n + b];
    row.sort();
    let s = 0;
    for (let i = 0; i < neighbours; i++) s += row[i];
    scores.push(s);
  }
  return scores;
}

/**
 * Multi-Krum: the mean of the `m` vectors with the lowest Krum scores
 * (ties go to the lower index, so sorted inputs give a deterministic pick).
 * m = 1 is Krum itself.
 */
export function multiKrum(
  vectors: readonly Float32Array[],
  f: number,
  m: number,
): KrumSelection {
  const scores = krumScores(vectors, f);
  const n = vectors.length;
  if (!Number.isInteger(m) || m < 1 || m > n) {
    throw new RangeError(`Expected Multi-Krum to select 1..${n} vectors but found m = ${m}`);
  }
  const order = scores.map((_, i) => i).sort((a, b) => scores[a] - scores[b] || a - b);
  const selected = order.slice(0, m);
  const length = vectors[0].length;
  const acc = new Float64Array(length);
  for (const i of selected) {
    const v = vectors[i];
    for (let j = 0; j < length; j++) acc[j] += v[j];
  }
  const vector = new Float32Array(length);
  for (let j = 0; j < length; j++) vector[j] = acc[j] / m;
  return { selected, scores, vector };
}

/**
 * Krum: the single vector closest to its n − f − 2 neighbours.
 *
 * @example
 * ```ts
 * import { krum } from "./krum.ts";
 * const vs = [0, 0.1, 0.2, 0.15, 50].map((x) => new Float32Array([x]));
 * if (krum(vs, 1).selected[0] === 4) throw new Error("Krum picked the outlier");
 * ```
 */
export function krum(vectors: readonly Float32Array[], f: number): KrumSelection {
  return multiKrum(vectors, f, 1);
}
