/**
 * Federated aggregation strategies behind one interface ({@linkcode Strategy},
 * documented in `strategy.ts`), created by name with {@linkcode createStrategy}.
 *
 * | name | what it does |
 * |---|---|
 * | fedavg | sample-weighted average (McMahan et al. 2017) |
 * | fedavgm | server momentum (Hsu et al. 2019) |
 * | fedprox | proximal term μ at the sites (Li et al. 2020) |
 * | scaffold | control variates (Karimireddy et al. 2020) |
 * | fedadam, fedyogi, fedadagrad | adaptive server optimisers (Reddi et al. 2021); fedadam's `biasCorrection` (default false) is Flower's |
 * | fednova | normalised averaging by local steps (Wang et al. 2020) |
 * | fedbn | normalisation layers stay local (Li et al. 2021) |
 * | local-only | no collaboration: every site keeps its own model |
 * | dp-fedavg | client-level DP: clip, add Gaussian noise (McMahan et al. 2018) |
 * | median, trimmed-mean, krum, multi-krum | FedAvg with that robust aggregator |
 *
 * Every strategy also accepts the aggregation params `aggregator` (mean |
 * median | trimmed-mean | krum | multi-krum), `trimFraction`, `byzantine`,
 * `multiKrumSelect`, `clipNorm` (number or "median"), `weighting` (samples |
 * uniform) and `staleness` (constant | polynomial | hinge, for async: it
 * scales each buffered update's delta from the global it was dispatched with,
 * FedBuff-style, so every rule above then acts on those deltas).
 *
 * @module
 */
export type {
  FailureReason,
  LocalConfig,
  LocalTrainingInfo,
  SiteFailure,
  SiteState,
  SiteUpdate,
  SkippedAggregation,
  Strategy,
  StrategyContext,
  StrategyParams,
  WeightLayoutEntry,
} from "./strategy.ts";
export { createStrategy, STRATEGY_NAMES, STRATEGY_PARAMS } from "./registry.ts";
export {
  type AggregationParams,
  AggregationParamsSchema,
  parseStrategyParams,
  strategyParams,
  type StrategyParamsSchema,
} from "./_params.ts";
export {
  addScaled,
  delta,
  dot,
  firstNonFinite,
  mean,
  norm,
  scale,
  squaredDistance,
  weightedAverage,
} from "./aggregate.ts";
export {
  DEFAULT_STALENESS_RULE,
  hingeStaleness,
  parseStalenessRule,
  polynomialStaleness,
  serverStep,
  STALENESS_KINDS,
  type StalenessRule,
  StalenessRuleSchema,
  stalenessWeight,
  stalenessWeightedPoint,
} from "./staleness.ts";
export { AGGREGATION_PARAM_KEYS } from "./_combine.ts";
export { FedAvg } from "./fedavg.ts";
export { FedAvgM } from "./fedavgm.ts";
export { FedProx } from "./fedprox.ts";
export { CONTROL_DELTA_EXTRA, Scaffold, SITE_CONTROL_KEY } from "./scaffold.ts";
export { AdaptiveServerStrategy } from "./_adaptive.ts";
export { FedAdam } from "./fedadam.ts";
export { FedYogi } from "./fedyogi.ts";
export { FedAdagrad } from "./fedadagrad.ts";
export { FedNova, fedNovaStepNorm } from "./fednova.ts";
export { FedBN, SITE_NORM_KEY } from "./fedbn.ts";
export { LocalOnly, SITE_MODEL_KEY } from "./local_only.ts";
export { DpFedAvg } from "./dp_fedavg.ts";
