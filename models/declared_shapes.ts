/**
 * Shape inference for declared models without TensorFlow.js: each layer's
 * per-sample output shape from its input, so an impossible model is refused
 * before training with the layer and the shapes named (the preflight's
 * model check and `validateSpec` both use it).
 */
import { MODALITIES, type Modality } from "../sim/data/types.ts";
import type { DeclaredModel, LayerDecl } from "./declared.ts";
import { DEFAULT_VOCAB } from "./presets.ts";

/** A problem with a declaration, at a path inside it (`["encoders", "image", 2]`). */
export interface ShapeProblem {
  path: (string | number)[];
  message: string;
}

type Shape = number[];
const show = (s: Shape) => `[${s.join(", ")}]`;

/** The input an encoder sees: images get a channel axis, series a feature axis (as the zoo feeds them). */
export function encoderInputShape(modality: Modality, shape: readonly number[]): Shape {
  if (modality === "image" && shape.length === 2) return [...shape, 1];
  if (modality === "series" && shape.length === 1) return [...shape, 1];
  return [...shape];
}

function windowOut(n: number, size: number, stride: number, same: boolean): number {
  return same ? Math.ceil(n / stride) : Math.floor((n - size) / stride) + 1;
}

/** Output shape of `layer` on `input`, or the reason it cannot apply. */
export function layerOutputShape(
  layer: LayerDecl,
  input: Shape,
  modality: Modality | null,
): Shape | string {
  const rank = input.length;
  switch (layer.kind) {
    case "conv2d":
    case "conv1d": {
      const spatial = layer.kind === "conv2d" ? 2 : 1;
      if (rank !== spatial + 1) {
        return `${layer.kind} needs a ${spatial + 1}-axis input (${
          spatial === 2 ? "height, width, channels" : "length, channels"
        }) but gets ${show(input)}`;
      }
      const same = (layer.padding ?? "valid") === "same";
      const stride = layer.stride ?? 1;
      const dims = input.slice(0, spatial);
      if (!same && dims.some((d) => d < layer.kernel)) {
        return `${layer.kind} kernel ${layer.kernel} does not fit its input ${show(input)} ` +
          `with padding valid (use a smaller kernel, padding same, or less pooling before it)`;
      }
      return [...dims.map((d) => windowOut(d, layer.kernel, stride, same)), layer.filters];
    }
    case "maxPool":
    case "avgPool": {
      if (rank !== 2 && rank !== 3) {
        return `${layer.kind} needs a 2- or 3-axis input (pooling over length or height × width) but gets ${
          show(input)
        }`;
      }
      const stride = layer.stride ?? layer.size;
      const dims = input.slice(0, rank - 1);
      if (dims.some((d) => d < layer.size)) {
        return `${layer.kind} size ${layer.size} does not fit its input ${show(input)}`;
      }
      return [...dims.map((d) => windowOut(d, layer.size, stride, false)), input[rank - 1]];
    }
    case "globalAvgPool":
      if (rank !== 2 && rank !== 3) {
        return `globalAvgPool needs a 2- or 3-axis input but gets ${show(input)}`;
      }
      return [input[rank - 1]];
    case "flatten":
      return [input.reduce((a, b) => a * b, 1)];
    case "dense":
      if (rank !== 1) {
        return `dense needs a flat input but gets ${
          show(input)
        } (add flatten or globalAvgPool before it)`;
      }
      return [layer.units];
    case "embedding":
      if (modality !== "tokens" || rank !== 1) {
        return `embedding reads token ids, so it must be the first layer of the tokens encoder (it gets ${
          show(input)
        }${modality === null ? " in the head" : ` from ${modality}`})`;
      }
      return [input[0], layer.dim];
    case "trunk":
      return rank === 1 ? [Number.NaN] : `trunk needs a flat input but gets ${show(input)}`;
    default:
      // dropout, batchNorm, layerNorm and activations keep the shape.
      return input;
  }
}

/** Runs `layers` from `input`; the output shape, or the first problem. */
function runLayers(
  layers: readonly LayerDecl[],
  input: Shape,
  modality: Modality | null,
  path: (string | number)[],
): Shape | ShapeProblem {
  let shape = input;
  for (const [i, layer] of layers.entries()) {
    const out = layerOutputShape(layer, shape, modality);
    if (typeof out === "string") return { path: [...path, i], message: out };
    shape = out;
  }
  return shape;
}

/**
 * Every shape problem of `model` for inputs of `shapes` and `classes`
 * classes: a layer that cannot take its input, an encoder that does not end
 * flat, a fusion whose inputs do not agree, an output that is not
 * `dense(classes)`.
 */
export function declaredShapeProblems(
  model: DeclaredModel,
  shapes: Partial<Record<Modality, readonly number[]>>,
  classes: number,
): ShapeProblem[] {
  const problems: ShapeProblem[] = [];
  const widths: number[] = [];
  const used = MODALITIES.filter((m) => shapes[m] !== undefined);
  for (const m of Object.keys(model.encoders) as Modality[]) {
    if (!used.includes(m)) {
      problems.push({
        path: ["encoders", m],
        message: `is an encoder for ${m}, which the data does not have (expected encoders for ${
          used.join(", ")
        })`,
      });
    }
  }
  for (const m of used) {
    const layers = model.encoders[m];
    if (layers === undefined) {
      problems.push({
        path: ["encoders"],
        message: `must have an encoder for every modality of the data (missing ${m}; ` +
          `an empty list passes a flat input through)`,
      });
      continue;
    }
    const out = runLayers(layers, encoderInputShape(m, shapes[m]!), m, ["encoders", m]);
    if (!Array.isArray(out)) problems.push(out);
    else if (out.length !== 1) {
      problems.push({
        path: ["encoders", m],
        message: `must end with a flat feature vector but ends with ${
          show(out)
        } (add flatten or globalAvgPool at its end)`,
      });
    } else widths.push(out[0]);
  }
  if (problems.length > 0) return problems;
  const fused = fusedWidth(model, widths, used.length);
  if (typeof fused === "string") return [{ path: ["fusion"], message: fused }];
  const out = runLayers(model.head, [fused], null, ["head"]);
  if (!Array.isArray(out)) return [out];
  const last = model.head[model.head.length - 1];
  if (last === undefined || last.kind !== "dense" || last.units !== classes) {
    problems.push({
      path: model.head.length === 0 ? ["head"] : ["head", model.head.length - 1],
      message: `must end with the output layer dense(units: ${classes}), one unit per class ` +
        `(the data has ${classes} classes; the model gives it a softmax)`,
    });
  } else if (last.activation !== undefined && last.activation !== "softmax") {
    problems.push({
      path: ["head", model.head.length - 1, "dense", "activation"],
      message: `must be softmax or left out on the output layer (got ${last.activation})`,
    });
  }
  return problems;
}

function fusedWidth(model: DeclaredModel, widths: number[], modalities: number): number | string {
  const total = widths.reduce((a, b) => a + b, 0);
  switch (model.fusion) {
    case "concat":
      return total;
    case "concatMask":
      return total + modalities;
    default:
      if (widths.some((w) => w !== widths[0])) {
        return `${model.fusion} fusion needs every encoder to end with the same width but they end with ${
          widths.join(", ")
        } (use concat, or end each encoder with dense of one width)`;
      }
      return widths[0];
  }
}

/** Weight names (as the builder names them) and shapes of one layer on `input`. */
function layerWeights(layer: LayerDecl, name: string, input: Shape): [string, number[]][] {
  const last = input[input.length - 1];
  switch (layer.kind) {
    case "conv2d":
      return [[`${name}/kernel`, [layer.kernel, layer.kernel, last, layer.filters]], [
        `${name}/bias`,
        [layer.filters],
      ]];
    case "conv1d":
      return [[`${name}/kernel`, [layer.kernel, last, layer.filters]], [`${name}/bias`, [
        layer.filters,
      ]]];
    case "dense":
      return [[`${name}/kernel`, [last, layer.units]], [`${name}/bias`, [layer.units]]];
    case "embedding":
      return [[`${name}/embeddings`, [layer.vocab ?? DEFAULT_VOCAB, layer.dim]]];
    case "layerNorm":
      return [[`${name}/gamma`, [last]], [`${name}/beta`, [last]]];
    case "batchNorm":
      return ["gamma", "beta", "moving_mean", "moving_variance"].map((w) => [`${name}/${w}`, [
        last,
      ]]);
    default:
      return [];
  }
}

/**
 * Every weight of a declared model whose shapes fit (name → shape), for
 * checking saved weights before building; undefined for the fusions with
 * weights of their own (gated, attention), which only the built model knows.
 */
export function declaredWeightShapes(
  model: DeclaredModel,
  shapes: Partial<Record<Modality, readonly number[]>>,
): Map<string, number[]> | undefined {
  if (model.fusion === "gated" || model.fusion === "attention") return undefined;
  const weights = new Map<string, number[]>();
  const walk = (layers: readonly LayerDecl[], input: Shape, prefix: string, m: Modality | null) => {
    let shape = input;
    layers.forEach((layer, i) => {
      const last = prefix === "head" && i === layers.length - 1;
      const name = layer.name ?? (last ? "head_out" : `${prefix}_${layer.kind}${i + 1}`);
      for (const [w, s] of layerWeights(layer, name, shape)) weights.set(w, s);
      shape = layerOutputShape(layer, shape, m) as Shape;
    });
    return shape;
  };
  const used = MODALITIES.filter((m) => shapes[m] !== undefined);
  const widths = used.map((m) =>
    walk(model.encoders[m] ?? [], encoderInputShape(m, shapes[m]!), m, m)[0]
  );
  const fused = widths.reduce((a, b) => a + b, 0) +
    (model.fusion === "concatMask" ? used.length : 0);
  walk(model.head, [fused], "head", null);
  return weights;
}
