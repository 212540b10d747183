import { DpFedAvg } from "./dp_fedavg.ts";
import { FedAdagrad } from "./fedadagrad.ts";
import { FedAdam } from "./fedadam.ts";
import { FedAvg } from "./fedavg.ts";
import { FedAvgM } from "./fedavgm.ts";
import { FedBN } from "./fedbn.ts";
import { FedNova } from "./fednova.ts";
import { FedProx } from "./fedprox.ts";
import { FedYogi } from "./fedyogi.ts";
import { LocalOnly } from "./local_only.ts";
import { Scaffold } from "./scaffold.ts";
import type { Strategy, StrategyParams } from "./strategy.ts";

/** FedAvg with a robust aggregator preset; the params may still set trimFraction, byzantine, ... */
function robust(name: string, aggregator: string) {
  return (params: StrategyParams) => {
    if (params.aggregator !== undefined && params.aggregator !== aggregator) {
      throw new TypeError(
        `Expected ${name} param aggregator to be absent or ${aggregator} but found ${
          JSON.stringify(params.aggregator)
        }`,
      );
    }
    return new FedAvg({ ...params, aggregator }, name);
  };
}

const FACTORIES: Record<string, (params: StrategyParams) => Strategy> = {
  "fedavg": (p) => new FedAvg(p),
  "fedavgm": (p) => new FedAvgM(p),
  "fedprox": (p) => new FedProx(p),
  "scaffold": (p) => new Scaffold(p),
  "fedadam": (p) => new FedAdam(p),
  "fedyogi": (p) => new FedYogi(p),
  "fedadagrad": (p) => new FedAdagrad(p),
  "fednova": (p) => new FedNova(p),
  "fedbn": (p) => new FedBN(p),
  "local-only": (p) => new LocalOnly(p),
  "dp-fedavg": (p) => new DpFedAvg(p),
  "median": robust("median", "median"),
  "trimmed-mean": robust("trimmed-mean", "trimmed-mean"),
  "krum": robust("krum", "krum"),
  "multi-krum": robust("multi-krum", "multi-krum"),
};

/** Every name {@linkcode createStrategy} accepts. */
export const STRATEGY_NAMES: readonly string[] = Object.keys(FACTORIES);

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
  const factory = Object.hasOwn(FACTORIES, name) ? FACTORIES[name] : undefined;
  if (factory === undefined) {
    throw new RangeError(
      `Expected a strategy name (${STRATEGY_NAMES.join(", ")}) but found ${JSON.stringify(name)}`,
    );
  }
  return factory(params ?? {});
}
