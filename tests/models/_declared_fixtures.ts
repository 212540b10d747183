/** Declared models from papers, for the model-zoo tests. */
import type { DeclaredModel, ModelSpec } from "../../models/mod.ts";

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
