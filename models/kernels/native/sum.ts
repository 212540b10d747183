/**
 * `Sum` over leading axes (every bias gradient of an NHWC layer) with the
 * movers' column sum — the compiled one when there is one; other reductions
 * go to the kernel it wraps.
 */
import type * as tf from "@tensorflow/tfjs-core";
import { sumLeadingAxes } from "../sum.ts";
import type { Blas } from "./blas.ts";
import type { Movers } from "./_movers.ts";

/** `Sum` through the movers, wrapping the previous kernel. */
export function sumNative(_blas: Blas, movers: Movers, previous: tf.KernelFunc): tf.KernelFunc {
  return sumLeadingAxes(previous, movers.sumRows);
}
