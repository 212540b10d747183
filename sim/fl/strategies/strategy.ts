/**
 * The one interface every federated aggregation strategy implements, and the
 * shapes that cross it. A protocol (sync rounds, async buffers, hierarchies)
 * drives a strategy through the hooks below; the strategy never sees the
 * engine, the clock or a tensor, only flat `Float32Array` weight vectors.
 *
 * ## Lifecycle, as a protocol calls it
 *
 * ```text
 * strategy = createStrategy(name, params)
 * strategy.init(initialGlobal, layout, { totalSites })        // once
 * each round (or each async dispatch):
 *   at site i (site-side hooks, state kept AT the site in `siteState[i]`):
 *     start  = strategy.siteStart(global, siteState[i])      // weights to train from
 *     config = strategy.siteConfig(global, siteState[i], round)
 *     local  = train(start, config)                          // the protocol's trainer
 *     extras = strategy.siteFinish(start, local, siteState[i], { steps, learningRate })
 *     upload { siteId, weights: local, numSamples, steps, meanLoss, learningRate, extras }
 *   at the server:
 *     global = strategy.aggregate(global, updates, failures, round)
 * evaluation at site i: strategy.evaluationWeights?.(global, siteState[i]) ?? global
 * checkpoint: strategy.state() / strategy.restore(saved); siteState[i] is plain data too
 * ```
 *
 * ## Contracts every strategy keeps (checked by tests/fl/strategies/conformance_test.ts)
 *
 * - Hooks never mutate their inputs; every returned vector is a fresh array
 *   the caller may mutate (except `LocalConfig.anchor`/`gradCorrection`,
 *   which are read-only views the trainer must not write).
 * - `aggregate` sorts updates by `siteId` itself, so any arrival order gives a
 *   bit-identical result.
 * - Failures are accepted and never averaged; if nothing arrived (every site
 *   failed), the global comes back unchanged (as a copy).
 * - Updates with `numSamples === 0` carry no weight and are dropped; if every
 *   update has zero samples, `aggregate` throws a RangeError rather than
 *   dividing by zero. Non-finite weights throw a RangeError naming the site
 *   (a protocol should report such a site as a `"diverged"` failure instead).
 * - `state()` returns plain data (numbers, strings, arrays, `Float32Array`s)
 *   that `restore()` accepts, after which results are bit-identical to the
 *   strategy that produced it.
 *
 * @module
 */

import type { LocalOptimizerSettings } from "../../world/mod.ts";

/** One site's reply to a training request. */
export interface SiteUpdate {
  siteId: number;
  /** Local weights after training (every weight, flat, in layout order: trainable ones, then running statistics). */
  weights: Float32Array;
  /** Training samples the site used; the FedAvg weight. 0 means "no data" (ignored). */
  numSamples: number;
  /** Local optimiser steps taken (FedNova normalises by it). */
  steps: number;
  /** Mean training loss over the local steps (for reports; strategies ignore it). */
  meanLoss: number;
  /** Local learning rate used (SCAFFOLD's control update needs it). */
  learningRate: number;
  /** Async protocols: global versions published since this site's dispatch. */
  staleness?: number;
  /**
   * Async protocols: the global this site trained from, when aggregations
   * happened since its dispatch (its delta is `weights − dispatchedFrom`);
   * absent means the global being aggregated into. Read-only.
   */
  dispatchedFrom?: Float32Array;
  /** Strategy-specific uploads returned by {@linkcode Strategy.siteFinish} (e.g. SCAFFOLD Δc_i). */
  extras?: Record<string, Float32Array>;
}

/** Why a site sent nothing usable this round. */
export type FailureReason = "offline" | "deadline" | "dropped" | "diverged" | "rejected";

/** A site that was asked to train but whose update will not be aggregated. */
export interface SiteFailure {
  siteId: number;
  reason: FailureReason;
}

/**
 * Strategy state kept AT a site between rounds (SCAFFOLD's c_i, FedBN's local
 * normalisation parameters, LocalOnly's own model). The protocol owns one
 * object per site, starts it as `{}`, passes it to the site-side hooks and
 * saves it with checkpoints; strategies read and write it. Only numbers and
 * `Float32Array`s go in, so it serialises like {@linkcode Strategy.state}.
 */
export interface SiteState {
  [key: string]: Float32Array | number | undefined;
}

/** What the local trainer must do beyond plain local SGD. */
export interface LocalConfig {
  /** FedProx: add (μ/2)·‖w − anchor‖² to the local loss. */
  proxMu?: number;
  /** FedProx: the proximal anchor (the global at dispatch). Read-only. */
  anchor?: Float32Array;
  /** SCAFFOLD: add this vector (c − c_i) to every local gradient. Read-only. */
  gradCorrection?: Float32Array;
}

/** Where one named weight tensor lives inside the flat vector. */
export interface WeightLayoutEntry {
  name: string;
  offset: number;
  size: number;
  /** True for normalisation parameters (batch/layer norm gamma, beta, moving stats). */
  isNormalization: boolean;
  /**
   * False for BatchNorm's running mean and variance, which training updates
   * but no gradient step does; absent or true for trainable weights.
   */
  trainable?: boolean;
}

/** Facts about the federation a strategy may need at `init`. */
export interface StrategyContext {
  /** N, the number of sites in the federation (SCAFFOLD scales its control update by |S|/N). */
  totalSites?: number;
  /** The optimiser of every site's local training (FedNova's normaliser depends on it); default plain SGD. */
  localOptimizer?: LocalOptimizerSettings;
}

/** What a site reports about its own local training to {@linkcode Strategy.siteFinish}. */
export interface LocalTrainingInfo {
  steps: number;
  learningRate: number;
}

/** Strategy parameters as they come from a scenario file (`strategy: {name, ...params}`). */
export type StrategyParams = Record<string, unknown>;

/** One aggregation a strategy declined to make, and why. */
export interface SkippedAggregation {
  round: number;
  reason: string;
}

/** A federated aggregation strategy. See the module comment for the lifecycle. */
export interface Strategy {
  /** The registry name it was created under (e.g. `"fedavg"`). */
  readonly name: string;
  /** Sets up server state for a model whose trainable weights start at `global`. */
  init(global: Float32Array, layout: WeightLayoutEntry[], context?: StrategyContext): void;
  /** Weights a site starts local training from (a fresh array). */
  siteStart(global: Float32Array, site: SiteState): Float32Array;
  /** Extra instructions for the local trainer this round. */
  siteConfig(global: Float32Array, site: SiteState, round: number): LocalConfig;
  /**
   * Called at the site after training: updates the site's state and returns
   * extras to upload with the update (or undefined when there are none).
   */
  siteFinish(
    start: Float32Array,
    local: Float32Array,
    site: SiteState,
    info: LocalTrainingInfo,
  ): Record<string, Float32Array> | undefined;
  /** The new global from the updates that arrived (a fresh array). */
  aggregate(
    global: Float32Array,
    updates: SiteUpdate[],
    failures: SiteFailure[],
    round: number,
  ): Float32Array;
  /** Weights to evaluate at a site; personalised strategies differ from `global`. */
  evaluationWeights?(global: Float32Array, site: SiteState): Float32Array;
  /**
   * Aggregations skipped since the last call (the global was left unchanged),
   * one reason each, e.g. Krum given fewer than 2f + 3 updates; the run
   * records them with the round and then forgets them.
   */
  takeSkippedAggregations?(): SkippedAggregation[];
  /** Server state as plain data, for checkpoints. */
  state(): Record<string, unknown>;
  /** Replaces server state with a value `state()` returned. */
  restore(saved: Record<string, unknown>): void;
}
