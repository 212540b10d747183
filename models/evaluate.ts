/** Accuracy and loss of a model on a dataset, in batches. */
import * as tf from "@tensorflow/tfjs-core";
import type * as tfl from "@tensorflow/tfjs-layers";
import type { Dataset } from "../sim/data/types.ts";
import { datasetToTensors, labelsToOneHot } from "./tensors.ts";
import { crossEntropy } from "./train.ts";

/** Result of `evaluate`. */
export interface Evaluation {
  accuracy: number;
  loss: number;
  /** Accuracy per true class (NaN for classes without samples). */
  perClass?: number[];
}

/** Evaluates in inference mode (no modality dropout); NaN metrics for empty data. */
export function evaluate(model: tfl.LayersModel, data: Dataset, batchSize = 256): Evaluation {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`Expected batchSize to be a positive integer but found ${batchSize}`);
  }
  const correct = new Float64Array(data.classes);
  const seen = new Float64Array(data.classes);
  let lossSum = 0;
  for (let start = 0; start < data.n; start += batchSize) {
    const rows: number[] = [];
    for (let i = start; i < Math.min(data.n, start + batchSize); i++) rows.push(i);
    const [loss, predicted] = tf.tidy(() => {
      const probabilities = model.apply(datasetToTensors(data, rows), { training: false });
      const p = probabilities as tf.Tensor;
      return [crossEntropy(p, labelsToOneHot(data, rows)), tf.argMax(p, -1)];
    });
    lossSum += loss.dataSync()[0] * rows.length;
    const classes = predicted.dataSync();
    loss.dispose();
    predicted.dispose();
    rows.forEach((row, i) => {
      const label = data.labels[row];
      seen[label]++;
      if (classes[i] === label) correct[label]++;
    });
  }
  const total = correct.reduce((a, b) => a + b, 0);
  return {
    accuracy: data.n > 0 ? total / data.n : NaN,
    loss: data.n > 0 ? lossSum / data.n : NaN,
    perClass: Array.from(seen, (s, c) => (s > 0 ? correct[c] / s : NaN)),
  };
}
