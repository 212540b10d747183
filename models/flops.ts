/**
 * Per-sample FLOP counts, layer by layer, used by the simulation to charge
 * compute time. Conventions:
 * - a multiply-add is 2 FLOPs; a bias add, a comparison or an activation is
 *   1 FLOP per element (sigmoid/tanh 4, softmax 3, layer norm 8);
 * - backward of a layer with weights = 2 × its forward (gradient for the
 *   input and for the weights); backward of a layer without weights = 1 ×
 *   forward; an Embedding costs 0 forward (a lookup) and `length × dim`
 *   backward (the scatter-add of its gradient);
 * - reshapes, concatenations and inputs cost nothing.
 */
import type * as tfl from "@tensorflow/tfjs-layers";
import type { FlopCount } from "./types.ts";

type Shape = (number | null)[];
type Cost = { forward: number; backward: number };

const ACTIVATION_COST: Record<string, number> = {
  linear: 0,
  relu: 1,
  sigmoid: 4,
  tanh: 4,
  softmax: 3,
};

function elements(shape: Shape): number {
  return shape.slice(1).reduce((a: number, b) => a * (b ?? 1), 1);
}

function firstShape(shape: Shape | Shape[]): Shape {
  return Array.isArray(shape[0]) ? (shape as Shape[])[0] : (shape as Shape);
}

function activationCost(layer: tfl.layers.Layer): number {
  const config = layer.getConfig();
  const name = String(config["activation"] ?? "linear");
  return ACTIVATION_COST[name] ?? 1;
}

function withWeights(forward: number): Cost {
  return { forward, backward: 2 * forward };
}

/** The per-sample cost of one layer. */
export function layerFlops(layer: tfl.layers.Layer): Cost {
  const custom = layer as unknown as { flopsPerSample?: () => Cost };
  if (typeof custom.flopsPerSample === "function") return custom.flopsPerSample();
  const source = layer.input as tfl.SymbolicTensor | tfl.SymbolicTensor[];
  const input = (Array.isArray(source) ? source[0] : source).shape as Shape;
  const output = firstShape(layer.outputShape as Shape | Shape[]);
  const config = layer.getConfig();
  const out = elements(output);
  switch (layer.getClassName()) {
    case "InputLayer":
    case "Reshape":
    case "Flatten":
    case "Concatenate":
      return { forward: 0, backward: 0 };
    case "Dense": {
      const inUnits = input[input.length - 1] as number;
      const units = output[output.length - 1] as number;
      const positions = out / units;
      const bias = config["useBias"] === false ? 0 : 1;
      return withWeights(positions * units * (2 * inUnits + bias + activationCost(layer)));
    }
    case "Conv1D":
    case "Conv2D": {
      const kernel = config["kernelSize"] as number[];
      const taps = kernel.reduce((a, b) => a * b, 1);
      const inChannels = input[input.length - 1] as number;
      const filters = output[output.length - 1] as number;
      const positions = out / filters;
      const bias = config["useBias"] === false ? 0 : 1;
      return withWeights(
        positions * filters * (2 * taps * inChannels + bias + activationCost(layer)),
      );
    }
    case "Embedding":
      return { forward: 0, backward: out };
    case "MaxPooling1D":
    case "AveragePooling1D":
    case "MaxPooling2D":
    case "AveragePooling2D": {
      const pool = config["poolSize"] as number | number[];
      const window = Array.isArray(pool) ? pool.reduce((a, b) => a * b, 1) : pool;
      return { forward: out * window, backward: out * window };
    }
    case "GlobalAveragePooling1D":
    case "GlobalAveragePooling2D":
    case "GlobalMaxPooling1D":
    case "GlobalMaxPooling2D":
      return { forward: elements(input), backward: elements(input) };
    case "LayerNormalization":
      return withWeights(8 * out);
    case "BatchNormalization":
      return withWeights(4 * out);
    case "Activation":
      return { forward: out * activationCost(layer), backward: out * activationCost(layer) };
    default:
      throw new TypeError(
        `Expected a layer the FLOP counter knows but found ${layer.getClassName()} (${layer.name})`,
      );
  }
}

/**
 * Per-sample forward and backward FLOPs of `model`, with a per-layer list.
 *
 * @example
 * ```ts
 * import * as tfl from "@tensorflow/tfjs-layers";
 * import { countFlops, initBackend } from "./mod.ts";
 * await initBackend("cpu");
 * const x = tfl.input({ shape: [10] });
 * const model = tfl.model({ inputs: x, outputs: tfl.layers.dense({ units: 5 }).apply(x) as tfl.SymbolicTensor });
 * // 10 inputs × 5 units × 2 (multiply-add) + 5 bias adds
 * if (countFlops(model).forward !== 105) throw new Error("unexpected count");
 * ```
 */
export function countFlops(model: tfl.LayersModel): FlopCount {
  const perLayer = model.layers.map((layer) => ({ name: layer.name, ...layerFlops(layer) }));
  return {
    forward: perLayer.reduce((a, l) => a + l.forward, 0),
    backward: perLayer.reduce((a, l) => a + l.backward, 0),
    perLayer,
  };
}
