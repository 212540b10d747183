/** The attributes and geometry the two convolution-gradient kernels share. */
import * as tf from "@tensorflow/tfjs-core";

/** Attributes of `Conv2DBackpropFilter` and `Conv2DBackpropInput` that describe the convolution. */
export interface ConvGradAttrs {
  strides: [number, number] | number;
  pad: "valid" | "same" | number | tf.backend_util.ExplicitPadding;
  dataFormat: "NHWC" | "NCHW";
  dimRoundingMode?: "floor" | "round" | "ceil";
  /** Forward convolutions may dilate; the gradient kernels' attributes never say (1). */
  dilations?: [number, number] | number;
}

type Shape4 = [number, number, number, number];

/**
 * The NHWC geometry of the convolution whose gradient `kernelName` computes;
 * throws TypeError for NCHW, which the wasm kernels do not support.
 */
export function channelsLastConvInfo(
  kernelName: string,
  attrs: ConvGradAttrs,
  inputShape: Shape4,
  filterShape: Shape4,
): tf.backend_util.Conv2DInfo {
  if (attrs.dataFormat === "NCHW") {
    throw new TypeError(
      `Expected dataFormat NHWC for the wasm ${kernelName} but found ${attrs.dataFormat}`,
    );
  }
  return tf.backend_util.computeConv2DInfo(
    inputShape,
    filterShape,
    attrs.strides,
    attrs.dilations ?? 1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    "channelsLast",
  );
}
