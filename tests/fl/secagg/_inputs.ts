import { Rng } from "../../../sim/engine/mod.ts";
import { addInto, quantizationScale, quantize } from "../../../sim/fl/security/secagg/mod.ts";

/** `n` sites with ids 10, 13, 16, … (not 0..n-1, to catch index/id mix-ups) and normal updates. */
export function makeInputs(n: number, dim: number, seed = "inputs") {
  const rng = new Rng(seed);
  return Array.from({ length: n }, (_, i) => ({
    siteId: 10 + 3 * i,
    vector: Float32Array.from({ length: dim }, () => rng.normal(0, 0.5)),
  }));
}

/** The plain ring sum of the quantised inputs of the listed sites (no masks, no protocol). */
export function plainQuantizedSum(
  inputs: { siteId: number; vector: Float32Array }[],
  keep: (siteId: number) => boolean,
  clip: number,
): Uint32Array {
  const scale = quantizationScale(clip, inputs.length);
  const sum = new Uint32Array(inputs[0].vector.length);
  for (const { siteId, vector } of inputs) {
    if (keep(siteId)) addInto(sum, quantize(vector, clip, scale));
  }
  return sum;
}
