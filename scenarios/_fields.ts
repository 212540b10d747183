/**
 * Field builders with messages written for people. Each message says what
 * the field must be and, in parentheses, the expected range and what was
 * found, so `formatScenarioError` can print it as is.
 */
import { z } from "zod";
import { showValue } from "./_show.ts";

/** An integer in [min, max] with a message such as "must be a positive integer". */
export function integer(min: number, max: number, what?: string) {
  const must = what ??
    (min === 1
      ? "must be a positive integer"
      : min === 0
      ? "must be a non-negative integer"
      : `must be an integer from ${min} to ${max}`);
  const msg = (input: unknown) => `${must} (expected integer ≥ ${min}, got ${showValue(input)})`;
  const msgMax = (input: unknown) =>
    `must be at most ${max} (expected integer ≤ ${max}, got ${showValue(input)})`;
  return z.int({ error: (i) => msg(i.input) })
    .min(min, { error: (i) => msg(i.input) })
    .max(max, { error: (i) => msgMax(i.input) });
}

/** A finite number greater than 0 (no upper bound unless given). */
export function positive(max = Number.MAX_VALUE) {
  const msg = (input: unknown) =>
    `must be a number greater than 0 (expected > 0, got ${showValue(input)})`;
  return z.number({ error: (i) => msg(i.input) })
    .positive({ error: (i) => msg(i.input) })
    .max(max, {
      error: (i) => `must be at most ${max} (expected ≤ ${max}, got ${showValue(i.input)})`,
    });
}

/** A finite number ≥ 0. */
export function nonNegative() {
  const msg = (input: unknown) =>
    `must be a number of at least 0 (expected ≥ 0, got ${showValue(input)})`;
  return z.number({ error: (i) => msg(i.input) }).min(0, { error: (i) => msg(i.input) });
}

/** A number in [min, max] (or [min, max) when `maxExclusive`), e.g. a fraction. */
export function between(min: number, max: number, maxExclusive = false) {
  const range = `${min} ≤ x ${maxExclusive ? "<" : "≤"} ${max}`;
  const msg = (input: unknown) =>
    `must be a number from ${min} to ${max}${
      maxExclusive ? " (exclusive)" : ""
    } (expected ${range}, got ${showValue(input)})`;
  const base = z.number({ error: (i) => msg(i.input) }).min(min, { error: (i) => msg(i.input) });
  return maxExclusive
    ? base.lt(max, { error: (i) => msg(i.input) })
    : base.max(max, { error: (i) => msg(i.input) });
}

/** A probability in [0, 1]. */
export function probability() {
  const msg = (input: unknown) =>
    `must be a probability (expected 0 ≤ p ≤ 1, got ${showValue(input)})`;
  return z.number({ error: (i) => msg(i.input) })
    .min(0, { error: (i) => msg(i.input) })
    .max(1, { error: (i) => msg(i.input) });
}

/** A granularity or scale in (0, 1]: 1 is full resolution, 0.1 one tenth. */
export function unitFraction() {
  const msg = (input: unknown) =>
    `must be a fraction above 0 and at most 1 (expected 0 < g ≤ 1, got ${showValue(input)})`;
  return z.number({ error: (i) => msg(i.input) })
    .positive({ error: (i) => msg(i.input) })
    .max(1, { error: (i) => msg(i.input) });
}

/** A non-empty name. */
export function name(what = "name") {
  return z.string({
    error: (i) => `must be a ${what} (expected text, got ${showValue(i.input)})`,
  }).min(1, { error: () => `must be a non-empty ${what} (expected text, got "")` });
}

/**
 * The message of a union (a field with several allowed forms): "is
 * required" when absent, else "must be <what>", both with the forms expected.
 */
export function unionError(what: string, expected: string) {
  return (i: { input?: unknown }) =>
    i.input === undefined
      ? `is required (expected ${expected})`
      : `must be ${what} (expected ${expected}, got ${showValue(i.input)})`;
}
