/**
 * An inference pass through a functional TensorFlow.js model, layer by
 * layer, that lets a caller replace what chosen layers compute. Imputation
 * uses it to put an estimated embedding where a missing modality's
 * zeroed one would go, without rebuilding the model or touching its weights.
 */
import type * as tf from "@tensorflow/tfjs-core";
import type * as tfl from "@tensorflow/tfjs-layers";

/** A symbolic tensor of the model graph (tfjs does not export its class). */
type Symbolic = tfl.SymbolicTensor;

/**
 * Replaces one layer's output: return a tensor to use it instead of the
 * layer's own call, or undefined to run the layer as usual.
 */
export type LayerOverride = (
  layer: tfl.layers.Layer,
  inputs: tf.Tensor[],
  symbols: Symbolic[],
) => tf.Tensor | undefined;

interface GraphNode {
  inputTensors: Symbolic[];
  outputTensors: Symbolic[];
}

function nodeOf(layer: tfl.layers.Layer): GraphNode {
  const nodes = layer.inboundNodes as unknown as GraphNode[];
  if (nodes.length !== 1) {
    throw new TypeError(
      `Expected layer ${layer.name} to be used once in the model but found ${nodes.length} uses`,
    );
  }
  return nodes[0];
}

/**
 * Runs `model` in inference mode on `inputs` (in `model.inputs` order) and
 * returns its single output. With no override it computes what
 * `model.apply(inputs)` computes. Call inside `tf.tidy`: intermediate
 * tensors are not disposed here.
 */
export function forwardWith(
  model: tfl.LayersModel,
  inputs: tf.Tensor[],
  override?: LayerOverride,
): tf.Tensor {
  if (inputs.length !== model.inputs.length) {
    throw new RangeError(
      `Expected ${model.inputs.length} model inputs but found ${inputs.length}`,
    );
  }
  const values = new Map<number, tf.Tensor>();
  model.inputs.forEach((s, i) => values.set(s.id, inputs[i]));
  // model.layers is in topological order for a functional model.
  for (const layer of model.layers) {
    const node = nodeOf(layer);
    // Input layers: their outputs are the model inputs, already set.
    if (node.outputTensors.every((s) => values.has(s.id))) continue;
    const ins = node.inputTensors.map((s) => {
      const v = values.get(s.id);
      if (v === undefined) throw new TypeError(`Expected a value for ${s.name} but found none`);
      return v;
    });
    const out = override?.(layer, ins, node.inputTensors) ??
      layer.apply(ins.length === 1 ? ins[0] : ins, { training: false }) as tf.Tensor | tf.Tensor[];
    const outs = Array.isArray(out) ? out : [out];
    node.outputTensors.forEach((s, j) => values.set(s.id, outs[j]));
  }
  const result = values.get(model.outputs[0].id);
  if (result === undefined) throw new TypeError("Expected the model output to be computed");
  return result;
}
