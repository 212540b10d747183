import type { z } from "zod";
import { firstNonFinite } from "./aggregate.ts";
import {
  type AggregationOptions,
  aggregationOptions,
  checkFailures,
  checkFiniteWeights,
  combinePoints,
  type PreparedUpdates,
  prepareUpdates,
} from "./_combine.ts";
import {
  type AggregationParams,
  AggregationParamsSchema,
  parseStrategyParams,
  type StrategyParamsSchema,
} from "./_params.ts";
import { averageStatistics, hasStatistics } from "./_statistics.ts";
import type {
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

/**
 * What every strategy shares: parameter reading, init checks, the default
 * site-side hooks (start from the global, no extra config, no extras), the
 * validate-sort-weigh step of `aggregate`, and the state envelope. A strategy
 * overrides `combine` (its maths) and, when it keeps state, `saveState`/`loadState`.
 */
export abstract class BaseStrategy<P extends AggregationParams = AggregationParams>
  implements Strategy {
  readonly name: string;
  protected readonly options: AggregationOptions;
  protected layout: WeightLayoutEntry[] = [];
  protected length = -1;
  protected context: StrategyContext = {};
  #skipped: SkippedAggregation[] = [];

  /**
   * True for strategies whose server step is not an average of the sites'
   * points (server optimisers, FedNova): BatchNorm running statistics then
   * become the weighted mean of the sites' statistics (see _statistics.ts).
   */
  protected readonly averagesStatistics: boolean = false;

  /** The strategy's parameters, parsed by its schema; subclasses read their own after `super()`. */
  protected readonly params: P;

  constructor(
    name: string,
    params: StrategyParams,
    schema: z.ZodType<P, unknown> = AggregationParamsSchema as StrategyParamsSchema as z.ZodType<
      P,
      unknown
    >,
  ) {
    this.name = name;
    this.params = parseStrategyParams(name, schema, params);
    this.options = aggregationOptions(this.params);
  }

  init(global: Float32Array, layout: WeightLayoutEntry[], context: StrategyContext = {}): void {
    if (!(global instanceof Float32Array)) {
      throw new TypeError(`Expected the global weights to be a Float32Array but found ${global}`);
    }
    for (const e of layout) {
      if (
        !Number.isInteger(e.offset) || !Number.isInteger(e.size) || e.offset < 0 || e.size < 0 ||
        e.offset + e.size > global.length
      ) {
        throw new RangeError(
          `Expected layout entry ${e.name} to lie within ${global.length} weights but found ` +
            `offset ${e.offset}, size ${e.size}`,
        );
      }
    }
    if (
      context.totalSites !== undefined &&
      (!Number.isInteger(context.totalSites) || context.totalSites < 1)
    ) {
      throw new RangeError(
        `Expected totalSites to be an integer >= 1 but found ${context.totalSites}`,
      );
    }
    this.length = global.length;
    this.layout = layout.map((e) => ({ ...e }));
    this.context = { ...context };
    this.onInit(global);
  }

  /** Sets up the strategy's own server state. */
  protected onInit(_global: Float32Array): void {}

  /** Throws unless `init` ran and `global` has the length it was given. */
  protected checkGlobal(global: Float32Array): void {
    if (this.length < 0) {
      throw new TypeError(`Expected ${this.name}.init() to be called before use but found none`);
    }
    if (!(global instanceof Float32Array) || global.length !== this.length) {
      throw new RangeError(
        `Expected global weights of length ${this.length} but found ${
          global instanceof Float32Array ? global.length : typeof global
        }`,
      );
    }
  }

  siteStart(global: Float32Array, _site: SiteState): Float32Array {
    this.checkGlobal(global);
    return new Float32Array(global);
  }

  siteConfig(global: Float32Array, _site: SiteState, _round: number): LocalConfig {
    this.checkGlobal(global);
    return {};
  }

  siteFinish(
    _start: Float32Array,
    _local: Float32Array,
    _site: SiteState,
    _info: LocalTrainingInfo,
  ): Record<string, Float32Array> | undefined {
    return undefined;
  }

  aggregate(
    global: Float32Array,
    updates: SiteUpdate[],
    failures: SiteFailure[],
    round: number,
  ): Float32Array {
    this.checkGlobal(global);
    checkFailures(failures);
    // Robust rules compare values, so NaN must be caught before them. A mean
    // propagates NaN and ±Infinity, so checking its output is enough and
    // saves a pass over every update (a third of a large aggregation).
    const upfront = this.options.aggregator !== "mean";
    const prepared = prepareUpdates(global, updates, this.options, upfront);
    if (prepared.updates.length === 0) return new Float32Array(global);
    const shortfall = krumShortfall(this.options, prepared.updates.length);
    if (shortfall !== null) {
      // One small round must not end the run: keep the global, say so in the results.
      this.#skipped.push({ round, reason: shortfall });
      return new Float32Array(global);
    }
    const next = this.combine(global, prepared, round);
    if (this.averagesStatistics && hasStatistics(this.layout)) {
      averageStatistics(
        next,
        this.layout,
        prepared.updates.map((u) => u.weights),
        prepared.weights,
      );
    }
    if (!upfront && firstNonFinite(next) >= 0) {
      prepared.updates.forEach(checkFiniteWeights);
      throw new RangeError(
        `Expected a finite aggregate in round ${round} but found ${
          next[firstNonFinite(next)]
        } at index ${firstNonFinite(next)} (the update magnitudes overflow float32)`,
      );
    }
    return next;
  }

  takeSkippedAggregations(): SkippedAggregation[] {
    return this.#skipped.splice(0);
  }

  /** The strategy's maths: a new global from at least one weighted, sorted update. */
  protected abstract combine(
    global: Float32Array,
    prepared: PreparedUpdates,
    round: number,
  ): Float32Array;

  /** Clips and combines points with the configured aggregator. */
  protected combinePoints(
    global: Float32Array,
    vectors: readonly Float32Array[],
    weights: readonly number[],
  ): Float32Array {
    return combinePoints(global, vectors, weights, this.options);
  }

  state(): Record<string, unknown> {
    return {
      strategy: this.name,
      length: this.length,
      layout: this.layout.map((e) => ({ ...e })),
      context: { ...this.context },
      ...this.saveState(),
    };
  }

  restore(saved: Record<string, unknown>): void {
    if (saved?.strategy !== this.name) {
      throw new TypeError(
        `Expected a saved ${this.name} state but found one for ${JSON.stringify(saved?.strategy)}`,
      );
    }
    if (!Number.isInteger(saved.length) || !Array.isArray(saved.layout)) {
      throw new TypeError(`Expected saved state with length and layout but found neither`);
    }
    this.length = saved.length as number;
    this.layout = (saved.layout as WeightLayoutEntry[]).map((e) => ({ ...e }));
    this.context = { ...(saved.context as StrategyContext ?? {}) };
    this.loadState(saved);
  }

  /** The strategy's own server state (copies). */
  protected saveState(): Record<string, unknown> {
    return {};
  }

  /** Restores what `saveState` returned (copying). */
  protected loadState(_saved: Record<string, unknown>): void {}
}

/** A copy of a saved Float32Array of the expected length, with a clear error otherwise. */
export function savedVector(
  saved: Record<string, unknown>,
  key: string,
  length: number,
): Float32Array<ArrayBuffer> {
  const v = saved[key];
  if (!(v instanceof Float32Array) || v.length !== length) {
    throw new TypeError(
      `Expected saved state ${key} to be a Float32Array of length ${length} but found ${
        v instanceof Float32Array ? `length ${v.length}` : typeof v
      }`,
    );
  }
  return new Float32Array(v);
}

/** A saved finite number, with a clear error otherwise. */
export function savedNumber(saved: Record<string, unknown>, key: string): number {
  const v = saved[key];
  if (typeof v !== "number" || !Number.isFinite(v)) {
    throw new TypeError(`Expected saved state ${key} to be a number but found ${typeof v}`);
  }
  return v;
}

/**
 * Why Krum or Multi-Krum cannot aggregate `n` updates, or null when they
 * can: both need n ≥ 2f + 3 (Blanchard et al. 2017) so that every score sums
 * n − f − 2 ≥ 1 neighbours.
 */
export function krumShortfall(options: AggregationOptions, n: number): string | null {
  if (options.aggregator !== "krum" && options.aggregator !== "multi-krum") return null;
  const f = options.byzantine ?? 1;
  if (n >= 2 * f + 3) return null;
  return `${options.aggregator} needs at least 2f + 3 = ${2 * f + 3} updates with f = ${f} ` +
    `but ${n} arrived; the global model was left unchanged`;
}
