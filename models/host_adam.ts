/**
 * Adam with its state in ordinary JavaScript memory. The stock tfjs Adam
 * keeps two moment tensors per weight inside the 4 GiB wasm heap and builds
 * all its temporaries in one tidy, which runs out of memory near 63M
 * parameters; here the moments and a host copy of the weights live outside
 * the heap, and each step writes one fresh tensor per weight (never into a
 * wasm tensor's memory in place). Same update rule as `tf.train.adam`.
 */
import * as tf from "@tensorflow/tfjs-core";

/** Adam's hyper-parameters (tfjs defaults). */
export const ADAM_DEFAULTS = { beta1: 0.9, beta2: 0.999, epsilon: 1e-7 } as const;

/** Adam over a fixed list of variables, state held on the host. */
export class HostAdam {
  readonly #variables: tf.Variable[];
  readonly #weights: Float32Array[];
  readonly #m: Float32Array[];
  readonly #v: Float32Array[];
  #step = 0;

  constructor(variables: tf.Variable[], readonly learningRate: number) {
    this.#variables = variables;
    this.#weights = variables.map((v) => (v.dataSync() as Float32Array).slice());
    this.#m = this.#weights.map((w) => new Float32Array(w.length));
    this.#v = this.#weights.map((w) => new Float32Array(w.length));
  }

  /** Applies one update from gradients given in the variables' order. */
  apply(gradients: tf.Tensor[]): void {
    const { beta1, beta2, epsilon } = ADAM_DEFAULTS;
    this.#step++;
    const correction1 = 1 - beta1 ** this.#step;
    const correction2 = 1 - beta2 ** this.#step;
    const lr = this.learningRate;
    this.#variables.forEach((variable, k) => {
      const g = gradients[k].dataSync() as Float32Array;
      const w = this.#weights[k], m = this.#m[k], v = this.#v[k];
      for (let i = 0; i < w.length; i++) {
        const gi = g[i];
        m[i] = beta1 * m[i] + (1 - beta1) * gi;
        v[i] = beta2 * v[i] + (1 - beta2) * gi * gi;
        w[i] -= (lr * (m[i] / correction1)) / (Math.sqrt(v[i] / correction2) + epsilon);
      }
      const fresh = tf.tensor(w.slice(), variable.shape, "float32");
      variable.assign(fresh);
      fresh.dispose();
    });
  }
}
