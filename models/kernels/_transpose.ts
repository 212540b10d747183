/** A cache-friendly matrix transpose for the kernels that feed XNNPACK plain operands. */

/** Side of the square tiles `transpose` copies: both tiles stay in L1. */
const TILE = 32;

/**
 * Writes the transpose of the row-major `[rows, cols]` matrix `a` into `out`,
 * tile by tile, so that neither the reads nor the writes stride across the
 * whole matrix (a plain double loop is several times slower for large ones).
 */
export function transpose(a: Float32Array, rows: number, cols: number, out: Float32Array): void {
  for (let r0 = 0; r0 < rows; r0 += TILE) {
    const r1 = Math.min(rows, r0 + TILE);
    for (let c0 = 0; c0 < cols; c0 += TILE) {
      const c1 = Math.min(cols, c0 + TILE);
      // Columns outer: each output row gets one contiguous run of writes.
      for (let c = c0; c < c1; c++) {
        for (let r = r0, o = c * rows + r0, i = r0 * cols + c; r < r1; r++, o++, i += cols) {
          out[o] = a[i];
        }
      }
    }
  }
}
