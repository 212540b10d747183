/**
 * The assertions every test folder shares (JSR's `@std/assert` is not
 * reachable here), built on Node's strict `assert`.
 */
import nodeAssert from "node:assert/strict";

/** An error class, as `assertThrows` and `assertRejects` expect it. */
// deno-lint-ignore no-explicit-any
type ErrorClass<E extends Error> = new (...args: any[]) => E;

/** Throws with `message` unless `condition` is truthy. */
export function assert(
  condition: unknown,
  message = "Expected condition to be true",
): asserts condition {
  if (!condition) throw new Error(message);
}

/** Deep, strict equality (`Object.is` for primitives, so NaN equals NaN and 0 differs from −0). */
export function assertEquals<T>(
  actual: unknown,
  expected: T,
  message?: string,
): asserts actual is T {
  nodeAssert.deepStrictEqual(actual, expected, message);
}

/** Deep, strict inequality. */
export function assertNotEquals(actual: unknown, expected: unknown, message?: string): void {
  nodeAssert.notDeepStrictEqual(actual, expected, message);
}

/** Throws unless |actual − expected| ≤ tolerance; `what` names the value in the message. */
export function assertNear(
  actual: number,
  expected: number,
  tolerance = 1e-9,
  what = "value",
): void {
  if (!(Math.abs(actual - expected) <= tolerance)) {
    throw new Error(`Expected ${what} ${expected} ± ${tolerance} but found ${actual}`);
  }
}

/** Throws unless two equally long vectors agree within `tolerance` at every coordinate. */
export function assertVectorNear(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tolerance: number,
): void {
  assertEquals(actual.length, expected.length, "lengths differ");
  for (let j = 0; j < actual.length; j++) {
    assertNear(actual[j], expected[j], tolerance, `coordinate ${j}`);
  }
}

/** Throws unless every element of two arrays is identical (`Object.is`, so bit-for-bit for floats). */
export function assertArraysIdentical(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  what = "arrays",
): void {
  if (a.length !== b.length) throw new Error(`${what}: lengths ${a.length} and ${b.length} differ`);
  for (let i = 0; i < a.length; i++) {
    if (!Object.is(a[i], b[i])) {
      throw new Error(`${what}: element ${i} differs: ${a[i]} vs ${b[i]}`);
    }
  }
}

/** Bitwise equality of two float vectors (NaN payloads compared, −0 told from 0). */
export function sameBits(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  const ua = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const ub = new Uint32Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < ua.length; i++) if (ua[i] !== ub[i]) return false;
  return true;
}

function checkCaught<E extends Error>(error: unknown, type: ErrorClass<E>, includes: string): E {
  if (!(error instanceof type)) {
    throw new Error(
      `Expected ${type.name} but found ${(error as Error)?.constructor?.name}: ${error}`,
    );
  }
  if (!error.message.includes(includes)) {
    throw new Error(`Expected a message including "${includes}" but found "${error.message}"`);
  }
  return error;
}

/** Throws unless `fn` throws an instance of `type` whose message includes `includes`; returns it. */
export function assertThrows<E extends Error>(
  fn: () => unknown,
  type: ErrorClass<E>,
  includes = "",
): E {
  try {
    fn();
  } catch (error) {
    return checkCaught(error, type, includes);
  }
  throw new Error(`Expected ${type.name} to be thrown but nothing was`);
}

/** Async `assertThrows`: the promise from `fn` must reject with such an error. */
export async function assertRejects<E extends Error>(
  fn: () => Promise<unknown>,
  type: ErrorClass<E>,
  includes = "",
): Promise<E> {
  try {
    await fn();
  } catch (error) {
    return checkCaught(error, type, includes);
  }
  throw new Error(`Expected ${type.name} to be thrown but nothing was`);
}
