/**
 * TensorFlow.js kernels for the wasm backend that make training fast and
 * correct there; `registerWasmGradientKernels` (models/backend.ts) installs
 * them. Each matches the stock cpu kernel within 1e-4 (tests/models).
 *
 * - `Conv2DBackpropFilter`, `UnsortedSegmentSum`: missing from stock wasm.
 * - `Conv2DBackpropInput`, `MaxPoolGrad`: replace slow (and, for
 *   `MaxPoolGrad`, wrong) stock kernels.
 * - `BatchMatMul`, `Cast`, `Identity`, `Sum`: wrap stock kernels to avoid
 *   their slow paths (transposed operands, copies, transposes before
 *   reductions).
 * - `RenkeiConv2DBiasRelu`, `RenkeiDenseBiasRelu`, `RenkeiReluGrad` (wasm
 *   and cpu): a convolution or Dense layer with bias and ReLU as one op with
 *   one gradient while training.
 * - `RenkeiSgdStep` (wasm and cpu): plain SGD's update of one variable.
 */
export { conv2dBackpropFilterWasm, packPatches } from "./conv2d_backprop_filter.ts";
export {
  col2im,
  conv2dBackpropInputWasm,
  gradientConvolutionPadding,
  rotatedFilter,
} from "./conv2d_backprop_input.ts";
export { maxPoolGradInfo, maxPoolGradScatter, maxPoolGradWasm } from "./max_pool_grad.ts";
export { unsortedSegmentSumJs, unsortedSegmentSumRows } from "./unsorted_segment_sum.ts";
export { batchMatMulWithoutTransposes } from "./batch_mat_mul.ts";
export { castShared, identityShared } from "./identity.ts";
export { sumLeadingAxes, sumRows } from "./sum.ts";
export { im2col, im2colTransposed } from "./_im2col.ts";
export { conv2dBiasRelu, CONV_BIAS_RELU, RELU_GRAD, reluGradValues } from "./conv_bias_relu.ts";
export { DENSE_BIAS_RELU, denseBiasRelu } from "./dense_bias_relu.ts";
export { registerFusedTraining } from "./fused_training.ts";
export { registerSgdStep, SGD_STEP, sgdStepValues, sgdUpdate } from "./sgd_step.ts";
