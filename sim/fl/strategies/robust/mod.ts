/**
 * Byzantine-robust aggregation rules and model-poisoning attacks, as pure
 * functions over flat `Float32Array` update vectors. Strategies use them
 * through the `aggregator` and `clipNorm` parameters (see
 * `sim/fl/strategies/mod.ts`); experiments apply `attackUpdate` to chosen
 * sites' updates.
 *
 * @module
 */
export { coordinateMedian, selectKth } from "./median.ts";
export { trimmedMean } from "./trimmed_mean.ts";
export { krum, krumScores, type KrumSelection, multiKrum } from "./krum.ts";
export { type ClippedUpdates, clipToNorm, clipUpdates, medianOf } from "./clipping.ts";
export {
  type AttackKind,
  type AttackParams,
  attackUpdate,
  UPDATE_ATTACK_KINDS,
} from "./attacks.ts";
export {
  aggregateVectors,
  AGGREGATOR_NAMES,
  type AggregatorName,
  type AggregatorOptions,
} from "./aggregator.ts";
