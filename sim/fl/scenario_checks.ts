/**
 * The federated layer's part of the preflight: the rules of a scenario that
 * only this layer knows (strategy names and params, the privacy block, what a
 * robust rule or secure aggregation needs of a round's cohort). The CLI passes
 * them to `loadScenario`, which reports their problems with file and line
 * before any training. Nothing here loads TensorFlow.js.
 */
import {
  editDistance,
  listNames,
  type PlainIssue,
  type Scenario,
  type ScenarioCheck,
  schemaIssues,
  showValue,
} from "../../scenarios/mod.ts";
import { securityProblems } from "./security/settings.ts";
import { PrivacySchema } from "./security/settings.ts";
import { STRATEGY_NAMES, STRATEGY_PARAMS } from "./strategies/registry.ts";
import type { AggregationParams } from "./strategies/_params.ts";

const STRATEGY = ["training", "strategy"];

/**
 * The strategy's name is known and its params pass its own schema (with
 * `privacy.dp` filling dp-fedavg's clipNorm and noiseMultiplier, as the run does).
 *
 * @example
 * ```ts
 * import { resolveScenario } from "../../scenarios/mod.ts";
 * import { checkStrategy } from "./scenario_checks.ts";
 * const s = resolveScenario({
 *   name: "t",
 *   sites: [{ group: "a", count: 4, samples: 20 }],
 *   training: { strategy: { name: "fedprox", params: { mu: -1 } } },
 * });
 * if (checkStrategy(s)[0].path.join(".") !== "training.strategy.params.mu") throw new Error();
 * ```
 */
export function checkStrategy(scenario: Scenario): PlainIssue[] {
  const { name } = scenario.training.strategy;
  const schema = Object.hasOwn(STRATEGY_PARAMS, name) ? STRATEGY_PARAMS[name] : undefined;
  if (schema === undefined) {
    return [{
      path: [...STRATEGY, "name"],
      message: `must be a strategy name (${nearNames(name)}expected ${
        listNames(STRATEGY_NAMES)
      }, got ${showValue(name)})`,
    }];
  }
  return schemaIssues(schema, paramsOf(scenario), [...STRATEGY, "params"]);
}

/**
 * Robust rules and secure aggregation need enough updates in each
 * aggregation: Krum n ≥ 2f + 3, Multi-Krum m ≤ n − f, secure aggregation
 * n ≥ 2 (so a Shamir threshold t with n/2 < t ≤ n exists).
 */
export function checkCohort(scenario: Scenario): PlainIssue[] {
  const cohort = cohortOf(scenario);
  if (cohort === undefined) return [];
  const { size, path, what } = cohort;
  const problems: PlainIssue[] = [];
  const params = parsedParams(scenario);
  if (
    params !== undefined && (params.aggregator === "krum" || params.aggregator === "multi-krum")
  ) {
    const f = params.byzantine ?? 1;
    if (size < 2 * f + 3) {
      problems.push({
        path,
        message: `must give Krum at least 2f + 3 = ${2 * f + 3} updates to aggregate for ` +
          `byzantine f = ${f} (expected ${what} ≥ ${2 * f + 3}, got ${size})`,
      });
    } else if (params.multiKrumSelect !== undefined && params.multiKrumSelect > size - f) {
      problems.push({
        path: [...STRATEGY, "params", "multiKrumSelect"],
        message: `must not exceed the updates per aggregation minus f (expected ≤ ${
          size - f
        }, got ${params.multiKrumSelect})`,
      });
    }
  }
  const privacy = PrivacySchema.safeParse(scenario.privacy ?? {});
  if (privacy.success && privacy.data.secureAggregation?.enabled && size < 2) {
    problems.push({
      path,
      message: "must give secure aggregation a cohort of at least 2 sites, so that a Shamir " +
        `threshold t with n/2 < t ≤ n exists (expected ${what} ≥ 2, got ${size})`,
    });
  }
  return problems;
}

/** The checks of the federated layer, in the order their problems read best. */
export const SCENARIO_CHECKS: readonly ScenarioCheck[] = [
  checkStrategy,
  securityProblems,
  checkCohort,
];

/** The params the strategy will be built with: privacy.dp fills dp-fedavg's. */
function paramsOf(scenario: Scenario): Record<string, unknown> {
  const { name, params } = scenario.training.strategy;
  // A malformed privacy block is reported on its own; its numbers still stand in here.
  const dp = (scenario.privacy as { dp?: Record<string, unknown> } | undefined)?.dp;
  if (name !== "dp-fedavg" || dp === null || typeof dp !== "object") return params;
  return {
    ...params,
    clipNorm: params.clipNorm ?? dp.clipNorm,
    noiseMultiplier: params.noiseMultiplier ?? dp.noiseMultiplier,
  };
}

function parsedParams(scenario: Scenario): AggregationParams | undefined {
  const schema = STRATEGY_PARAMS[scenario.training.strategy.name];
  const parsed = schema?.safeParse(paramsOf(scenario));
  return parsed?.success ? parsed.data : undefined;
}

/**
 * How many updates one aggregation sees, and the field that sets it: the
 * sites per round (sync), the buffer (async). Hierarchical rounds aggregate
 * per edge group first, whose sizes the world decides; they are not checked.
 */
function cohortOf(
  scenario: Scenario,
): { size: number; path: PropertyKey[]; what: string } | undefined {
  const t = scenario.training;
  if (t.protocol === "sync") {
    return {
      size: t.sitesPerRound ?? scenario.totalSites,
      path: t.sitesPerRound === undefined ? ["sites"] : ["training", "sitesPerRound"],
      what: "sites per round",
    };
  }
  if (t.protocol === "async") {
    return { size: t.async.bufferSize, path: ["training", "async", "bufferSize"], what: "buffer" };
  }
  return undefined;
}

/** `did you mean "fedprox"? ` for a near miss, else "". */
function nearNames(name: string): string {
  const near = STRATEGY_NAMES.filter((known) => closeTo(known, name));
  return near.length > 0 ? `did you mean ${listNames(near)}? ` : "";
}

/** Within two edits (a typo). */
function closeTo(a: string, b: string): boolean {
  return Math.abs(a.length - b.length) <= 2 && editDistance(a, b) <= 2;
}
