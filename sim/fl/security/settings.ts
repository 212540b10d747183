/**
 * The scenario's `privacy:` and `attack:` blocks, read into typed settings.
 * The privacy block's schema is this feature's: the scenario schema leaves
 * it open, and the CLI's preflight checks it with {@linkcode securityProblems}
 * (strictly, with file and line) before any training.
 */

import { z } from "zod";
import {
  formatPath,
  listNames,
  type PlainIssue,
  type Scenario,
  schemaIssues,
  showValue,
} from "../../../scenarios/mod.ts";

/** Strategies whose aggregate is a function of the (weighted) sum of updates alone. */
export const SUM_ONLY_STRATEGIES: readonly string[] = [
  "fedavg",
  "fedavgm",
  "fedprox",
  "fedadam",
  "fedyogi",
  "fedadagrad",
  "dp-fedavg",
];

/** Default per-coordinate bound on a masked update delta (quantisation range). */
export const DEFAULT_SECAGG_CLIP = 1;
/** Default FLOP/s of the aggregation server, for charging its unmasking work. */
export const DEFAULT_SERVER_FLOPS = 1e11;
/** Default δ of the (ε, δ) the accountant reports. */
export const DEFAULT_DP_DELTA = 1e-5;

const SecureAggregationSchema = z.strictObject({
  enabled: z.boolean().default(false),
  /** Shamir threshold as a fraction of the cohort, in (0.5, 1]; default n − ⌊n/3⌋. */
  threshold: z.number().gt(0.5).max(1).optional(),
  /**
   * Declared L2 bound C on a site's delta: each site clips its delta to
   * ‖Δ‖ ≤ C before masking and the quantisation range is ±C (no coordinate
   * can then exceed it). Give this or `clip`, not both.
   */
  clipNorm: z.number().positive().finite().optional(),
  /**
   * Per-coordinate quantisation range when no clipNorm is declared (default 1):
   * each coordinate beyond ±clip is clipped, counted per round, and a share
   * above 0.1 % is warned about.
   */
  clip: z.number().positive().finite().optional(),
  /** Fault injection: this fraction of each round's cohort crashes after masking. */
  dropout: z.number().min(0).lt(1).default(0),
  /** FLOP/s of the server that unmasks the sum. */
  serverFlops: z.number().positive().finite().default(DEFAULT_SERVER_FLOPS),
});

const DpSchema = z.strictObject({
  /** C: per-site L2 bound on the update delta. */
  clipNorm: z.number().positive().finite(),
  /** z: noise standard deviation in units of C. */
  noiseMultiplier: z.number().min(0).finite(),
  /** δ of the reported (ε, δ). */
  delta: z.number().gt(0).lt(1).default(DEFAULT_DP_DELTA),
});

/** The `privacy:` block of a scenario. */
export const PrivacySchema = z.strictObject({
  secureAggregation: SecureAggregationSchema.optional(),
  dp: DpSchema.optional(),
});

/** Secure-aggregation settings (present only when enabled); `clip` is the quantisation range. */
export type SecureAggregationSettings = z.infer<typeof SecureAggregationSchema> & { clip: number };
/** Client-level DP settings. */
export type DpSettings = z.infer<typeof DpSchema>;
/** A scenario's attack block (see `AttackSchema` in scenarios/schema.ts). */
export type AttackSettings = NonNullable<Scenario["attack"]>;

/** Everything the security layer needs from a scenario. */
export interface SecuritySettings {
  secureAggregation: SecureAggregationSettings | null;
  dp: DpSettings | null;
  attack: AttackSettings | null;
}

/**
 * Every problem of the scenario's privacy block, by path: a malformed block,
 * and combinations that cannot work (secure aggregation with an asynchronous
 * protocol or with a strategy that must see individual updates, privacy.dp
 * without dp-fedavg or against its params). The CLI's preflight reports
 * these with file and line before any training.
 *
 * @example
 * ```ts
 * import { resolveScenario } from "../../../scenarios/mod.ts";
 * import { securityProblems } from "./settings.ts";
 * const s = resolveScenario({
 *   name: "t",
 *   sites: [{ group: "a", count: 4, samples: 20 }],
 *   privacy: { secureAggregation: { enabled: true, clip: -1 } },
 * });
 * if (securityProblems(s)[0].path.join(".") !== "privacy.secureAggregation.clip") throw new Error();
 * ```
 */
export function securityProblems(scenario: Scenario): PlainIssue[] {
  const malformed = schemaIssues(PrivacySchema, scenario.privacy ?? {}, ["privacy"]);
  if (malformed.length > 0) return malformed;
  const privacy = PrivacySchema.parse(scenario.privacy ?? {});
  const t = scenario.training;
  const problems: PlainIssue[] = [];
  const params = ["training", "strategy", "params"];
  if (privacy.dp !== undefined) {
    if (t.strategy.name !== "dp-fedavg") {
      problems.push({
        path: ["privacy", "dp"],
        message: `needs training.strategy.name "dp-fedavg", which adds its noise ` +
          `(expected "dp-fedavg", got ${showValue(t.strategy.name)})`,
      });
    }
    for (const key of ["clipNorm", "noiseMultiplier"] as const) {
      const given = t.strategy.params[key];
      if (given !== undefined && given !== privacy.dp[key]) {
        problems.push({
          path: [...params, key],
          message: `must match privacy.dp.${key} or be left out (expected ${privacy.dp[key]}, got ${
            showValue(given)
          })`,
        });
      }
    }
  }
  const sa = privacy.secureAggregation;
  if (sa?.clip !== undefined && sa.clipNorm !== undefined) {
    problems.push({
      path: ["privacy", "secureAggregation", "clipNorm"],
      message: `must be left out when clip is given: give clip or clipNorm, not both ` +
        `(expected one of them, got clip ${sa.clip} and clipNorm ${sa.clipNorm})`,
    });
  }
  const dpOn = privacy.dp !== undefined || t.strategy.name === "dp-fedavg";
  if (sa?.enabled && sa.clipNorm !== undefined && dpOn) {
    problems.push({
      path: ["privacy", "secureAggregation", "clipNorm"],
      message: "must be left out with DP: privacy.dp.clipNorm already bounds each delta " +
        `(expected nothing, got ${sa.clipNorm})`,
    });
  }
  if (sa?.enabled) {
    if (t.protocol === "async") {
      problems.push({
        path: ["training", "protocol"],
        message: 'must be "sync" or "hierarchical" with secure aggregation ' +
          '(expected "sync" or "hierarchical", got "async")',
      });
    }
    if (!SUM_ONLY_STRATEGIES.includes(t.strategy.name)) {
      problems.push({
        path: ["training", "strategy", "name"],
        message: `must need only the sum of updates with secure aggregation (expected ${
          listNames(SUM_ONLY_STRATEGIES)
        }, got ${showValue(t.strategy.name)})`,
      });
    }
    const p = t.strategy.params;
    if ((p.aggregator ?? "mean") !== "mean") {
      problems.push({
        path: [...params, "aggregator"],
        message: `must be "mean" with secure aggregation: the server sees only the sum ` +
          `(expected "mean", got ${showValue(p.aggregator)})`,
      });
    }
    if (p.clipNorm !== undefined && privacy.dp === undefined && t.strategy.name !== "dp-fedavg") {
      problems.push({
        path: [...params, "clipNorm"],
        message: "must be left out with secure aggregation: the server sees only the sum " +
          `(expected nothing, got ${showValue(p.clipNorm)})`,
      });
    }
  }
  return problems;
}

/**
 * Reads the scenario's privacy and attack blocks. Throws a TypeError naming
 * every problem {@linkcode securityProblems} finds (the CLI reports them
 * earlier, with file and line).
 *
 * @example
 * ```ts
 * import { resolveScenario } from "../../../scenarios/mod.ts";
 * import { securitySettings } from "./settings.ts";
 * const s = resolveScenario({
 *   name: "t",
 *   sites: [{ group: "a", count: 4, samples: 20 }],
 *   privacy: { secureAggregation: { enabled: true } },
 * });
 * if (securitySettings(s).secureAggregation?.clip !== 1) throw new Error();
 * ```
 */
export function securitySettings(scenario: Scenario): SecuritySettings {
  const problems = securityProblems(scenario);
  if (problems.length > 0) {
    throw new TypeError(
      `Expected a valid privacy block but found: ${
        problems.map((p) => `${formatPath(p.path)} ${p.message}`).join("; ")
      }`,
    );
  }
  const privacy = PrivacySchema.parse(scenario.privacy ?? {});
  const sa = privacy.secureAggregation;
  // The quantisation range: the declared L2 norm bounds every coordinate of a clipped delta.
  const secureAggregation = sa?.enabled
    ? { ...sa, clip: sa.clip ?? sa.clipNorm ?? DEFAULT_SECAGG_CLIP }
    : null;
  return {
    secureAggregation,
    dp: privacy.dp ?? dpFromStrategy(scenario),
    attack: scenario.attack ?? null,
  };
}

/** DP settings implied by a dp-fedavg strategy whose params give them. */
function dpFromStrategy(scenario: Scenario): DpSettings | null {
  const { name, params } = scenario.training.strategy;
  if (name !== "dp-fedavg") return null;
  const { clipNorm, noiseMultiplier } = params;
  if (typeof clipNorm !== "number" || typeof noiseMultiplier !== "number") return null;
  return { clipNorm, noiseMultiplier, delta: DEFAULT_DP_DELTA };
}

/**
 * The strategy params of a run: `privacy.dp` fills dp-fedavg's clipNorm and
 * noiseMultiplier (and a noise seed derived from the run's seed), so the
 * scenario states its privacy once.
 */
export function withPrivacyParams(
  scenario: Scenario,
  params: Record<string, unknown>,
  noiseSeed: number,
): Record<string, unknown> {
  const dp = scenario.privacy?.dp === undefined ? null : securitySettings(scenario).dp;
  if (dp === null) return params;
  for (const key of ["clipNorm", "noiseMultiplier"] as const) {
    if (params[key] !== undefined && params[key] !== dp[key]) {
      throw new TypeError(
        `Expected training.strategy.params.${key} to match privacy.dp.${key} (${
          dp[key]
        }) but found ${params[key]}`,
      );
    }
  }
  return {
    ...params,
    clipNorm: dp.clipNorm,
    noiseMultiplier: dp.noiseMultiplier,
    seed: params.seed ?? noiseSeed,
  };
}
