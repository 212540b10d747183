/**
 * Strategy parameters: each strategy exports a zod schema of its params,
 * built on the aggregation params every strategy shares. The same schema
 * checks a scenario before any training (the CLI's preflight, with file and
 * line) and configures the strategy, so the two never disagree. Adding a
 * param is one line in the strategy's own schema.
 */
import { z } from "zod";
import { formatPath, schemaIssues } from "../../../scenarios/mod.ts";
import { AGGREGATOR_NAMES } from "./robust/mod.ts";
import { StalenessRuleSchema } from "./staleness.ts";
import type { StrategyParams } from "./strategy.ts";

/** A number in [0, 1): momentum and decay rates (1 would never forget). */
export const rate = () => z.number().min(0).lt(1);

/** Params every strategy accepts for how updates are combined. */
export const AggregationParamsSchema = z.strictObject({
  /** Ignored: the strategy's name may be repeated among its params. */
  name: z.string().optional(),
  /** mean (the strategy's own rule) or a robust rule. */
  aggregator: z.enum(AGGREGATOR_NAMES).default("mean"),
  /** Trimmed mean: the fraction cut from each end of every coordinate. */
  trimFraction: z.number().min(0).max(0.49).optional(),
  /** Krum and Multi-Krum: f, the Byzantine sites tolerated (default 1). */
  byzantine: z.int().min(0).optional(),
  /** Multi-Krum: how many updates to average (default n − f). */
  multiKrumSelect: z.int().min(1).optional(),
  /** Clip each update's delta to this L2 norm, or to the median delta norm. */
  clipNorm: z.union([z.literal("median"), z.number().positive()]).optional(),
  /** samples: weight ∝ the site's samples (FedAvg); uniform: every update alike. */
  weighting: z.enum(["samples", "uniform"]).default("samples"),
  /** Async protocols: how an update's weight falls with its staleness. */
  staleness: StalenessRuleSchema.optional(),
});

/** The shared aggregation params, parsed. */
export type AggregationParams = z.output<typeof AggregationParamsSchema>;

/** The shape every strategy's params schema has: the shared params and its own. */
export type StrategyParamsSchema = z.ZodType<AggregationParams, unknown>;

/** A strategy's params schema: the shared params extended by the strategy's own fields. */
export function strategyParams<T extends z.core.$ZodLooseShape>(own: T) {
  return AggregationParamsSchema.extend(own);
}

/**
 * Parses `params` with `schema`, or throws a TypeError naming every bad
 * param of `strategy` (what was expected, what was found).
 *
 * @example
 * ```ts
 * import { parseStrategyParams, AggregationParamsSchema } from "./_params.ts";
 * const p = parseStrategyParams("fedavg", AggregationParamsSchema, {});
 * if (p.aggregator !== "mean") throw new Error("example failed");
 * ```
 */
export function parseStrategyParams<P>(
  strategy: string,
  schema: z.ZodType<P, unknown>,
  params: StrategyParams | undefined,
): P {
  const result = schema.safeParse(params ?? {});
  if (result.success) return result.data;
  const problems = schemaIssues(schema, params ?? {})
    .map((issue) => `"${formatPath(issue.path)}" ${issue.message}`);
  throw new TypeError(`Expected valid ${strategy} params but found: ${problems.join("; ")}`);
}
