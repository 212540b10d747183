/**
 * The `reference` preset, exactly as specified (widths × `width`):
 * image Conv2D 16 3×3 same+ReLU → MaxPool2 → Conv2D 32 3×3 same+ReLU →
 * MaxPool2 → GAP; series Conv1D 32 k5 valid+ReLU → MaxPool2 → Conv1D 32 k5
 * valid+ReLU → GAP; tabular Dense 32 ReLU; concat(96) → Dense 64 ReLU →
 * Dense classes (softmax). Missing modalities are zeroed by the mask before
 * the concatenation (no parameters). The issue names no tokens branch; the
 * zoo adds Embedding 32 → mean when the data has tokens.
 */
import * as tfl from "@tensorflow/tfjs-layers";
import { type BuildContext, conv1d, conv2d, dense, embedding, scaled } from "./_layers.ts";
import { normalize } from "./encoders.ts";
import type { Modality } from "../sim/data/types.ts";

type Sym = tfl.SymbolicTensor;

function apply(layer: tfl.layers.Layer, x: Sym): Sym {
  return layer.apply(x) as Sym;
}

/** The reference encoder of one modality, `[batch, features]` out. */
export function referenceEncoder(
  ctx: BuildContext,
  modality: Modality,
  x: Sym,
  vocab: number,
): Sym {
  const w = (n: number) => scaled(ctx, n);
  let h = x;
  switch (modality) {
    case "image":
      if (h.shape.length === 3) {
        h = apply(
          tfl.layers.reshape({
            name: "image_channels",
            targetShape: [...h.shape.slice(1) as number[], 1],
          }),
          h,
        );
      }
      h = apply(conv2d(ctx, "image_conv1", w(16)), h);
      h = apply(tfl.layers.maxPooling2d({ name: "image_pool1", poolSize: 2 }), h);
      h = apply(conv2d(ctx, "image_conv2", w(32)), h);
      h = apply(tfl.layers.maxPooling2d({ name: "image_pool2", poolSize: 2 }), h);
      h = apply(tfl.layers.globalAveragePooling2d({ name: "image_gap" }), h);
      return normalize(ctx, "image_norm", h);
    case "series":
      if (h.shape.length === 2) {
        h = apply(
          tfl.layers.reshape({ name: "series_channels", targetShape: [h.shape[1] as number, 1] }),
          h,
        );
      }
      h = apply(conv1d(ctx, "series_conv1", w(32), 5, "valid"), h);
      h = apply(tfl.layers.maxPooling1d({ name: "series_pool1", poolSize: 2 }), h);
      h = apply(conv1d(ctx, "series_conv2", w(32), 5, "valid"), h);
      h = apply(tfl.layers.globalAveragePooling1d({ name: "series_gap" }), h);
      return normalize(ctx, "series_norm", h);
    case "tabular":
      if (h.shape.length > 2) h = apply(tfl.layers.flatten({ name: "tabular_flatten" }), h);
      return apply(dense(ctx, "tabular_dense1", w(32)), h);
    case "tokens":
      h = apply(embedding(ctx, "tokens_embedding", vocab, w(32)), h);
      return apply(tfl.layers.globalAveragePooling1d({ name: "tokens_gap" }), h);
  }
}

/** The reference head: Dense 64 ReLU → Dense classes softmax. */
export function referenceHead(ctx: BuildContext, fused: Sym, classes: number): Sym {
  const h = apply(dense(ctx, "head_dense1", scaled(ctx, 64)), fused);
  return apply(dense(ctx, "head_out", classes, "softmax"), h);
}
