/**
 * One encoder per modality. Each maps its input to a `[batch, embed]`
 * feature vector (before masking).
 */
import * as tfl from "@tensorflow/tfjs-layers";
import type { PresetPlan } from "./presets.ts";
import {
  type BuildContext,
  conv1d,
  conv2d,
  dense,
  embedding,
  normLayer,
  scaled,
} from "./_layers.ts";

type Sym = tfl.SymbolicTensor;

function apply(layer: tfl.layers.Layer, x: Sym | Sym[]): Sym {
  return layer.apply(x) as Sym;
}

/** `x` through the normalisation point `name` (unchanged when the model has none). */
export function normalize(ctx: BuildContext, name: string, x: Sym): Sym {
  const layer = normLayer(ctx, name);
  return layer === null ? x : apply(layer, x);
}

/** Image `[H, W, C]` (or `[H, W]`) → downsample → conv stack → GAP → norm → Dense. */
export function imageEncoder(ctx: BuildContext, x: Sym, plan: PresetPlan): Sym {
  let h = x;
  if (h.shape.length === 3) {
    h = apply(
      tfl.layers.reshape({
        name: "image_channels",
        targetShape: [...h.shape.slice(1) as number[], 1],
      }),
      h,
    );
  }
  const size = Math.min(h.shape[1] as number, h.shape[2] as number);
  // Early downsampling keeps the small presets fast: conv cost scales with pixels.
  const factor = Math.max(1, Math.floor(size / plan.image.targetSize));
  if (factor > 1) {
    h = apply(
      tfl.layers.averagePooling2d({ name: "image_downsample", poolSize: factor, strides: factor }),
      h,
    );
  }
  plan.image.filters.forEach((f, i) => {
    if (i > 0 && Math.min(h.shape[1] as number, h.shape[2] as number) >= 2) {
      h = apply(tfl.layers.maxPooling2d({ name: `image_pool${i}`, poolSize: 2 }), h);
    }
    h = apply(conv2d(ctx, `image_conv${i + 1}`, scaled(ctx, f)), h);
  });
  h = apply(tfl.layers.globalAveragePooling2d({ name: "image_gap" }), h);
  h = normalize(ctx, "image_norm", h);
  return apply(dense(ctx, "image_embed", scaled(ctx, plan.embed)), h);
}

/** Series `[T, F]` (or `[T]`) → downsample → 1-D conv stack → GAP → norm → Dense. */
export function seriesEncoder(ctx: BuildContext, x: Sym, plan: PresetPlan): Sym {
  let h = x;
  if (h.shape.length === 2) {
    h = apply(
      tfl.layers.reshape({ name: "series_channels", targetShape: [h.shape[1] as number, 1] }),
      h,
    );
  }
  const factor = Math.max(1, Math.floor((h.shape[1] as number) / plan.series.targetLength));
  if (factor > 1) {
    h = apply(
      tfl.layers.averagePooling1d({ name: "series_downsample", poolSize: factor, strides: factor }),
      h,
    );
  }
  plan.series.filters.forEach((f, i) => {
    if (i > 0 && (h.shape[1] as number) >= 2) {
      h = apply(tfl.layers.maxPooling1d({ name: `series_pool${i}`, poolSize: 2 }), h);
    }
    h = apply(conv1d(ctx, `series_conv${i + 1}`, scaled(ctx, f), plan.series.kernel), h);
  });
  h = apply(tfl.layers.globalAveragePooling1d({ name: "series_gap" }), h);
  h = normalize(ctx, "series_norm", h);
  return apply(dense(ctx, "series_embed", scaled(ctx, plan.embed)), h);
}

/** Tabular `[F]` → Dense stack → Dense. */
export function tabularEncoder(ctx: BuildContext, x: Sym, plan: PresetPlan): Sym {
  let h = x;
  if (h.shape.length > 2) h = apply(tfl.layers.flatten({ name: "tabular_flatten" }), h);
  plan.tabular.forEach((units, i) => {
    h = apply(dense(ctx, `tabular_dense${i + 1}`, scaled(ctx, units)), h);
  });
  return apply(dense(ctx, "tabular_embed", scaled(ctx, plan.embed)), h);
}

/** Tokens `[L]` (ids as floats) → Embedding → mean over positions → Dense. */
export function tokensEncoder(ctx: BuildContext, x: Sym, plan: PresetPlan, vocab: number): Sym {
  let h = apply(embedding(ctx, "tokens_embedding", vocab, scaled(ctx, plan.tokens.dim)), x);
  h = apply(tfl.layers.globalAveragePooling1d({ name: "tokens_gap" }), h);
  return apply(dense(ctx, "tokens_embed", scaled(ctx, plan.embed)), h);
}
