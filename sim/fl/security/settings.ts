/**
 * The scenario's `privacy:` and `attack:` blocks, read into typed settings.
 * The privacy block is open in the scenario schema (its contents are this
 * feature's to check), so it is validated here with messages that name the
 * field, what was expected and what was found.
 */

import { z } from "zod";
import type { Scenario } from "../../../scenarios/mod.ts";

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
 * Reads and checks the scenario's privacy and attack blocks. Throws a
 * TypeError naming the field for a malformed block, and for combinations
 * that cannot work: secure aggregation with an asynchronous protocol or a
 * strategy that must see individual updates (robust rules, SCAFFOLD, …).
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
  const parsed = PrivacySchema.safeParse(scenario.privacy ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TypeError(
      `Expected a valid privacy.${issue.path.join(".")} but found a problem: ${issue.message}`,
    );
  }
  const sa = parsed.data.secureAggregation;
  if (sa?.clip !== undefined && sa.clipNorm !== undefined) {
    throw new TypeError(
      `Expected privacy.secureAggregation.clip or clipNorm, not both, but found clip ${sa.clip} ` +
        `and clipNorm ${sa.clipNorm}`,
    );
  }
  // The quantisation range: the declared L2 norm bounds every coordinate of a clipped delta.
  const secureAggregation = sa?.enabled
    ? { ...sa, clip: sa.clip ?? sa.clipNorm ?? DEFAULT_SECAGG_CLIP }
    : null;
  const dp = parsed.data.dp ?? dpFromStrategy(scenario);
  if (secureAggregation?.clipNorm !== undefined && dp !== null) {
    throw new TypeError(
      "Expected no privacy.secureAggregation.clipNorm with DP (privacy.dp.clipNorm bounds the " +
        `delta) but found ${secureAggregation.clipNorm}`,
    );
  }
  const t = scenario.training;
  if (parsed.data.dp !== undefined && t.strategy.name !== "dp-fedavg") {
    throw new TypeError(
      `Expected training.strategy.name dp-fedavg with privacy.dp but found ${t.strategy.name}`,
    );
  }
  if (secureAggregation !== null) {
    if (t.protocol === "async") {
      throw new TypeError(
        "Expected training.protocol sync or hierarchical with secure aggregation but found async",
      );
    }
    if (!SUM_ONLY_STRATEGIES.includes(t.strategy.name)) {
      throw new TypeError(
        `Expected a strategy that needs only the sum of updates (${
          SUM_ONLY_STRATEGIES.join(", ")
        }) with secure aggregation but found ${t.strategy.name}`,
      );
    }
    const p = t.strategy.params;
    if ((p.aggregator ?? "mean") !== "mean" || p.clipNorm !== undefined && dp === null) {
      throw new TypeError(
        "Expected training.strategy.params without a robust aggregator or server-side clipNorm " +
          "with secure aggregation (the server sees only the sum) but found " +
          JSON.stringify({ aggregator: p.aggregator, clipNorm: p.clipNorm }),
      );
    }
  }
  return { secureAggregation, dp, attack: scenario.attack ?? null };
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
