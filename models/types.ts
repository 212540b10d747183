/** What the model zoo needs to know to build a model; nothing simulation-specific. */
import type { DeclaredModel } from "./declared.ts";

export type PresetName = "tiny" | "small" | "base" | "paper" | "reference";
export type FusionKind = "concat" | "gated" | "attention";
/**
 * Normalisation at the zoo's normalisation points (after each pooled
 * convolutional encoder, and after each trunk layer of the paper preset):
 * BatchNorm (running mean and variance kept as non-trainable weights),
 * LayerNorm, or none.
 */
export type NormKind = "batch" | "layer" | "none";

export interface ModelSpec {
  /** A preset, or `declared` for the model in `declared`. */
  preset: PresetName | "declared";
  /** The layers of a declared model (with preset `declared`); width and norm do not apply to it. */
  declared?: DeclaredModel;
  /**
   * A TF.js `model.json` (with its weight files beside it) whose weights
   * replace the seeded initial ones; every tensor must match in shape.
   */
  init?: string;
  /** Per-sample input shape per modality, in the fixed MODALITIES order. */
  shapes: Partial<Record<"image" | "series" | "tabular" | "tokens", number[]>>;
  classes: number;
  fusion?: FusionKind;
  /** Probability of zeroing a whole modality of a sample during training. */
  modalityDropout?: number;
  /**
   * Normalisation at the normalisation points; default the preset's own
   * (layer for tiny, small, base and paper; none for reference).
   */
  norm?: NormKind;
  /** Width multiplier (the reference model's 4x variant). */
  width?: number;
  /** Seed for initial weights: same seed, bit-identical weights. */
  seed: number;
  /** Token vocabulary size (token ids are 0 … vocab − 1); default 256. */
  vocab?: number;
}

/** Per-sample cost of the model, used by the simulation to charge compute time. */
export interface FlopCount {
  forward: number;
  backward: number;
  perLayer: { name: string; forward: number; backward: number }[];
}
