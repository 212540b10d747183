/**
 * Robustness of degraded sites (issue #8): mechanisms so that sites with a
 * tenth of the data, a tenth of the granularity or a missing modality keep
 * their accuracy, each in its own module and switched from the scenario's
 * `robustness` and `personalization` blocks; the retention measure with its
 * spread. The final passes the run loop calls live in `sim/fl/run/final_passes.ts`. Modality dropout and
 * mask-aware fusion live in the model zoo (`model.modalityDropout`,
 * `model.fusion`).
 *
 * @module
 */
export {
  DEFAULT_AUGMENT_FRACTION,
  DEFAULT_AUGMENT_GRANULARITIES,
  DEFAULT_PERSONAL_LAYERS,
  DEFAULT_PERSONALIZATION_MAX_EPOCHS,
  DEFAULT_PERSONALIZATION_STEPS,
  DEFAULT_WEIGHT_EXPONENT,
  GranularityAugmentationSchema,
  ImputationSchema,
  PersonalizationSchema,
  type RobustnessConfig,
  robustnessConfig,
  RobustnessSchema,
  type RobustnessSource,
  SmallSiteWeightingSchema,
} from "../../scenarios/schema_robustness.ts";
export {
  AUGMENTATION_STREAM,
  augmentGranularity,
  type GranularityAugmentation,
} from "./granularity_augmentation.ts";
export { aggregationShares, aggregationWeight } from "./small_site_weighting.ts";
export {
  fineTuneHead,
  type HeadFineTuning,
  personalizedAccuracy,
  personalLayers,
} from "./personalization.ts";
export {
  type EmbeddingStats,
  embeddingStats,
  evaluateImputed,
  type ImputationTable,
  imputationTable,
  type ModalityEmbeddingStats,
  predictImputed,
  statsBytes,
  tableBytes,
} from "./imputation.ts";
export { forwardWith, type LayerOverride } from "./graph_forward.ts";
export { meanSd, type RetentionWithSpread, retentionWithSpread, Z95 } from "./retention.ts";
