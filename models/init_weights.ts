/**
 * `model.init`: a built model's weights replaced by saved ones
 * (saved_weights.ts), matched by name, every shape checked first.
 */
import * as tf from "@tensorflow/tfjs-core";
import type * as tfl from "@tensorflow/tfjs-layers";
import { readSavedWeights, savedWeightProblems } from "./saved_weights.ts";

/** Replaces `model`'s weights with those of `file`; throws naming the first tensor that does not fit. */
export function loadInitWeights(model: tfl.LayersModel, file: string): void {
  const saved = readSavedWeights(file);
  const expected = new Map(model.weights.map((w) => [w.originalName, w.shape as number[]]));
  const problems = savedWeightProblems(saved, expected);
  if (problems.length > 0) {
    throw new RangeError(`Expected ${file} to fit the model but found ${problems.join("; ")}`);
  }
  const byName = new Map(saved.map((t) => [t.name, t]));
  const tensors = model.weights.map((w) => {
    const t = byName.get(w.originalName)!;
    return tf.tensor(t.values, t.shape);
  });
  model.setWeights(tensors);
  tensors.forEach((t) => t.dispose());
}
