/**
 * One training step of split learning on real tensors. Each device runs its
 * contiguous stages: activations go up the chain, the device holding the last
 * stage computes the loss, and the gradient with respect to each cut goes back
 * down; every device applies SGD to its own stages. Every tensor that crosses
 * a link is counted in bytes, per link.
 */
import * as tf from "@tensorflow/tfjs-core";
import { crossEntropy } from "../../models/mod.ts";
import { runStages, type StagedModel } from "./stages.ts";
import { BYTES_PER_LABEL, BYTES_PER_VALUE, type Partition } from "./types.ts";
import { checkPartition } from "./partition.ts";

/** What crossed one link during a step. */
export interface LinkMessage {
  /** The link from device `link` to device `link + 1`. */
  link: number;
  kind: "activation" | "gradient" | "labels" | "raw-inputs";
  bytes: number;
}

/** What one split step did. */
export interface SplitStepResult {
  loss: number;
  messages: LinkMessage[];
  /** Total bytes per kind over all links. */
  bytesByKind: Record<LinkMessage["kind"], number>;
}

/** A batch: model inputs (one tensor per model input) and one-hot labels. */
export interface Batch {
  inputs: tf.Tensor[];
  labels: tf.Tensor;
}

interface Segment {
  device: number;
  from: number;
  to: number;
}

function segmentsOf(bounds: Partition): Segment[] {
  const out: Segment[] = [];
  for (let d = 0; d + 1 < bounds.length; d++) {
    if (bounds[d + 1] > bounds[d]) out.push({ device: d, from: bounds[d], to: bounds[d + 1] });
  }
  return out;
}

function tensorBytes(t: tf.Tensor | tf.Tensor[]): number {
  const list = Array.isArray(t) ? t : [t];
  return list.reduce((a, x) => a + x.size * BYTES_PER_VALUE, 0);
}

function applySgd(variables: tf.Variable[], grads: tf.Tensor[], learningRate: number): void {
  tf.tidy(() => {
    variables.forEach((v, i) => v.assign(tf.sub(v, tf.mul(grads[i], learningRate))));
  });
}

/** Records a message on every link between device `from` and device `to` (relays forward it unchanged). */
function send(
  messages: LinkMessage[],
  from: number,
  to: number,
  kind: LinkMessage["kind"],
  bytes: number,
): void {
  const [lo, hi] = from < to ? [from, to] : [to, from];
  for (let link = lo; link < hi; link++) messages.push({ link, kind, bytes });
}

/**
 * Trains `model` by one SGD step on `batch`, split across devices as
 * `bounds` says (see {@link Partition}; device 0 owns the data). With
 * `bounds = [0, L]` it is plain, unsplit training. Gives the same weights as
 * {@link unsplitStep} up to floating-point rounding. A lower device
 * recomputes its forward pass when the gradient arrives (it keeps no tape
 * across the network round trip).
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs-core";
 * import * as tfl from "@tensorflow/tfjs-layers";
 * import { initBackend } from "../../models/mod.ts";
 * import { splitStep, stageModel } from "./mod.ts";
 * await initBackend("cpu");
 * const x = tfl.input({ shape: [4] });
 * const h = tfl.layers.dense({ units: 8 }).apply(x) as tfl.SymbolicTensor;
 * const y = tfl.layers.dense({ units: 2, activation: "softmax" }).apply(h) as tfl.SymbolicTensor;
 * const staged = stageModel(tfl.model({ inputs: x, outputs: y }));
 * const batch = { inputs: [tf.ones([3, 4])], labels: tf.oneHot([0, 1, 0], 2) };
 * const step = splitStep(staged, [0, 1, 2], batch, 0.1);
 * // 3 samples × 8 values × 4 bytes up, the same down
 * if (step.bytesByKind.activation !== 96 || step.bytesByKind.gradient !== 96) throw new Error();
 * ```
 */
export function splitStep(
  model: StagedModel,
  bounds: Partition,
  batch: Batch,
  learningRate: number,
  allowRawDataTransfer = false,
): SplitStepResult {
  checkPartition(bounds, model.stages.length, allowRawDataTransfer);
  const segments = segmentsOf(bounds);
  const messages: LinkMessage[] = [];
  const samples = batch.labels.shape[0];
  if (segments[0].device > 0) {
    send(messages, 0, segments[0].device, "raw-inputs", tensorBytes(batch.inputs));
  }
  const top = segments[segments.length - 1];
  send(messages, 0, top.device, "labels", samples * BYTES_PER_LABEL);
  // Forward: each segment's output is the next one's input (what crosses the cut).
  const inputs: (tf.Tensor | tf.Tensor[])[] = [batch.inputs];
  for (let k = 0; k + 1 < segments.length; k++) {
    const s = segments[k];
    const activation = runStages(model, s.from, s.to, inputs[k], true);
    send(messages, s.device, segments[k + 1].device, "activation", tensorBytes(activation));
    inputs.push(activation);
  }
  let loss = NaN;
  let upstream: tf.Tensor | null = null;
  for (let k = segments.length - 1; k >= 0; k--) {
    const s = segments[k];
    const variables = model.stages.slice(s.from, s.to).flatMap((st) => st.variables);
    const input = inputs[k];
    const needsInputGrad = k > 0;
    const xs = needsInputGrad ? [input as tf.Tensor, ...variables] : variables;
    const isTop = k === segments.length - 1;
    if (xs.length === 0) continue; // the data owner's part has no weights: nothing to learn there
    const { value, grads } = gradientsOf(
      () =>
        isTop
          ? crossEntropy(runStages(model, s.from, s.to, input, true), batch.labels)
          : runStages(model, s.from, s.to, input, true),
      xs,
      upstream,
    );
    if (isTop) loss = value.dataSync()[0];
    value.dispose();
    upstream?.dispose();
    applySgd(variables, needsInputGrad ? grads.slice(1) : grads, learningRate);
    upstream = null;
    if (needsInputGrad) {
      const gradient = grads[0];
      upstream = gradient;
      send(messages, s.device, segments[k - 1].device, "gradient", tensorBytes(gradient));
      grads.slice(1).forEach((g) => g.dispose());
    } else {
      grads.forEach((g) => g.dispose());
    }
    if (k > 0) (input as tf.Tensor).dispose();
  }
  return { loss, messages, bytesByKind: totals(messages) };
}

/**
 * Value of `f` and its vector–Jacobian product with `dy` (or the gradient of
 * a scalar `f`) for each of `xs`, tensors and variables alike.
 */
function gradientsOf(
  f: () => tf.Tensor,
  xs: tf.Tensor[],
  dy: tf.Tensor | null,
): { value: tf.Tensor; grads: tf.Tensor[] } {
  return tf.engine().gradients(f, xs, dy ?? undefined);
}

function totals(messages: LinkMessage[]): Record<LinkMessage["kind"], number> {
  const out = { activation: 0, gradient: 0, labels: 0, "raw-inputs": 0 };
  for (const m of messages) out[m.kind] += m.bytes;
  return out;
}

/**
 * The reference: one SGD step on the whole model at once, with the gradient
 * of the loss with respect to every variable from a single tape. Returns the
 * loss before the step.
 */
export function unsplitStep(model: StagedModel, batch: Batch, learningRate: number): number {
  const variables = model.stages.flatMap((s) => s.variables);
  const { value, grads } = gradientsOf(
    () => crossEntropy(runStages(model, 0, model.stages.length, batch.inputs, true), batch.labels),
    variables,
    null,
  );
  const loss = value.dataSync()[0];
  value.dispose();
  applySgd(variables, grads, learningRate);
  grads.forEach((g) => g.dispose());
  return loss;
}
