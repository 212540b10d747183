/**
 * Builds a multimodal classifier from a `ModelSpec`: one encoder per
 * modality, a mask per modality (missing modalities arrive as zeros), optional
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
import type { FusionKind, ModelSpec } from "./types.ts";
import { type BuildContext, dense, scaled } from "./_layers.ts";
import { DEFAULT_VOCAB, PRESET_PLANS, type PresetPlan } from "./presets.ts";
import {
  imageEncoder,
  normalize,
  seriesEncoder,
  tabularEncoder,
  tokensEncoder,
} from "./encoders.ts";
import { referenceEncoder, referenceHead } from "./reference.ts";
import { ModalityDropout, ModalityMask } from "./layers/modality.ts";
import { AttentionFusion, GatedFusion } from "./layers/fusion.ts";
import { SeedSequence, withSeededMathRandom } from "./seeding.ts";
import { specModalities, validateSpec } from "./spec.ts";
import { solveTrunkWidth } from "./trunk.ts";

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

function fuse(ctx: BuildContext, kind: FusionKind, embeddings: Sym[], mask: Sym): Sym {
  if (kind === "concat") {
    return apply(tfl.layers.concatenate({ name: "fusion_concat" }), [...embeddings, mask]);
  }
  const seed = ctx.seeds.next();
  const layer = kind === "gated"
    ? new GatedFusion({ name: "fusion_gated", seed })
    : new AttentionFusion({ name: "fusion_attention", seed });
  return apply(layer, [...embeddings, mask]);
}

function buildGraph(spec: ModelSpec, ctx: BuildContext): tfl.LayersModel {
  const modalities = specModalities(spec);
  const vocab = spec.vocab ?? DEFAULT_VOCAB;
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
  const plan: PresetPlan | undefined = spec.preset === "reference"
    ? undefined
    : PRESET_PLANS[spec.preset];
  const encoded = modalities.map((m: Modality, i) => {
    const x = inputs[i];
    if (plan === undefined) return referenceEncoder(ctx, m, x, vocab);
    if (m === "image") return imageEncoder(ctx, x, plan);
    if (m === "series") return seriesEncoder(ctx, x, plan);
    if (m === "tabular") return tabularEncoder(ctx, x, plan);
    return tokensEncoder(ctx, x, plan, vocab);
  });
  const masked = encoded.map((e, i) =>
    apply(new ModalityMask({ name: `${modalities[i]}_mask`, index: i }), [e, mask])
  );
  let output: Sym;
  if (plan === undefined) {
    // The reference model is exact: plain concatenation of the masked features.
    const fused = masked.length === 1
      ? masked[0]
      : apply(tfl.layers.concatenate({ name: "fusion_concat" }), masked);
    output = referenceHead(ctx, fused, spec.classes);
  } else {
    let h = fuse(ctx, spec.fusion ?? "concat", masked, mask);
    plan.head.forEach((units, i) => {
      h = apply(dense(ctx, `head_dense${i + 1}`, scaled(ctx, units)), h);
    });
    if (plan.trunk !== undefined) {
      const width = solveTrunkWidth(
        plan.trunk.targetParams - paramsSoFar([h]),
        h.shape[1] as number,
        plan.trunk.depth,
        spec.classes,
      );
      for (let i = 0; i < plan.trunk.depth; i++) {
        h = apply(dense(ctx, `trunk_dense${i + 1}`, width), h);
        h = normalize(ctx, `trunk_norm${i + 1}`, h);
      }
    }
    output = apply(dense(ctx, "head_out", spec.classes, "softmax"), h);
  }
  return tfl.model({
    name: `renkei_${spec.preset}`,
    inputs: [...inputs, maskInput],
    outputs: output,
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
  const ctx: BuildContext = {
    seeds: new SeedSequence(spec.seed),
    width: spec.width ?? 1,
    zeroInit,
    // The presets' own normalisation unless the spec chooses.
    norm: spec.norm ?? (spec.preset === "reference" ? "none" : "layer"),
  };
  return withSeededMathRandom(spec.seed, () => buildGraph(spec, ctx));
}
