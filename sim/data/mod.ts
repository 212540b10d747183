/**
 * Data for Renkei's sites: the multimodal smart-building scene, FedProx
 * Synthetic, real MNIST digits, partitioners (label, quantity, granularity,
 * missing-modality and feature skew), lazy per-site materialisation and
 * partition statistics.
 *
 * Typical use: `planSites(source, input, streams)` once (cheap), then
 * `materializeSite(source, plan, streams)` when a site first trains,
 * `globalTestSet(...)` for evaluation and `pooledTrainSet(...)` for the
 * centralised baseline.
 *
 * The scene's per-value loops run in C once `prepareDataHelpers()` has loaded
 * them (`createSource` awaits it; await it yourself before generating from a
 * `createSceneSource` source). Without them, or without a compiler, the
 * JavaScript versions give the same bits.
 *
 * @module
 */

export * from "./types.ts";
export * from "./dataset.ts";
export type {
  DataSource,
  GeneratedSource,
  PerSiteSource,
  PoolSource,
  Split,
  StreamSource,
} from "./source.ts";
export * from "./scene.ts";
export * from "./scene_structure.ts";
export type { ImagePool } from "./scene_image.ts";
export * from "./image_ops.ts";
export * from "./fedprox_synthetic.ts";
export * from "./mnist.ts";
export * from "./label_skew.ts";
export * from "./dirichlet_over_sites.ts";
export * from "./quantity_skew.ts";
export * from "./granularity.ts";
export * from "./missing.ts";
export * from "./feature_shift.ts";
export { fitToPool, indicesByClass, siteIndices } from "./pool_partition.ts";
export * from "./plan.ts";
export * from "./materialize.ts";
export * from "./site_eval.ts";
export * from "./partition_stats.ts";
export * from "./create_source.ts";
export { type SourceShapes, sourceShapes } from "./source_shapes.ts";
export { type DataHelpersStatus, prepareDataHelpers } from "./data_helpers.ts";
