/**
 * The tfjs layer for one declared layer. Convolutions and Dense layers come
 * from the zoo's factories (_layers.ts): seeded kernels, and with ReLU at
 * stride 1 the fused training op and the wasm filter-gradient kernels the
 * presets train with.
 */
import * as tfl from "@tensorflow/tfjs-layers";
import type { LayerDecl } from "./declared.ts";
import { BATCH_NORM, type BuildContext, conv1d, conv2d, dense, embedding } from "./_layers.ts";
import { LayerNorm } from "./layers/norm.ts";
import { SeededDropout } from "./layers/dropout.ts";

/**
 * The layer for `decl`, named `name`; `rank` is the per-sample input rank
 * (pooling is 1-D on a sequence, 2-D on an image); `vocab` the token
 * vocabulary when the declaration gives none.
 */
export function declaredLayer(
  ctx: BuildContext,
  decl: LayerDecl,
  name: string,
  rank: number,
  vocab: number,
): tfl.layers.Layer {
  switch (decl.kind) {
    case "conv2d":
    case "conv1d": {
      const build = decl.kind === "conv2d" ? conv2d : conv1d;
      return build(ctx, name, decl.filters, decl.kernel, decl.padding ?? "valid", {
        activation: decl.activation ?? "linear",
        stride: decl.stride,
      });
    }
    case "dense":
      return dense(ctx, name, decl.units, decl.activation ?? "linear");
    case "maxPool":
    case "avgPool": {
      const config = {
        name,
        poolSize: decl.size,
        ...(decl.stride !== undefined ? { strides: decl.stride } : {}),
      };
      if (decl.kind === "maxPool") {
        return rank === 3 ? tfl.layers.maxPooling2d(config) : tfl.layers.maxPooling1d(config);
      }
      return rank === 3 ? tfl.layers.averagePooling2d(config) : tfl.layers.averagePooling1d(config);
    }
    case "globalAvgPool":
      return rank === 3
        ? tfl.layers.globalAveragePooling2d({ name })
        : tfl.layers.globalAveragePooling1d({ name });
    case "flatten":
      return tfl.layers.flatten({ name });
    case "dropout":
      return new SeededDropout({ name, rate: decl.rate, seed: ctx.seeds.next() });
    case "batchNorm":
      return tfl.layers.batchNormalization({ name, axis: -1, ...BATCH_NORM });
    case "layerNorm":
      return new LayerNorm({ name });
    case "embedding":
      return embedding(ctx, name, decl.vocab ?? vocab, decl.dim);
    case "relu":
    case "sigmoid":
    case "tanh":
    case "softmax":
      return tfl.layers.activation({ name, activation: decl.kind });
    case "trunk":
      throw new TypeError(`Expected the trunk to be built by build.ts but found it at ${name}`);
  }
}
