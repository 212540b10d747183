/**
 * The local optimiser of a training run: plain SGD (one fused kernel per
 * weight), heavy-ball or Nesterov momentum (the stock tfjs optimiser, whose
 * update is PyTorch's: v ← ρv + g, w ← w − lr·v; Nesterov w ← w − lr·(g + ρv)),
 * or Adam with its moments on the host (host_adam.ts). Weight decay is the
 * coupled L2 term of PyTorch's SGD and Adam: g ← g + λ·w, before the step.
 */
import * as tf from "@tensorflow/tfjs-core";
import { HostAdam } from "./host_adam.ts";
import { sgdUpdate } from "./kernels/sgd_step.ts";

/** Optimisers a site (or the centralised baseline) can train with. */
export const OPTIMIZER_NAMES = ["sgd", "momentum", "adam"] as const;
export type OptimizerName = typeof OPTIMIZER_NAMES[number];

/** How local training steps; see {@linkcode DEFAULT_OPTIMIZER} for the defaults. */
export interface OptimizerSettings {
  name: OptimizerName;
  /** ρ of "momentum" (ignored by the others). */
  momentum: number;
  /** Nesterov's variant of "momentum". */
  nesterov: boolean;
  /** λ of the coupled L2 term added to every gradient (0: none). */
  weightDecay: number;
}

/** Momentum of the "momentum" optimiser when none is given. */
export const MOMENTUM = 0.9;

/** Plain SGD, the zoo's default: the same bits as before optimisers were configurable. */
export const DEFAULT_OPTIMIZER: Readonly<OptimizerSettings> = Object.freeze({
  name: "sgd",
  momentum: MOMENTUM,
  nesterov: false,
  weightDecay: 0,
});

/** Settings from a name or partial settings, defaults filled; throws on a bad value. */
export function optimizerSettings(
  given: OptimizerName | Partial<OptimizerSettings> | undefined,
): OptimizerSettings {
  const s: OptimizerSettings = typeof given === "string"
    ? { ...DEFAULT_OPTIMIZER, name: given }
    : { ...DEFAULT_OPTIMIZER, ...given };
  if (!(OPTIMIZER_NAMES as readonly string[]).includes(s.name)) {
    throw new TypeError(`Expected optimizer sgd, momentum or adam but found ${s.name}`);
  }
  if (!(s.momentum >= 0 && s.momentum < 1)) {
    throw new RangeError(`Expected momentum in [0, 1) but found ${s.momentum}`);
  }
  if (!(s.weightDecay >= 0 && Number.isFinite(s.weightDecay))) {
    throw new RangeError(
      `Expected weightDecay to be a finite number ≥ 0 but found ${s.weightDecay}`,
    );
  }
  if (typeof s.nesterov !== "boolean") {
    throw new TypeError(`Expected nesterov to be true or false but found ${s.nesterov}`);
  }
  return s;
}

/**
 * One optimiser step from gradients given in the variables' order. Its state
 * (momentum buffer, Adam moments) lives as long as the object: a site makes
 * a fresh one per round, the centralised baseline one for its whole run.
 */
export interface LocalOptimizer {
  apply(gradients: tf.Tensor[]): void;
  dispose(): void;
}

/** An optimiser over `variables` (a model's trainable weights, in order). */
export function createLocalOptimizer(
  given: OptimizerName | Partial<OptimizerSettings> | undefined,
  variables: tf.Variable[],
  learningRate: number,
): LocalOptimizer {
  const s = optimizerSettings(given);
  const step = optimizerStep(s, variables, learningRate);
  if (s.weightDecay === 0) return step;
  const decay = s.weightDecay;
  return {
    // The decayed gradients are temporaries of the caller's tidy (trainLocal's step).
    apply: (g) => step.apply(g.map((gi, i) => tf.add(gi, tf.mul(variables[i], decay)))),
    dispose: () => step.dispose(),
  };
}

function optimizerStep(
  s: OptimizerSettings,
  variables: tf.Variable[],
  learningRate: number,
): LocalOptimizer {
  switch (s.name) {
    case "sgd":
      // One kernel per variable instead of the stock optimiser's two; the same bits.
      return { apply: (g) => sgdUpdate(variables, g, learningRate), dispose: () => {} };
    case "momentum": {
      const optimizer: tf.Optimizer = tf.train.momentum(learningRate, s.momentum, s.nesterov);
      return {
        apply: (gradients) => {
          const named: tf.NamedTensorMap = {};
          variables.forEach((v, i) => named[v.name] = gradients[i]);
          optimizer.applyGradients(named);
        },
        dispose: () => optimizer.dispose(),
      };
    }
    case "adam": {
      // Moments on the host: the stock Adam does not fit the 150M preset in the wasm heap.
      const adam = new HostAdam(variables, learningRate);
      return { apply: (g) => adam.apply(g), dispose: () => {} };
    }
  }
}
