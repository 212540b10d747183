/**
 * Builds a multimodal classifier from a `ModelSpec` through one code path:
 * the spec's declaration (declared.ts), or its preset's
 * (preset_declarations.ts): one encoder per modality, a mask per modality (missing modalities arrive as zeros), optional
 * modality dropout, a fusion block and a softmax head. Inputs are the
 * modalities present in `spec.shapes`, in MODALITIES order, then `mask`
 * (`[numModalities]`, same order).
 *
 * The `reference` preset is a fixed architecture: it always concatenates
 * (`spec.fusion` is ignored), while the mask and modality dropout still apply;
 * it has no normalisation unless `spec.norm` asks for it at its pooled
 * image and series features. `spec.norm` swaps every preset's normalisation
 * points between BatchNorm, LayerNorm and none.
 * The paper preset needs at least three modalities; its trunk width is solved
 * so the whole model has 150M ± 5% parameters whatever the input shapes.
 */
import * as tfl from "@tensorflow/tfjs-layers";
import type { Modality } from "../sim/data/types.ts";
import type { ModelSpec, PresetName } from "./types.ts";
import { type BuildContext, dense } from "./_layers.ts";
import { declaredLayer } from "./_declared_layers.ts";
import type { DeclaredFusion, DeclaredModel, LayerDecl } from "./declared.ts";
import { presetDeclaration } from "./preset_declarations.ts";
import { DEFAULT_VOCAB } from "./presets.ts";
import { ModalityDropout, ModalityMask } from "./layers/modality.ts";
import { AttentionFusion, GatedFusion } from "./layers/fusion.ts";
import { LayerNorm } from "./layers/norm.ts";
import { SeedSequence, withSeededMathRandom } from "./seeding.ts";
import { specModalities, validateSpec } from "./spec.ts";
import { solveTrunkWidth } from "./trunk.ts";
import { BATCH_NORM } from "./_layers.ts";
import { loadInitWeights } from "./init_weights.ts";

type Sym = tfl.SymbolicTensor;

function apply(layer: tfl.layers.Layer, x: Sym | Sym[]): Sym {
  return layer.apply(x) as Sym;
}

function paramsSoFar(outputs: Sym[]): number {
  // Layers reachable from the outputs built so far, each counted once.
  const seen = new Set<tfl.layers.Layer>();
  const stack = [...outputs];
  let total = 0;
  while (stack.length > 0) {
    const t = stack.pop()!;
    const layer = t.sourceLayer as tfl.layers.Layer;
    if (seen.has(layer)) continue;
    seen.add(layer);
    total += layer.countParams();
    for (const node of layer.inboundNodes) stack.push(...(node.inputTensors as Sym[]));
  }
  return total;
}

function fuse(ctx: BuildContext, kind: DeclaredFusion, embeddings: Sym[], mask: Sym): Sym {
  if (kind === "concat") {
    // Plain concatenation of the masked features; one encoder passes through.
    return embeddings.length === 1
      ? embeddings[0]
      : apply(tfl.layers.concatenate({ name: "fusion_concat" }), embeddings);
  }
  if (kind === "concatMask") {
    return apply(tfl.layers.concatenate({ name: "fusion_concat" }), [...embeddings, mask]);
  }
  const seed = ctx.seeds.next();
  const layer = kind === "gated"
    ? new GatedFusion({ name: "fusion_gated", seed })
    : new AttentionFusion({ name: "fusion_attention", seed });
  return apply(layer, [...embeddings, mask]);
}

/** The modality's input with the channel axis the encoders expect (a grey image, a univariate series). */
function withChannels(m: Modality, x: Sym): Sym {
  const shape = x.shape.slice(1) as number[];
  if ((m === "image" && shape.length === 2) || (m === "series" && shape.length === 1)) {
    return apply(tfl.layers.reshape({ name: `${m}_channels`, targetShape: [...shape, 1] }), x);
  }
  return x;
}

/** The paper preset's trunk: Dense+norm blocks whose width hits the parameter target. */
function trunk(ctx: BuildContext, h: Sym, decl: LayerDecl & { kind: "trunk" }, classes: number) {
  const width = solveTrunkWidth(
    decl.targetParams - paramsSoFar([h]),
    h.shape[1] as number,
    decl.depth,
    classes,
  );
  for (let i = 0; i < decl.depth; i++) {
    h = apply(dense(ctx, `trunk_dense${i + 1}`, width), h);
    const name = `trunk_norm${i + 1}`;
    if (decl.norm === "layerNorm") h = apply(new LayerNorm({ name }), h);
    if (decl.norm === "batchNorm") {
      h = apply(tfl.layers.batchNormalization({ name, axis: -1, ...BATCH_NORM }), h);
    }
  }
  return h;
}

/** `layers` applied to `x`, named `prefix_kind{i}` unless the declaration names them. */
function stack(
  ctx: BuildContext,
  layers: readonly LayerDecl[],
  x: Sym,
  prefix: string,
  spec: ModelSpec,
): Sym {
  let h = x;
  layers.forEach((decl, i) => {
    if (decl.kind === "trunk") {
      h = trunk(ctx, h, decl, spec.classes);
      return;
    }
    const name = decl.name ?? `${prefix}_${decl.kind}${i + 1}`;
    const layer = declaredLayer(ctx, decl, name, h.shape.length - 1, spec.vocab ?? DEFAULT_VOCAB);
    h = apply(layer, h);
  });
  return h;
}

function buildGraph(spec: ModelSpec, declared: DeclaredModel, ctx: BuildContext): tfl.LayersModel {
  const modalities = specModalities(spec);
  const inputs = modalities.map((m) => tfl.input({ name: m, shape: spec.shapes[m]! }));
  const maskInput = tfl.input({ name: "mask", shape: [modalities.length] });
  let mask: Sym = maskInput;
  if ((spec.modalityDropout ?? 0) > 0) {
    const layer = new ModalityDropout({
      name: "modality_dropout",
      rate: spec.modalityDropout!,
      seed: ctx.seeds.next(),
    });
    mask = apply(layer, mask);
  }
  const encoded = modalities.map((m: Modality, i) =>
    stack(ctx, declared.encoders[m] ?? [], withChannels(m, inputs[i]), m, spec)
  );
  const masked = encoded.map((e, i) =>
    apply(new ModalityMask({ name: `${modalities[i]}_mask`, index: i }), [e, mask])
  );
  const fused = fuse(ctx, declared.fusion, masked, mask);
  // The output layer is the head's last dense; it always gives probabilities.
  const head = declared.head.map((d, i) =>
    i === declared.head.length - 1 && d.kind === "dense"
      ? { ...d, activation: "softmax" as const, name: d.name ?? "head_out" }
      : d
  );
  return tfl.model({
    name: `renkei_${spec.preset}`,
    inputs: [...inputs, maskInput],
    outputs: stack(ctx, head, fused, "head", spec),
  });
}

/**
 * Builds the model for `spec`. The same spec (and seed) gives bit-identical
 * initial weights: every initialiser is seeded and `Math.random` is seeded
 * while building.
 *
 * @example
 * ```ts
 * import { buildModel, initBackend } from "./mod.ts";
 * await initBackend("cpu");
 * const model = buildModel({ preset: "tiny", shapes: { tabular: [16] }, classes: 3, seed: 1 });
 * if (model.inputs.length !== 2) throw new Error("tabular + mask expected");
 * model.dispose();
 * ```
 */
export function buildModel(spec: ModelSpec): tfl.LayersModel {
  return buildModelWith(spec, false);
}

/** Builds with zero weights when `zeroInit` (for fast parameter counting). */
export function buildModelWith(spec: ModelSpec, zeroInit: boolean): tfl.LayersModel {
  validateSpec(spec);
  const declared = spec.declared ??
    presetDeclaration({ ...spec, preset: spec.preset as PresetName });
  const ctx: BuildContext = {
    seeds: new SeedSequence(spec.seed),
    width: spec.width ?? 1,
    zeroInit,
    // The presets' own normalisation unless the spec chooses.
    norm: spec.norm ?? (spec.preset === "reference" ? "none" : "layer"),
  };
  const model = withSeededMathRandom(spec.seed, () => buildGraph(spec, declared, ctx));
  if (spec.init !== undefined && !zeroInit) {
    try {
      loadInitWeights(model, spec.init);
    } catch (err) {
      model.dispose();
      throw err;
    }
  }
  return model;
}
