/**
 * `BatchMatMul` for the wasm backend that never hands XNNPACK a transposed
 * operand. The stock kernel runs products with `transposeA` or `transposeB`
 * through a naive triple loop (≈ 1 GFLOP/s against ≈ 25 for the XNNPACK
 * path); Dense layers ask for both in every backward pass (`xᵀ·dy` for the
 * weight gradient, `dy·Wᵀ` for the input gradient). Here the transposed
 * operand is materialised first, which costs one pass over it.
 */
import type * as tf from "@tensorflow/tfjs-core";
import { asWasmBackend, heapF32 } from "./_wasm_heap.ts";
import { transpose } from "./_transpose.ts";

/** Builds the kernel around the stock one, which still does every product. */
export function batchMatMulWithoutTransposes(stock: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
    const single = (t: tf.TensorInfo) => t.shape.slice(0, -2).every((d) => d === 1);
    if (
      (!transposeA && !transposeB) || !single(a) || !single(b) || a.dtype !== "float32" ||
      b.dtype !== "float32"
    ) {
      return stock(args);
    }
    const backend = asWasmBackend(args.backend as tf.KernelBackend);
    const temporaries: tf.TensorInfo[] = [];
    const plain = (t: tf.TensorInfo, transposed: boolean): tf.TensorInfo => {
      const rows = t.shape[t.shape.length - 2], cols = t.shape[t.shape.length - 1];
      if (!transposed) return { ...t, shape: [1, rows, cols] };
      const out = backend.makeOutput([1, cols, rows], "float32");
      temporaries.push(out);
      return out;
    };
    const a3 = plain(a, transposeA);
    const b3 = plain(b, transposeB);
    // Fill after both allocations: an allocation may move the heap under a view.
    for (const [t, t3, transposed] of [[a, a3, transposeA], [b, b3, transposeB]] as const) {
      if (!transposed) continue;
      const rows = t.shape[t.shape.length - 2], cols = t.shape[t.shape.length - 1];
      transpose(heapF32(backend, t), rows, cols, heapF32(backend, t3));
    }
    const out = stock({
      ...args,
      inputs: { a: a3, b: b3 },
      attrs: { ...args.attrs, transposeA: false, transposeB: false },
    }) as tf.TensorInfo;
    for (const t of temporaries) backend.disposeData(t.dataId, true);
    const outerA = transposeA ? a.shape[a.shape.length - 1] : a.shape[a.shape.length - 2];
    const outerB = transposeB ? b.shape[b.shape.length - 2] : b.shape[b.shape.length - 1];
    const batch = a.shape.length >= b.shape.length ? a.shape : b.shape;
    return { ...out, shape: [...batch.slice(0, -2), outerA, outerB] };
  };
}
