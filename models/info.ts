/** Parameter and FLOP figures of a preset, without keeping a model around. */
import type { FlopCount, ModelSpec } from "./types.ts";
import { buildModelWith } from "./build.ts";
import { countFlops } from "./flops.ts";

/** Exact parameter count and per-sample FLOPs of the model `spec` describes. */
export function presetInfo(spec: ModelSpec): { params: number; flops: FlopCount } {
  // Zero initial weights: the same graph and counts, without drawing 150M randoms.
  const model = buildModelWith(spec, true);
  try {
    return { params: model.countParams(), flops: countFlops(model) };
  } finally {
    model.dispose();
  }
}
