/**
 * Staleness weighting for asynchronous aggregation: an update computed from a
 * global model `s` versions old counts for less. FedBuff (Nguyen et al. 2022)
 * uses the polynomial rule; FedAsync (Xie et al. 2019) also proposes the hinge.
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
