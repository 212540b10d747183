import { z } from "zod";
import type { AggregatorName } from "./robust/mod.ts";
import { DpFedAvg, DpFedAvgParamsSchema } from "./dp_fedavg.ts";
import { FedAdagrad, FedAdagradParamsSchema } from "./fedadagrad.ts";
import { FedAdam, FedAdamParamsSchema } from "./fedadam.ts";
import { FedAvg, FedAvgParamsSchema } from "./fedavg.ts";
import { FedAvgM, FedAvgMParamsSchema } from "./fedavgm.ts";
import { FedBN, FedBNParamsSchema } from "./fedbn.ts";
import { FedNova, FedNovaParamsSchema } from "./fednova.ts";
import { FedProx, FedProxParamsSchema } from "./fedprox.ts";
import { FedYogi, FedYogiParamsSchema } from "./fedyogi.ts";
import { LocalOnly, LocalOnlyParamsSchema } from "./local_only.ts";
import { Scaffold, ScaffoldParamsSchema } from "./scaffold.ts";
import type { StrategyParamsSchema } from "./_params.ts";
import type { Strategy, StrategyParams } from "./strategy.ts";

/** A strategy's params schema and how to build it from raw params. */
interface StrategyEntry {
  params: StrategyParamsSchema;
  create: (params: StrategyParams) => Strategy;
}

/** FedAvg with a robust aggregator preset; the params may still set trimFraction, byzantine, ... */
function robust(name: string, aggregator: AggregatorName): StrategyEntry {
  const params = FedAvgParamsSchema.extend({
    /** The preset's rule; another one would be a different strategy. */
    aggregator: z.literal(aggregator).default(aggregator),
  });
  return { params, create: (p) => new FedAvg(p, name, params) };
}

const STRATEGIES: Record<string, StrategyEntry> = {
  "fedavg": { params: FedAvgParamsSchema, create: (p) => new FedAvg(p) },
  "fedavgm": { params: FedAvgMParamsSchema, create: (p) => new FedAvgM(p) },
  "fedprox": { params: FedProxParamsSchema, create: (p) => new FedProx(p) },
  "scaffold": { params: ScaffoldParamsSchema, create: (p) => new Scaffold(p) },
  "fedadam": { params: FedAdamParamsSchema, create: (p) => new FedAdam(p) },
  "fedyogi": { params: FedYogiParamsSchema, create: (p) => new FedYogi(p) },
  "fedadagrad": { params: FedAdagradParamsSchema, create: (p) => new FedAdagrad(p) },
  "fednova": { params: FedNovaParamsSchema, create: (p) => new FedNova(p) },
  "fedbn": { params: FedBNParamsSchema, create: (p) => new FedBN(p) },
  "local-only": { params: LocalOnlyParamsSchema, create: (p) => new LocalOnly(p) },
  "dp-fedavg": { params: DpFedAvgParamsSchema, create: (p) => new DpFedAvg(p) },
  "median": robust("median", "median"),
  "trimmed-mean": robust("trimmed-mean", "trimmed-mean"),
  "krum": robust("krum", "krum"),
  "multi-krum": robust("multi-krum", "multi-krum"),
};

/**
 * Each strategy's params schema by name: what the preflight checks a
 * scenario's `training.strategy.params` against, and what schema.json offers
 * editors. The strategies parse their params with the same schemas.
 */
export const STRATEGY_PARAMS: Readonly<Record<string, StrategyParamsSchema>> = Object.fromEntries(
  Object.entries(STRATEGIES).map(([name, entry]) => [name, entry.params]),
);

/** Every name {@linkcode createStrategy} accepts. */
export const STRATEGY_NAMES: readonly string[] = Object.keys(STRATEGIES);

/**
 * The strategy registered under `name`, configured by `params` (as written
 * in a scenario's `training.strategy`; a `name` key inside params is ignored).
 * Throws a RangeError listing the known names for an unknown one, and a
 * TypeError for a bad or unknown parameter.
 *
 * @example
 * ```ts
 * import { createStrategy } from "./registry.ts";
 * const s = createStrategy("fedavg", {});
 * s.init(new Float32Array(2), []);
 * const g = s.aggregate(new Float32Array(2), [
 *   { siteId: 1, weights: new Float32Array([1, 1]), numSamples: 1, steps: 1, meanLoss: 0, learningRate: 0.1 },
 *   { siteId: 0, weights: new Float32Array([4, 0]), numSamples: 3, steps: 1, meanLoss: 0, learningRate: 0.1 },
 * ], [], 1);
 * if (g[0] !== 3.25 || g[1] !== 0.25) throw new Error("sample-weighted average expected");
 * ```
 */
export function createStrategy(name: string, params: StrategyParams = {}): Strategy {
  const entry = Object.hasOwn(STRATEGIES, name) ? STRATEGIES[name] : undefined;
  if (entry === undefined) {
    throw new RangeError(
      `Expected a strategy name (${STRATEGY_NAMES.join(", ")}) but found ${JSON.stringify(name)}`,
    );
  }
  return entry.create(params ?? {});
}
