/**
 * The zod schema for a distribution of a per-site quantity (samples,
 * compute, latency, ...). Same shape as `DistributionSpec` in
 * `sim/engine/mod.ts`: a bare number means a constant.
 */
import { z } from "zod";
import { nonNegative, positive, unionError } from "./_fields.ts";
import { showValue } from "./_show.ts";

const finite = (what: string) =>
  z.number({
    error: (i) => `${what} must be a number (expected number, got ${showValue(i.input)})`,
  });

const constant = z.strictObject({ constant: finite("constant") });
const uniform = z.strictObject({
  uniform: z.strictObject({ min: finite("min"), max: finite("max") }).check((ctx) => {
    if (ctx.value.min > ctx.value.max) {
      ctx.issues.push({
        code: "custom",
        input: ctx.value,
        path: ["min"],
        message: `must not exceed max (expected min ≤ ${ctx.value.max}, got ${ctx.value.min})`,
      });
    }
  }),
});
const normal = z.strictObject({
  normal: z.strictObject({ mean: finite("mean"), sd: nonNegative() }),
});
const lognormal = z.strictObject({
  lognormal: z.strictObject({ median: positive(), sigma: nonNegative() }),
});
const gamma = z.strictObject({
  gamma: z.strictObject({ shape: positive(), scale: positive() }),
});
const choice = z.strictObject({
  choice: z.strictObject({
    values: z.array(finite("each value")).min(1, {
      error: () => "must list at least one value (expected a non-empty list)",
    }),
    weights: z.array(nonNegative()).optional(),
  }).check((ctx) => {
    const { values, weights } = ctx.value;
    if (weights === undefined) return;
    if (weights.length !== values.length) {
      ctx.issues.push({
        code: "custom",
        input: weights,
        path: ["weights"],
        message:
          `must have one weight per value (expected ${values.length} weights, got ${weights.length})`,
      });
    } else if (!weights.some((w) => w > 0)) {
      ctx.issues.push({
        code: "custom",
        input: weights,
        path: ["weights"],
        message: "must contain a weight above 0 (expected a positive sum, got 0)",
      });
    }
  }),
});

/** Names of the distribution kinds, for messages and documentation (the engine's, one list). */
export { DISTRIBUTION_KINDS } from "../sim/engine/mod.ts";
import { DISTRIBUTION_KINDS } from "../sim/engine/mod.ts";

/**
 * A distribution: `3`, `{constant: 3}`, `{uniform: {min, max}}`,
 * `{normal: {mean, sd}}`, `{lognormal: {median, sigma}}`,
 * `{gamma: {shape, scale}}` or `{choice: {values, weights?}}`.
 *
 * @example
 * ```ts
 * import { DistributionSchema } from "./distribution.ts";
 * DistributionSchema.parse({ lognormal: { median: 300, sigma: 0.3 } });
 * ```
 */
export const DistributionSchema = z.union(
  [finite("value"), constant, uniform, normal, lognormal, gamma, choice],
  {
    error: unionError(
      "a number or a distribution",
      "a number or one of {constant}, {uniform: {min, max}}, {normal: {mean, sd}}, " +
        "{lognormal: {median, sigma}}, {gamma: {shape, scale}}, {choice: {values, weights?}}",
    ),
  },
).meta({
  id: "Distribution",
  description: "A number (constant) or one of the distribution kinds: " +
    DISTRIBUTION_KINDS.join(", "),
});

/** A distribution as written in a scenario file. */
export type Distribution = z.infer<typeof DistributionSchema>;

/** Number of standard deviations counted as "the largest value a site will plausibly draw". */
const PLAUSIBLE_SDS = 3;

/**
 * The mean and a plausible upper value (mean + 3 sd, or the exact maximum
 * where one exists) of a distribution, used to enforce limits before
 * anything is drawn.
 *
 * @example
 * ```ts
 * import { distributionBounds } from "./distribution.ts";
 * distributionBounds({ uniform: { min: 10, max: 30 } }); // { mean: 20, high: 30 }
 * ```
 */
export function distributionBounds(d: Distribution): { mean: number; high: number } {
  if (typeof d === "number") return { mean: d, high: d };
  if ("constant" in d) return { mean: d.constant, high: d.constant };
  if ("uniform" in d) return { mean: (d.uniform.min + d.uniform.max) / 2, high: d.uniform.max };
  if ("normal" in d) {
    return { mean: d.normal.mean, high: d.normal.mean + PLAUSIBLE_SDS * d.normal.sd };
  }
  if ("lognormal" in d) {
    const { median, sigma } = d.lognormal;
    return {
      mean: median * Math.exp(sigma * sigma / 2),
      high: median * Math.exp(PLAUSIBLE_SDS * sigma),
    };
  }
  if ("gamma" in d) {
    const { shape, scale } = d.gamma;
    return { mean: shape * scale, high: shape * scale + PLAUSIBLE_SDS * Math.sqrt(shape) * scale };
  }
  const { values, weights } = d.choice;
  const w = weights ?? values.map(() => 1);
  const total = w.reduce((a, b) => a + b, 0);
  const mean = values.reduce((sum, v, k) => sum + v * w[k], 0) / total;
  return { mean, high: Math.max(...values.filter((_, k) => w[k] > 0)) };
}
