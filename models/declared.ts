/**
 * Declared models: one encoder per modality and a head, each a list of
 * layers, joined by a fusion. A scenario writes them (`model.encoders`,
 * `model.head`); the presets are declarations of the same form
 * (preset_declarations.ts), so every model is built by one code path
 * (build.ts). The head's last layer is the output: `dense` with one unit per
 * class, given a softmax.
 */
import type { Modality } from "../sim/data/types.ts";

/** Activations a layer may apply, or that stand alone as a layer. */
export const ACTIVATIONS = ["relu", "sigmoid", "tanh", "softmax", "linear"] as const;
export type ActivationName = (typeof ACTIVATIONS)[number];

/** Layers written as a bare name (no settings). */
export const BARE_LAYERS = [
  "flatten",
  "globalAvgPool",
  "batchNorm",
  "layerNorm",
  "relu",
  "sigmoid",
  "tanh",
  "softmax",
] as const;
/** Layers written as `{kind: {settings}}`. */
export const SET_LAYERS = [
  "conv2d",
  "conv1d",
  "dense",
  "maxPool",
  "avgPool",
  "dropout",
  "embedding",
] as const;
/** Every layer kind a declaration may use. */
export const LAYER_KINDS = [...SET_LAYERS, ...BARE_LAYERS] as const;

/** One declared layer, normalised (`name` is set only by the presets, to keep their weight names). */
export type LayerDecl =
  & { name?: string }
  & (
    | {
      kind: "conv2d" | "conv1d";
      filters: number;
      kernel: number;
      stride?: number;
      padding?: "same" | "valid";
      activation?: ActivationName;
    }
    | { kind: "dense"; units: number; activation?: ActivationName }
    | { kind: "maxPool" | "avgPool"; size: number; stride?: number }
    | { kind: "dropout"; rate: number }
    | { kind: "embedding"; dim: number; vocab?: number }
    | { kind: "flatten" | "globalAvgPool" | "batchNorm" | "layerNorm" }
    | { kind: "relu" | "sigmoid" | "tanh" | "softmax" }
    /** Presets only: the paper preset's Dense+norm trunk, width solved for a parameter target. */
    | { kind: "trunk"; depth: number; targetParams: number; norm: "batchNorm" | "layerNorm" | null }
  );

/**
 * How the encoders' (masked) outputs are joined: `concat` joins them (one
 * encoder passes through); `concatMask` also appends the modality mask (the
 * tiny … paper presets); `gated` and `attention` are the zoo's fusion layers.
 */
export type DeclaredFusion = "concat" | "concatMask" | "gated" | "attention";

/** A whole declared model. */
export interface DeclaredModel {
  encoders: Partial<Record<Modality, LayerDecl[]>>;
  fusion: DeclaredFusion;
  head: LayerDecl[];
}

/** A layer as a scenario writes it: `flatten`, or `{conv2d: {filters: 6, kernel: 5}}`. */
export type WrittenLayer = string | Record<string, Record<string, unknown>>;

/** The normalised form of a written layer (the schema has checked its settings). */
export function layerFromWritten(written: WrittenLayer): LayerDecl {
  if (typeof written === "string") return { kind: written } as LayerDecl;
  const [kind, settings] = Object.entries(written)[0];
  return { kind, ...settings } as LayerDecl;
}

/** A scenario's written encoders, fusion and head as a declaration. */
export function declaredFromWritten(
  encoders: Partial<Record<Modality, WrittenLayer[]>>,
  fusion: "concat" | "gated" | "attention",
  head: WrittenLayer[],
): DeclaredModel {
  return {
    encoders: Object.fromEntries(
      Object.entries(encoders).map(([m, layers]) => [m, (layers ?? []).map(layerFromWritten)]),
    ),
    fusion,
    head: head.map(layerFromWritten),
  };
}
