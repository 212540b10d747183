/**
 * Staleness weighting for asynchronous aggregation: an update computed from a
 * global model `s` versions old counts for less. FedBuff (Nguyen et al. 2022)
 * uses the polynomial rule; FedAsync (Xie et al. 2019) also proposes the hinge.
 *
 * FedBuff (Alg. 1) weights the site's *delta*, not its share of an average:
 * Δᵢ = yᵢ − x_dispatch(i) and x ← x + η_g·(1/K)·Σ s(τᵢ)·Δᵢ. The helpers below
 * turn a buffered update into the point x + s(τᵢ)·Δᵢ around the global being
 * aggregated into (so every strategy's own rule then sees that delta), and
 * apply the server learning rate η_g to the step a strategy proposes.
 *
 * @module
 */
import { z } from "zod";

/** How much an update that is `staleness` versions old still counts. */
export type StalenessRule =
  | { kind: "constant" }
  | { kind: "polynomial"; exponent: number }
  | { kind: "hinge"; a: number; b: number };

/** Names accepted in `{kind: ...}`. */
export const STALENESS_KINDS = ["constant", "polynomial", "hinge"] as const;

const stalenessNumber = z.number().min(0);

/**
 * A staleness rule as a scenario writes it: a kind name (`"hinge"`) or an
 * object (`{kind: "hinge", a: 10, b: 4}`), missing numbers at their defaults.
 */
export const StalenessRuleSchema = z.union([
  z.enum(STALENESS_KINDS).transform((kind) => parseStalenessRule(kind)),
  z.strictObject({ kind: z.literal("constant") }),
  z.strictObject({ kind: z.literal("polynomial"), exponent: stalenessNumber.default(0.5) }),
  z.strictObject({
    kind: z.literal("hinge"),
    a: stalenessNumber.default(10),
    b: stalenessNumber.default(4),
  }),
]);

/** The FedBuff default: 1/√(1 + s). */
export const DEFAULT_STALENESS_RULE: StalenessRule = { kind: "polynomial", exponent: 0.5 };

function checkStaleness(staleness: number): void {
  if (!Number.isFinite(staleness) || staleness < 0) {
    throw new RangeError(`Expected staleness to be a finite number >= 0 but found ${staleness}`);
  }
}

/**
 * FedBuff's polynomial weight 1 / (1 + s)^a.
 *
 * @example
 * ```ts
 * import { polynomialStaleness } from "./staleness.ts";
 * if (polynomialStaleness(3, 0.5) !== 0.5) throw new Error("1/sqrt(4) should be 0.5");
 * ```
 */
export function polynomialStaleness(staleness: number, exponent = 0.5): number {
  checkStaleness(staleness);
  return Math.pow(1 + staleness, -exponent);
}

/** FedAsync's hinge weight: 1 while s ≤ b, then 1 / (a·(s − b) + 1). */
export function hingeStaleness(staleness: number, a = 10, b = 4): number {
  checkStaleness(staleness);
  return staleness <= b ? 1 : 1 / (a * (staleness - b) + 1);
}

/** The weight `rule` gives an update that is `staleness` versions old (undefined counts as 0). */
export function stalenessWeight(staleness: number | undefined, rule: StalenessRule): number {
  const s = staleness ?? 0;
  switch (rule.kind) {
    case "constant":
      checkStaleness(s);
      return 1;
    case "polynomial":
      return polynomialStaleness(s, rule.exponent);
    case "hinge":
      return hingeStaleness(s, rule.a, rule.b);
  }
}

/**
 * Reads a staleness rule from scenario parameters: a kind name
 * (`"polynomial"`) or an object (`{kind: "hinge", a: 10, b: 4}`); missing
 * numbers take the defaults above.
 */
export function parseStalenessRule(value: unknown, path = "staleness"): StalenessRule {
  const obj: Record<string, unknown> = typeof value === "string"
    ? { kind: value }
    : (value !== null && typeof value === "object" ? value as Record<string, unknown> : {});
  if (typeof value !== "string" && (value === null || typeof value !== "object")) {
    throw new TypeError(
      `Expected ${path} to be one of ${STALENESS_KINDS.join(", ")} or an object but found ${
        JSON.stringify(value)
      }`,
    );
  }
  const num = (key: string, fallback: number): number => {
    const v = obj[key] ?? fallback;
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
      throw new TypeError(
        `Expected ${path}.${key} to be a number >= 0 but found ${JSON.stringify(v)}`,
      );
    }
    return v;
  };
  switch (obj.kind) {
    case "constant":
      return { kind: "constant" };
    case "polynomial":
      return { kind: "polynomial", exponent: num("exponent", 0.5) };
    case "hinge":
      return { kind: "hinge", a: num("a", 10), b: num("b", 4) };
    default:
      throw new TypeError(
        `Expected ${path}.kind to be one of ${STALENESS_KINDS.join(", ")} but found ${
          JSON.stringify(obj.kind)
        }`,
      );
  }
}

/**
 * The point FedBuff aggregates for one buffered update: the current global
 * plus the site's staleness-weighted delta, x + s·(y − x_dispatch), in float64
 * with one rounding to float32. `dispatchedFrom` is the global the site
 * trained from; undefined means the current one (no aggregation since). A
 * fresh update (s = 1, same global) is returned as it came, so synchronous
 * rounds stay bit for bit what they were.
 *
 * @example
 * ```ts
 * import { stalenessWeightedPoint } from "./staleness.ts";
 * // Trained from [0] to [1], three versions ago, 1/sqrt(4) = 0.5, into global [10].
 * const p = stalenessWeightedPoint(new Float32Array([10]), new Float32Array([1]), new Float32Array([0]), 0.5);
 * if (p[0] !== 10.5) throw new Error("10 + 0.5·(1 − 0) expected");
 * ```
 */
export function stalenessWeightedPoint(
  global: Float32Array,
  weights: Float32Array,
  dispatchedFrom: Float32Array | undefined,
  weight: number,
): Float32Array {
  if (!Number.isFinite(weight) || weight < 0) {
    throw new RangeError(`Expected a staleness weight >= 0 but found ${weight}`);
  }
  if (weight === 1 && dispatchedFrom === undefined) return weights;
  const base = dispatchedFrom ?? global;
  if (base.length !== global.length) {
    throw new RangeError(
      `Expected the dispatched global to have ${global.length} weights but found ${base.length}`,
    );
  }
  const out = new Float32Array(global.length);
  for (let j = 0; j < out.length; j++) out[j] = global[j] + weight * (weights[j] - base[j]);
  return out;
}

/**
 * FedBuff's server step with learning rate η_g: x + η_g·(proposed − x), where
 * `proposed` is the strategy's new global (for FedAvg, x plus the buffered
 * mean delta). η_g = 1 returns `proposed` itself.
 *
 * @example
 * ```ts
 * import { serverStep } from "./staleness.ts";
 * const x = serverStep(new Float32Array([10]), new Float32Array([12]), 0.5);
 * if (x[0] !== 11) throw new Error("10 + 0.5·2 expected");
 * ```
 */
export function serverStep(
  global: Float32Array,
  proposed: Float32Array,
  serverLearningRate: number,
): Float32Array {
  if (!Number.isFinite(serverLearningRate) || serverLearningRate <= 0) {
    throw new RangeError(
      `Expected a server learning rate > 0 but found ${serverLearningRate}`,
    );
  }
  if (serverLearningRate === 1) return proposed;
  const out = new Float32Array(global.length);
  for (let j = 0; j < out.length; j++) {
    out[j] = global[j] + serverLearningRate * (proposed[j] - global[j]);
  }
  return out;
}
