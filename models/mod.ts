/**
 * The multimodal model zoo: TensorFlow.js builders, presets (tiny … paper
 * and reference), flat-weight utilities, FLOP counting, local training and
 * evaluation, save/load. Knows nothing of the simulation.
 *
 * @module
 */
export type { FlopCount, FusionKind, ModelSpec, NormKind, PresetName } from "./types.ts";
export {
  BACKEND_NAMES,
  type BackendName,
  describeBackend,
  initBackend,
  registerWasmGradientKernels,
} from "./backend.ts";
export { buildModel } from "./build.ts";
export {
  type ActivationName,
  ACTIVATIONS,
  BARE_LAYERS,
  declaredFromWritten,
  type DeclaredFusion,
  type DeclaredModel,
  LAYER_KINDS,
  type LayerDecl,
  layerFromWritten,
  SET_LAYERS,
  type WrittenLayer,
} from "./declared.ts";
export {
  declaredShapeProblems,
  declaredWeightShapes,
  type ShapeProblem,
} from "./declared_shapes.ts";
export { loadInitWeights } from "./init_weights.ts";
export { readSavedWeights, type SavedTensor, savedWeightProblems } from "./saved_weights.ts";
export { presetDeclaration } from "./preset_declarations.ts";
export { writtenDeclaration, type WrittenModel, writtenModelProblems } from "./declared_check.ts";
export { SeededDropout } from "./layers/dropout.ts";
export { BATCH_NORM } from "./_layers.ts";
export { specModalities, validateSpec } from "./spec.ts";
export { DEFAULT_VOCAB, PRESET_PLANS, type PresetPlan } from "./presets.ts";
export { presetInfo } from "./info.ts";
export { countFlops, layerFlops } from "./flops.ts";
export {
  flatSize,
  getWeightsFlat,
  setWeightsFlat,
  type WeightGroup,
  weightLayout,
  type WeightSlot,
} from "./weights.ts";
export {
  crossEntropy,
  DivergenceError,
  type LocalTrainOptions,
  type LocalTrainResult,
  trainLocal,
} from "./train.ts";
export {
  createLocalOptimizer,
  DEFAULT_OPTIMIZER,
  type LocalOptimizer,
  MOMENTUM,
  OPTIMIZER_NAMES,
  type OptimizerName,
  type OptimizerSettings,
  optimizerSettings,
} from "./optimizer.ts";
export { evaluate, type Evaluation } from "./evaluate.ts";
export { datasetModalities, datasetToTensors, labelsToOneHot } from "./tensors.ts";
export { loadModel, saveModel } from "./io.ts";
export { AttentionFusion, GatedFusion } from "./layers/fusion.ts";
export { ModalityDropout, ModalityMask } from "./layers/modality.ts";
export { LayerNorm } from "./layers/norm.ts";
export { deriveSeed, withSeededMathRandom } from "./seeding.ts";
export { ADAM_DEFAULTS, HostAdam } from "./host_adam.ts";
