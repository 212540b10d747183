/**
 * Small factories for stock tfjs layers with seeded initialisers and
 * explicit names, so two builds with the same seed give the same weights and
 * the same weight names in one process.
 */
import * as tfl from "@tensorflow/tfjs-layers";
import type { SeedSequence } from "./seeding.ts";
import type { NormKind } from "./types.ts";
import { LayerNorm } from "./layers/norm.ts";
import { fuseConvWhileTraining, fuseDenseWhileTraining } from "./_train_fusion.ts";

/** What every builder needs while assembling a model. */
export interface BuildContext {
  seeds: SeedSequence;
  /** Width multiplier applied to every hidden width. */
  width: number;
  /** Zero initial weights (only for counting parameters fast). */
  zeroInit: boolean;
  /** What each normalisation point holds. */
  norm: NormKind;
}

/**
 * BatchNorm's running-average momentum and ε: PyTorch's defaults (it moves
 * the running statistics by 0.1 of the batch's per step), so the few local
 * steps of a federated round still move them; tfjs-layers' own 0.99 would not.
 */
export const BATCH_NORM = { momentum: 0.9, epsilon: 1e-5 } as const;

/**
 * The layer at a normalisation point, or null when the model has none.
 * BatchNorm normalises over the batch with the batch's statistics while
 * training and with its running mean and variance (non-trainable weights,
 * updated by every training step) in inference.
 */
export function normLayer(ctx: BuildContext, name: string): tfl.layers.Layer | null {
  switch (ctx.norm) {
    case "layer":
      return new LayerNorm({ name });
    case "batch":
      return tfl.layers.batchNormalization({ name, axis: -1, ...BATCH_NORM });
    case "none":
      return null;
  }
}

/** Activations a zoo layer may apply. */
export type Activation = "relu" | "linear" | "softmax" | "sigmoid" | "tanh";
type Init = ReturnType<typeof tfl.initializers.zeros>;

/** Scales a width by the multiplier, never below 1. */
export function scaled(ctx: BuildContext, n: number): number {
  return Math.max(1, Math.round(n * ctx.width));
}

/** A seeded Glorot-uniform initialiser (zeros when counting only). */
export function kernelInit(ctx: BuildContext): Init {
  const seed = ctx.seeds.next();
  return ctx.zeroInit ? tfl.initializers.zeros() : tfl.initializers.glorotUniform({ seed });
}

/** A Dense layer with a seeded kernel. */
export function dense(
  ctx: BuildContext,
  name: string,
  units: number,
  activation: Activation = "relu",
): tfl.layers.Layer {
  // With ReLU, it trains through one fused op (see _train_fusion.ts).
  return fuseDenseWhileTraining(tfl.layers.dense({
    name,
    units,
    activation,
    kernelInitializer: kernelInit(ctx),
    biasInitializer: "zeros",
  }));
}

/**
 * The settings every zoo convolution shares: ReLU, a seeded kernel, zero
 * bias. While training, the three run as one op (see _train_fusion.ts).
 */
function convConfig(
  ctx: BuildContext,
  name: string,
  filters: number,
  kernelSize: number,
  padding: "same" | "valid",
  more: ConvOptions,
) {
  return {
    name,
    filters,
    kernelSize,
    padding,
    activation: more.activation ?? "relu",
    ...(more.stride !== undefined && more.stride !== 1 ? { strides: more.stride } : {}),
    kernelInitializer: kernelInit(ctx),
    biasInitializer: "zeros",
  } as const;
}

/** What a declared convolution may change from the zoo's ReLU, stride-1 default. */
export interface ConvOptions {
  activation?: Activation;
  stride?: number;
}

/** A 3×3 (or given) 2-D convolution with "same" padding and a seeded kernel. */
export function conv2d(
  ctx: BuildContext,
  name: string,
  filters: number,
  kernelSize = 3,
  padding: "same" | "valid" = "same",
  more: ConvOptions = {},
): tfl.layers.Layer {
  return fuseConvWhileTraining(
    tfl.layers.conv2d(convConfig(ctx, name, filters, kernelSize, padding, more)),
    2,
  );
}

/** A 1-D convolution with a seeded kernel. */
export function conv1d(
  ctx: BuildContext,
  name: string,
  filters: number,
  kernelSize: number,
  padding: "same" | "valid" = "same",
  more: ConvOptions = {},
): tfl.layers.Layer {
  return fuseConvWhileTraining(
    tfl.layers.conv1d(convConfig(ctx, name, filters, kernelSize, padding, more)),
    1,
  );
}

/** A token embedding with a seeded uniform initialiser. */
export function embedding(
  ctx: BuildContext,
  name: string,
  vocab: number,
  dim: number,
): tfl.layers.Layer {
  const seed = ctx.seeds.next();
  return tfl.layers.embedding({
    name,
    inputDim: vocab,
    outputDim: dim,
    embeddingsInitializer: ctx.zeroInit
      ? "zeros"
      : tfl.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed }),
  });
}
