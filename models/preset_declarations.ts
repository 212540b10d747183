/**
 * The presets as declarations: for a spec's shapes, classes, width and norm,
 * the layer lists the zoo has always built for tiny … paper and reference,
 * with their layer names, so weights, names and training are bit-identical
 * to the builders that came before (tests/models/preset_fingerprint_test.ts).
 */
import { MODALITIES, type Modality } from "../sim/data/types.ts";
import type { DeclaredModel, LayerDecl } from "./declared.ts";
import { encoderInputShape } from "./declared_shapes.ts";
import { DEFAULT_VOCAB, PRESET_PLANS, type PresetPlan } from "./presets.ts";
import type { ModelSpec, NormKind, PresetName } from "./types.ts";

interface Sizing {
  width: number;
  norm: NormKind;
  vocab: number;
}

const scaled = (s: Sizing, n: number) => Math.max(1, Math.round(n * s.width));

/** The layer at a normalisation point, none when the model has none. */
function normPoint(s: Sizing, name: string): LayerDecl[] {
  if (s.norm === "none") return [];
  return [{ kind: s.norm === "batch" ? "batchNorm" : "layerNorm", name }];
}

/** Image or series: downsample, convs with max-pools between, GAP, norm, embedding Dense. */
function convEncoder(s: Sizing, m: "image" | "series", shape: number[], plan: PresetPlan) {
  const spatial = shape.slice(0, -1);
  const target = m === "image" ? plan.image.targetSize : plan.series.targetLength;
  const factor = Math.max(1, Math.floor(Math.min(...spatial) / target));
  const layers: LayerDecl[] = [];
  if (factor > 1) {
    layers.push({ kind: "avgPool", size: factor, stride: factor, name: `${m}_downsample` });
  }
  let dims = spatial.map((d) => Math.floor(d / factor));
  const filters = m === "image" ? plan.image.filters : plan.series.filters;
  filters.forEach((f, i) => {
    if (i > 0 && Math.min(...dims) >= 2) {
      layers.push({ kind: "maxPool", size: 2, name: `${m}_pool${i}` });
      dims = dims.map((d) => Math.floor(d / 2));
    }
    layers.push({
      kind: m === "image" ? "conv2d" : "conv1d",
      filters: scaled(s, f),
      kernel: m === "image" ? 3 : plan.series.kernel,
      padding: "same",
      activation: "relu",
      name: `${m}_conv${i + 1}`,
    });
  });
  return [
    ...layers,
    { kind: "globalAvgPool", name: `${m}_gap` },
    ...normPoint(s, `${m}_norm`),
    embedDense(s, m, plan),
  ] as LayerDecl[];
}

function embedDense(s: Sizing, m: Modality, plan: PresetPlan): LayerDecl {
  return { kind: "dense", units: scaled(s, plan.embed), activation: "relu", name: `${m}_embed` };
}

function presetEncoder(s: Sizing, m: Modality, shape: number[], plan: PresetPlan): LayerDecl[] {
  if (m === "image" || m === "series") return convEncoder(s, m, shape, plan);
  if (m === "tabular") {
    return [
      ...plan.tabular.map((units, i): LayerDecl => ({
        kind: "dense",
        units: scaled(s, units),
        activation: "relu",
        name: `tabular_dense${i + 1}`,
      })),
      embedDense(s, m, plan),
    ];
  }
  return [
    {
      kind: "embedding",
      vocab: s.vocab,
      dim: scaled(s, plan.tokens.dim),
      name: "tokens_embedding",
    },
    { kind: "globalAvgPool", name: "tokens_gap" },
    embedDense(s, m, plan),
  ];
}

/**
 * The exact reference encoders: image Conv2D 16 3×3 same+ReLU → MaxPool2 →
 * Conv2D 32 → MaxPool2 → GAP; series Conv1D 32 k5 valid+ReLU → MaxPool2 →
 * Conv1D 32 k5 valid → GAP; tabular Dense 32 ReLU; tokens Embedding 32 → mean.
 */
function referenceEncoder(s: Sizing, m: Modality): LayerDecl[] {
  const w = (n: number) => scaled(s, n);
  const relu = "relu" as const;
  switch (m) {
    case "image":
      return [
        {
          kind: "conv2d",
          filters: w(16),
          kernel: 3,
          padding: "same",
          activation: relu,
          name: "image_conv1",
        },
        { kind: "maxPool", size: 2, name: "image_pool1" },
        {
          kind: "conv2d",
          filters: w(32),
          kernel: 3,
          padding: "same",
          activation: relu,
          name: "image_conv2",
        },
        { kind: "maxPool", size: 2, name: "image_pool2" },
        { kind: "globalAvgPool", name: "image_gap" },
        ...normPoint(s, "image_norm"),
      ];
    case "series":
      return [
        {
          kind: "conv1d",
          filters: w(32),
          kernel: 5,
          padding: "valid",
          activation: relu,
          name: "series_conv1",
        },
        { kind: "maxPool", size: 2, name: "series_pool1" },
        {
          kind: "conv1d",
          filters: w(32),
          kernel: 5,
          padding: "valid",
          activation: relu,
          name: "series_conv2",
        },
        { kind: "globalAvgPool", name: "series_gap" },
        ...normPoint(s, "series_norm"),
      ];
    case "tabular":
      return [{ kind: "dense", units: w(32), activation: relu, name: "tabular_dense1" }];
    case "tokens":
      return [
        { kind: "embedding", vocab: s.vocab, dim: w(32), name: "tokens_embedding" },
        { kind: "globalAvgPool", name: "tokens_gap" },
      ];
  }
}

/**
 * The declaration of `spec.preset` for the spec's shapes and options.
 *
 * @example
 * ```ts
 * import { presetDeclaration } from "./preset_declarations.ts";
 * const d = presetDeclaration({ preset: "reference", shapes: { tabular: [60] }, classes: 10, seed: 1 });
 * if (d.head.at(-1)?.kind !== "dense") throw new Error("the output is a dense layer");
 * ```
 */
export function presetDeclaration(spec: ModelSpec & { preset: PresetName }): DeclaredModel {
  const reference = spec.preset === "reference";
  const s: Sizing = {
    width: spec.width ?? 1,
    norm: spec.norm ?? (reference ? "none" : "layer"),
    vocab: spec.vocab ?? DEFAULT_VOCAB,
  };
  const out: LayerDecl = {
    kind: "dense",
    units: spec.classes,
    activation: "softmax",
    name: "head_out",
  };
  const modalities = MODALITIES.filter((m) => spec.shapes[m] !== undefined);
  if (spec.preset === "reference") {
    return {
      encoders: Object.fromEntries(modalities.map((m) => [m, referenceEncoder(s, m)])),
      fusion: "concat",
      head: [{ kind: "dense", units: scaled(s, 64), activation: "relu", name: "head_dense1" }, out],
    };
  }
  const plan = PRESET_PLANS[spec.preset];
  const encoders = Object.fromEntries(modalities.map((m) => [
    m,
    presetEncoder(s, m, encoderInputShape(m, spec.shapes[m]!), plan),
  ]));
  const head: LayerDecl[] = plan.head.map((units, i) => ({
    kind: "dense",
    units: scaled(s, units),
    activation: "relu",
    name: `head_dense${i + 1}`,
  }));
  if (plan.trunk !== undefined) {
    head.push({
      kind: "trunk",
      ...plan.trunk,
      norm: s.norm === "none" ? null : s.norm === "batch" ? "batchNorm" : "layerNorm",
    });
  }
  const fusion = spec.fusion ?? "concat";
  return { encoders, fusion: fusion === "concat" ? "concatMask" : fusion, head: [...head, out] };
}
