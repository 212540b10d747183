/**
 * A model as an ordered list of stages that can be cut between any two. The
 * zoo's models are graphs (one encoder per modality, then a fusion) that turn
 * into a chain after the fusion; the whole multimodal front becomes the first
 * stage and every later layer a stage of its own. The stages share the
 * model's layers and variables, so training the stages trains the model.
 */
import * as tf from "@tensorflow/tfjs-core";
import * as tfl from "@tensorflow/tfjs-layers";
import { countFlops, layerFlops } from "../../models/mod.ts";
import type { StageProfile } from "./types.ts";

/** One cuttable piece of a model. */
export interface Stage {
  name: string;
  /** Trainable variables, in a fixed order. */
  variables: tf.Variable[];
  /** Runs the stage on a batch; only the first stage takes several tensors. */
  forward(input: tf.Tensor | tf.Tensor[], training: boolean): tf.Tensor;
  profile: StageProfile;
}

/** A model as a chain of stages; the last one outputs class probabilities. */
export interface StagedModel {
  stages: Stage[];
  /** The figures the planner reads, one per stage. */
  profile: StageProfile[];
}

type Shape = (number | null)[];

function perSample(shape: Shape): number {
  return shape.slice(1).reduce((a: number, b) => a * (b ?? 1), 1);
}

function layerVariables(layers: tfl.layers.Layer[]): tf.Variable[] {
  return layers.flatMap((l) => l.trainableWeights.map((w) => w.read() as tf.Variable));
}

function singleInboundLayer(layer: tfl.layers.Layer): tfl.layers.Layer | null {
  if (layer.inboundNodes.length !== 1) return null;
  const inbound = layer.inboundNodes[0].inboundLayers;
  return inbound.length === 1 ? inbound[0] : null;
}

function chainLayerStage(layer: tfl.layers.Layer): Stage {
  const cost = layerFlops(layer);
  const input = perSample((layer.input as tfl.SymbolicTensor).shape);
  return {
    name: layer.name,
    variables: layerVariables([layer]),
    forward: (x, training) => layer.apply(x as tf.Tensor, { training }) as tf.Tensor,
    profile: {
      name: layer.name,
      params: layer.countParams(),
      inputValues: input,
      outputValues: perSample(layer.outputShape as Shape),
      forwardFlops: cost.forward,
      backwardFlops: cost.backward,
    },
  };
}

/**
 * Cuts a tfjs-layers model into stages: the layers from the output back to
 * the first layer with several inputs (the fusion) each become a stage, and
 * everything before them becomes one first stage (a sub-model that shares the
 * model's layers). A sequential model becomes one stage per layer.
 *
 * @example
 * ```ts
 * import * as tfl from "@tensorflow/tfjs-layers";
 * import { initBackend } from "../../models/mod.ts";
 * import { stageModel } from "./stages.ts";
 * await initBackend("cpu");
 * const x = tfl.input({ shape: [4] });
 * const h = tfl.layers.dense({ units: 8, name: "a" }).apply(x) as tfl.SymbolicTensor;
 * const y = tfl.layers.dense({ units: 2, name: "b", activation: "softmax" }).apply(h);
 * const staged = stageModel(tfl.model({ inputs: x, outputs: y as tfl.SymbolicTensor }));
 * if (staged.stages.map((s) => s.name).join() !== "a,b") throw new Error("unexpected stages");
 * ```
 */
export function stageModel(model: tfl.LayersModel): StagedModel {
  if (model.outputs.length !== 1) {
    throw new TypeError(`Expected a model with one output but found ${model.outputs.length}`);
  }
  const chain: tfl.layers.Layer[] = [];
  let layer: tfl.layers.Layer = model.outputs[0].sourceLayer as tfl.layers.Layer;
  // Walk back while the graph is a chain; stop at the fusion (several inputs) or an input.
  for (;;) {
    const previous = singleInboundLayer(layer);
    if (previous === null) break;
    chain.unshift(layer);
    if (previous.getClassName() === "InputLayer") break;
    layer = previous;
  }
  const first = chain.length > 0 ? singleInboundLayer(chain[0])! : layer;
  const stages: Stage[] = [];
  if (first.getClassName() !== "InputLayer") {
    stages.push(frontStage(model, first));
  } else if (model.inputs.length > 1) {
    throw new TypeError(
      `Expected the inputs of a multi-input model to meet in one layer but found ${
        chain[0].name
      } fed by one input only`,
    );
  }
  stages.push(...chain.map(chainLayerStage));
  return { stages, profile: stages.map((s) => s.profile) };
}

function frontStage(model: tfl.LayersModel, last: tfl.layers.Layer): Stage {
  const front = tfl.model({
    name: `${model.name}_front`,
    inputs: model.inputs,
    outputs: last.output as tfl.SymbolicTensor,
  });
  const flops = countFlops(front);
  return {
    name: `front(${last.name})`,
    variables: front.trainableWeights.map((w) => w.read() as tf.Variable),
    forward: (x, training) => front.apply(x, { training }) as tf.Tensor,
    profile: {
      name: `front(${last.name})`,
      params: front.countParams(),
      inputValues: model.inputs.reduce((a, t) => a + perSample(t.shape), 0),
      outputValues: perSample(last.outputShape as Shape),
      forwardFlops: flops.forward,
      backwardFlops: flops.backward,
    },
  };
}

/**
 * Runs stages `from` up to (not including) `to` on `input`. The caller owns
 * the returned tensor; intermediates are freed.
 */
export function runStages(
  model: StagedModel,
  from: number,
  to: number,
  input: tf.Tensor | tf.Tensor[],
  training: boolean,
): tf.Tensor {
  return tf.tidy(() => {
    let x: tf.Tensor | tf.Tensor[] = input;
    for (let s = from; s < to; s++) x = model.stages[s].forward(x, training);
    return x as tf.Tensor;
  });
}
