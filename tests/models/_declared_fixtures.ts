/** Declared models from papers, for the model-zoo tests. */
import { assert } from "../_assert.ts";
import {
  buildModel,
  type DeclaredModel,
  getWeightsFlat,
  type ModelSpec,
  trainLocal,
} from "../../models/mod.ts";
import { syntheticDataset } from "./_fixtures.ts";

/**
 * NIID-Bench's SimpleCNN for MNIST (Li et al., ICDE 2022): conv 6@5×5 → pool →
 * conv 16@5×5 → pool → fc 120 → fc 84 → fc 10, ReLU after each hidden layer.
 */
export const SIMPLE_CNN: DeclaredModel = {
  encoders: {
    image: [
      { kind: "conv2d", filters: 6, kernel: 5, activation: "relu" },
      { kind: "maxPool", size: 2 },
      { kind: "conv2d", filters: 16, kernel: 5, activation: "relu" },
      { kind: "maxPool", size: 2 },
      { kind: "flatten" },
    ],
  },
  fusion: "concat",
  head: [
    { kind: "dense", units: 120, activation: "relu" },
    { kind: "dense", units: 84, activation: "relu" },
    { kind: "dense", units: 10 },
  ],
};

/** FedProx's multinomial logistic regression on Synthetic(α, β): 60 features → 10 classes. */
export const LOGISTIC_REGRESSION: DeclaredModel = {
  encoders: { tabular: [] },
  fusion: "concat",
  head: [{ kind: "dense", units: 10 }],
};

/** A spec for `declared` over `shapes`. */
export function declaredSpec(
  declared: DeclaredModel,
  shapes: ModelSpec["shapes"],
  classes = 10,
  seed = 5,
): ModelSpec {
  return { preset: "declared", declared, shapes, classes, seed };
}

/**
 * Trains NIID-Bench's SimpleCNN (4 classes) on the current backend with its
 * paper's optimiser and asserts it learns: the first conv kernel moved (its
 * filter gradient ran) and the loss fell below half.
 */
export function assertSimpleCnnLearns(): void {
  const image = { image: [28, 28, 1] };
  const spec = declaredSpec(SIMPLE_CNN, image, 4);
  spec.declared = {
    ...SIMPLE_CNN,
    head: [...SIMPLE_CNN.head.slice(0, 2), { kind: "dense", units: 4 }],
  };
  const model = buildModel(spec);
  const before = getWeightsFlat(model, "trainable");
  const losses: number[] = [];
  trainLocal(model, syntheticDataset(64, 4, image, 3), {
    epochs: 25,
    batchSize: 16,
    // NIID-Bench's MNIST setting: SGD, lr 0.01, momentum 0.9.
    learningRate: 0.01,
    seed: 1,
    optimizer: "momentum",
    onStep: (_, loss) => losses.push(loss),
  });
  const after = getWeightsFlat(model, "trainable");
  // The first conv kernel (150 values) moved: its filter gradient ran.
  assert(before.subarray(0, 150).some((v, i) => v !== after[i]), "conv1 kernel did not move");
  const first = losses.slice(0, 4).reduce((a, b) => a + b) / 4;
  const last = losses.slice(-4).reduce((a, b) => a + b) / 4;
  assert(last < 0.5 * first, `loss fell only from ${first} to ${last}`);
  model.dispose();
}
