/**
 * The bias-and-activation tail of the fused kernels (`FusedConv2D`,
 * `_FusedMatMul`), applied in place on the product's rows.
 */

/** Activations the native fused kernels apply themselves; others use the wasm kernel. */
export function nativeActivation(activation: unknown): activation is "linear" | "relu" | undefined {
  return activation === undefined || activation === null || activation === "linear" ||
    activation === "relu";
}

/**
 * Adds `bias` (one value per column, or a single value) to every row of the
 * row-major `[rows, cols]` matrix `out`, then applies ReLU when asked, in one
 * pass.
 */
export function biasActivation(
  out: Float32Array,
  cols: number,
  bias: Float32Array | undefined,
  relu: boolean,
): void {
  const size = out.length;
  if (bias !== undefined && bias.length === 1) {
    const b = bias[0];
    for (let i = 0; i < size; i++) {
      const v = out[i] + b;
      out[i] = relu && v < 0 ? 0 : v;
    }
    return;
  }
  if (bias !== undefined) {
    for (let i = 0; i < size; i += cols) {
      for (let j = 0; j < cols; j++) {
        const v = out[i + j] + bias[j];
        out[i + j] = relu && v < 0 ? 0 : v;
      }
    }
    return;
  }
  if (relu) {
    for (let i = 0; i < size; i++) if (out[i] < 0) out[i] = 0;
  }
}
