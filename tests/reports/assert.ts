/**
 * Assertions for the report tests, from Node's built-in `assert` (JSR and
 * `@std/assert` are not available here).
 */
import nodeAssert from "node:assert/strict";

/** Fails with `message` unless `condition` is truthy. */
export function assert(condition: unknown, message?: string): asserts condition {
  nodeAssert.ok(condition, message);
}

/** Deep, strict equality (NaN equals NaN). */
export function assertEquals<T>(
  actual: unknown,
  expected: T,
  message?: string,
): asserts actual is T {
  nodeAssert.deepStrictEqual(actual, expected, message);
}

/** Strict inequality. */
export function assertNotEquals(actual: unknown, expected: unknown, message?: string): void {
  nodeAssert.notDeepStrictEqual(actual, expected, message);
}

/** Expects `fn` to throw an instance of `type` whose message includes `includes`. */
export function assertThrows(fn: () => unknown, type: ErrorConstructor, includes: string): void {
  nodeAssert.throws(fn, (e: unknown) => e instanceof type && e.message.includes(includes));
}

/** Expects the promise from `fn` to reject with an instance of `type` whose message includes `includes`. */
export async function assertRejects(
  fn: () => Promise<unknown>,
  type: ErrorConstructor,
  includes: string,
): Promise<void> {
  await nodeAssert.rejects(fn, (e: unknown) => e instanceof type && e.message.includes(includes));
}

/** |actual − expected| ≤ tolerance. */
export function assertAlmostEquals(actual: number, expected: number, tolerance = 1e-9): void {
  nodeAssert.ok(
    Math.abs(actual - expected) <= tolerance,
    `Expected ${actual} to be within ${tolerance} of ${expected}`,
  );
}
