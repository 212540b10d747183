/**
 * Imputation of a missing modality from federated, model-side statistics.
 * Sites that observe a modality send the per-class sums of that modality's
 * embedding (the encoder output the fusion sees) and the counts — a few
 * hundred numbers, never samples. The server turns them into per-class mean
 * embeddings. A site missing the modality first predicts from what it has,
 * then fills the missing embedding with the class means mixed by that
 * prediction (`class-mean`) or with the overall mean (`mean`), opens the
 * modality's gate, and predicts again.
 */
import * as tf from "@tensorflow/tfjs-core";
import type * as tfl from "@tensorflow/tfjs-layers";
import type { Dataset } from "../data/mod.ts";
import { crossEntropy, datasetToTensors, labelsToOneHot, ModalityMask } from "../../models/mod.ts";
import { forwardWith } from "./graph_forward.ts";

/** Per-class embedding sums and counts of one modality at one site (or summed over sites). */
export interface ModalityEmbeddingStats {
  /** Column of the modality in the model's mask. */
  index: number;
  dim: number;
  /** `[classes × dim]` sums of embeddings of samples where the modality was observed. */
  sums: Float64Array;
  /** `[classes]` counts of those samples. */
  counts: Float64Array;
}

/** What one site sends up: statistics of every modality of the model. */
export type EmbeddingStats = ModalityEmbeddingStats[];

/** Mean embeddings the server sends to sites that miss a modality. */
export interface ImputationTable {
  kind: "class-mean" | "mean";
  classes: number;
  modalities: {
    index: number;
    dim: number;
    /** `[classes × dim]` mean embedding per class (zeros for a class never seen). */
    byClass: Float32Array;
    /** `[dim]` mean over every observed sample. */
    overall: Float32Array;
    /** Samples the means come from; 0 means the modality cannot be imputed. */
    samples: number;
  }[];
}

/** Bytes of float32 values a site uploads for its statistics. */
export function statsBytes(stats: EmbeddingStats): number {
  return stats.reduce((a, s) => a + 4 * (s.sums.length + s.counts.length), 0);
}

function maskLayers(model: tfl.LayersModel): ModalityMask[] {
  const layers = model.layers.filter((l): l is ModalityMask => l instanceof ModalityMask);
  if (layers.length === 0) {
    throw new TypeError("Expected a model with modality masks but found none");
  }
  return layers;
}

function batches(n: number, size: number): number[][] {
  const out: number[][] = [];
  for (let s = 0; s < n; s += size) {
    out.push(Array.from({ length: Math.min(size, n - s) }, (_, i) => s + i));
  }
  return out;
}

/** A site's per-class embedding sums for each modality it observes (inference mode). */
export function embeddingStats(
  model: tfl.LayersModel,
  data: Dataset,
  batchSize = 256,
): EmbeddingStats {
  const layers = maskLayers(model);
  const C = data.classes;
  const stats = layers.map((l) => ({
    index: l.index,
    dim: l.featureCount,
    sums: new Float64Array(C * l.featureCount),
    counts: new Float64Array(C),
  }));
  for (const rows of batches(data.n, batchSize)) {
    const captured = tf.tidy(() => {
      const inputs = datasetToTensors(data, rows);
      const seen: tf.Tensor[] = [];
      forwardWith(model, inputs, (layer, ins) => {
        if (layer instanceof ModalityMask) seen[layers.indexOf(layer)] = tf.keep(ins[0].clone());
        return undefined;
      });
      return { mask: tf.keep(inputs[inputs.length - 1].clone()), seen };
    });
    const mask = captured.mask.dataSync();
    const width = captured.mask.shape[1]!;
    stats.forEach((s, j) => {
      const e = captured.seen[j].dataSync();
      rows.forEach((row, r) => {
        if (mask[r * width + s.index] !== 1) return;
        const c = data.labels[row];
        s.counts[c]++;
        for (let d = 0; d < s.dim; d++) s.sums[c * s.dim + d] += e[r * s.dim + d];
      });
    });
    captured.mask.dispose();
    captured.seen.forEach((t) => t.dispose());
  }
  return stats;
}

/** The server's table: sums and counts added over sites, divided out. */
export function imputationTable(
  perSite: readonly EmbeddingStats[],
  classes: number,
  kind: ImputationTable["kind"],
): ImputationTable {
  if (perSite.length === 0) throw new RangeError("Expected statistics from at least one site");
  const first = perSite[0];
  return {
    kind,
    classes,
    modalities: first.map((s0, j) => {
      const sums = new Float64Array(classes * s0.dim);
      const counts = new Float64Array(classes);
      for (const site of perSite) {
        const s = site[j];
        if (s.index !== s0.index || s.dim !== s0.dim) {
          throw new TypeError(
            `Expected statistics of modality column ${s0.index} but found ${s.index}`,
          );
        }
        sums.forEach((_, k) => sums[k] += s.sums[k]);
        counts.forEach((_, c) => counts[c] += s.counts[c]);
      }
      const total = counts.reduce((a, b) => a + b, 0);
      const byClass = new Float32Array(classes * s0.dim);
      const overall = new Float32Array(s0.dim);
      for (let c = 0; c < classes; c++) {
        for (let d = 0; d < s0.dim; d++) {
          if (counts[c] > 0) byClass[c * s0.dim + d] = sums[c * s0.dim + d] / counts[c];
          if (total > 0) overall[d] += sums[c * s0.dim + d] / total;
        }
      }
      return { index: s0.index, dim: s0.dim, byClass, overall, samples: total };
    }),
  };
}

/** Bytes of float32 values the server sends down with a table. */
export function tableBytes(table: ImputationTable): number {
  return table.modalities.reduce((a, m) => a + 4 * (m.byClass.length + m.overall.length), 0);
}

/**
 * Class probabilities with missing modalities imputed from `table`. Samples
 * that observe every imputable modality get exactly the model's prediction.
 * Call inside `tf.tidy`.
 */
export function predictImputed(
  model: tfl.LayersModel,
  inputs: tf.Tensor[],
  table: ImputationTable,
): tf.Tensor {
  const layers = maskLayers(model);
  const mask = inputs[inputs.length - 1];
  const first = forwardWith(model, inputs);
  const available = new Float32Array(mask.shape[1]!);
  for (const m of table.modalities) if (m.samples > 0) available[m.index] = 1;
  const missing = tf.mul(tf.sub(1, mask), tf.tensor1d(available)); // 1 where imputed
  // The (post-dropout) mask tensor the mask layers and the fusion read.
  const maskSymbol = layers[0].inboundNodes[0].inputTensors[1];
  const filled = tf.add(mask, missing);
  return forwardWith(model, inputs, (layer, ins, symbols) => {
    if (layer instanceof ModalityMask) {
      const m = table.modalities.find((t) => t.index === layer.index);
      if (m === undefined || m.samples === 0) return undefined;
      const estimate = table.kind === "class-mean"
        ? tf.matMul(first, tf.tensor2d(m.byClass, [table.classes, m.dim]))
        : tf.mul(tf.onesLike(tf.slice(first, [0, 0], [-1, 1])), tf.tensor2d(m.overall, [1, m.dim]));
      // Observed: the encoder's embedding, as the mask layer gives it; missing: the estimate.
      const observed = tf.slice(ins[1], [0, layer.index], [-1, 1]);
      const imputed = tf.slice(missing, [0, layer.index], [-1, 1]);
      return tf.add(tf.mul(ins[0], observed), tf.mul(estimate, imputed));
    }
    const at = symbols.findIndex((s) => s.id === maskSymbol.id);
    if (at < 0) return undefined;
    const replaced = ins.map((t, i) => (i === at ? filled : t));
    return layer.apply(replaced, { training: false }) as tf.Tensor;
  });
}

/** Accuracy and loss on `data` with missing modalities imputed (NaN for empty data). */
export function evaluateImputed(
  model: tfl.LayersModel,
  data: Dataset,
  table: ImputationTable,
  batchSize = 256,
): { accuracy: number; loss: number } {
  if (data.n === 0) return { accuracy: NaN, loss: NaN };
  let correct = 0, lossSum = 0;
  for (const rows of batches(data.n, batchSize)) {
    const [loss, predicted] = tf.tidy(() => {
      const p = predictImputed(model, datasetToTensors(data, rows), table);
      return [crossEntropy(p, labelsToOneHot(data, rows)), tf.argMax(p, -1)];
    });
    lossSum += loss.dataSync()[0] * rows.length;
    const classes = predicted.dataSync();
    rows.forEach((row, i) => correct += classes[i] === data.labels[row] ? 1 : 0);
    loss.dispose();
    predicted.dispose();
  }
  return { accuracy: correct / data.n, loss: lossSum / data.n };
}
