/** Copies of stage variables as plain arrays, for SplitFed's averaging. */
import * as tf from "@tensorflow/tfjs-core";

/** Copies every variable's values (copies: the cpu backend may share its arrays). */
export function readVariables(variables: tf.Variable[]): Float32Array[] {
  return variables.map((v) => (v.dataSync() as Float32Array).slice());
}

/** Assigns `values[i]` to `variables[i]` (new tensors: wasm caches packed weights). */
export function writeVariables(variables: tf.Variable[], values: Float32Array[]): void {
  if (values.length !== variables.length) {
    throw new RangeError(`Expected ${variables.length} weight arrays but found ${values.length}`);
  }
  variables.forEach((v, i) => {
    if (values[i].length !== v.size) {
      throw new RangeError(
        `Expected ${v.size} values for ${v.name} but found ${values[i].length}`,
      );
    }
    tf.tidy(() => v.assign(tf.tensor(values[i], v.shape)));
  });
}

/** The weighted mean of several copies of the same variables (weights need not sum to 1). */
export function weightedMean(copies: Float32Array[][], weights: number[]): Float32Array[] {
  if (copies.length === 0 || copies.length !== weights.length) {
    throw new RangeError(
      `Expected one weight per copy (at least one) but found ${copies.length} copies and ${weights.length} weights`,
    );
  }
  const total = weights.reduce((a, b) => a + b, 0);
  if (!(total > 0)) throw new RangeError(`Expected positive total weight but found ${total}`);
  return copies[0].map((first, j) => {
    const out = new Float32Array(first.length);
    copies.forEach((copy, i) => {
      const w = weights[i] / total;
      const src = copy[j];
      for (let k = 0; k < out.length; k++) out[k] += w * src[k];
    });
    return out;
  });
}
