/**
 * `BatchMatMul` and `_FusedMatMul` (Dense layers) on the system BLAS: the
 * transposed products of every Dense backward pass are `sgemm` flags, not
 * copies. Shapes the native path does not cover (mismatched batch shapes,
 * activations other than ReLU, non-float32) go to the wasm kernel it wraps.
 */
import type * as tf from "@tensorflow/tfjs-core";
import { asWasmBackend, heapF32, type WasmHeapBackend } from "../_wasm_heap.ts";
import type { Blas } from "./blas.ts";
import { nativeActivation } from "./_epilogue.ts";
import type { Movers } from "./_movers.ts";

interface MatMulAttrs {
  transposeA: boolean;
  transposeB: boolean;
  activation?: string;
}

const sizeOf = (shape: number[]) => shape.reduce((p, q) => p * q, 1);

/** The batch count both operands share (one may broadcast), or undefined. */
function sharedBatch(a: tf.TensorInfo, b: tf.TensorInfo): number[] | undefined {
  const batchA = a.shape.slice(0, -2), batchB = b.shape.slice(0, -2);
  if (sizeOf(batchB) === 1) return batchA;
  if (sizeOf(batchA) === 1) return batchB;
  if (batchA.length === batchB.length && batchA.every((d, i) => d === batchB[i])) return batchA;
  return undefined;
}

/** `a·b` (with the transposes) into a fresh output, or undefined when not covered. */
function product(
  blas: Blas,
  backend: WasmHeapBackend,
  a: tf.TensorInfo,
  b: tf.TensorInfo,
  { transposeA, transposeB }: MatMulAttrs,
): tf.TensorInfo | undefined {
  if (a.dtype !== "float32" || b.dtype !== "float32") return undefined;
  if (a.shape.length < 2 || b.shape.length < 2) return undefined;
  const batch = sharedBatch(a, b);
  if (batch === undefined) return undefined;
  const ra = a.shape[a.shape.length - 2], ca = a.shape[a.shape.length - 1];
  const rb = b.shape[b.shape.length - 2], cb = b.shape[b.shape.length - 1];
  const [m, k] = transposeA ? [ca, ra] : [ra, ca];
  const [kb, n] = transposeB ? [cb, rb] : [rb, cb];
  if (k !== kb) return undefined; // the stock kernel reports the mismatch
  const out = backend.makeOutput([...batch, m, n], "float32");
  const av = heapF32(backend, a), bv = heapF32(backend, b), ov = heapF32(backend, out);
  const count = sizeOf(batch);
  const strideA = sizeOf(a.shape.slice(0, -2)) === 1 ? 0 : m * k;
  const strideB = sizeOf(b.shape.slice(0, -2)) === 1 ? 0 : k * n;
  if (k === 0) {
    ov.fill(0);
    return out;
  }
  for (let i = 0; i < count; i++) {
    blas.sgemm(
      transposeA,
      transposeB,
      m,
      n,
      k,
      count === 1 ? av : av.subarray(i * strideA),
      ca,
      count === 1 ? bv : bv.subarray(i * strideB),
      cb,
      0,
      count === 1 ? ov : ov.subarray(i * m * n),
      n,
    );
  }
  return out;
}

/** `BatchMatMul` on the BLAS, wrapping the kernel registered before it. */
export function batchMatMulNative(
  blas: Blas,
  _movers: Movers,
  previous: tf.KernelFunc,
): tf.KernelFunc {
  return (args) => {
    const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const backend = asWasmBackend(args.backend as tf.KernelBackend);
    return product(blas, backend, a, b, args.attrs as unknown as MatMulAttrs) ?? previous(args);
  };
}

/** `_FusedMatMul` (product + bias + ReLU) on the BLAS, wrapping the previous kernel. */
export function fusedMatMulNative(
  blas: Blas,
  movers: Movers,
  previous: tf.KernelFunc,
): tf.KernelFunc {
  return (args) => {
    const { a, b, bias, preluActivationWeights } = args.inputs as Record<
      string,
      tf.TensorInfo | undefined
    >;
    const attrs = args.attrs as unknown as MatMulAttrs;
    if (
      a === undefined || b === undefined || preluActivationWeights !== undefined ||
      !nativeActivation(attrs.activation) ||
      (bias !== undefined && (bias.dtype !== "float32" || bias.shape.length > 1))
    ) {
      return previous(args);
    }
    const backend = asWasmBackend(args.backend as tf.KernelBackend);
    const out = product(blas, backend, a, b, attrs);
    if (out === undefined) return previous(args);
    const n = out.shape[out.shape.length - 1];
    const biasValues = bias === undefined ? undefined : heapF32(backend, bias);
    if (biasValues !== undefined && biasValues.length !== 1 && biasValues.length !== n) {
      backend.disposeData(out.dataId, true);
      return previous(args);
    }
    movers.biasActivation(heapF32(backend, out), n, biasValues, attrs.activation === "relu");
    return out;
  };
}
