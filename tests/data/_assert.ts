/** Minimal assertions (JSR's @std/assert is not reachable here). */

import { deepStrictEqual } from "node:assert";

export function assert(cond: unknown, msg = "Assertion failed"): asserts cond {
  if (!cond) throw new Error(msg);
}

export function assertEquals<T>(actual: T, expected: T, msg?: string): void {
  deepStrictEqual(actual, expected, msg);
}

export function assertAlmostEquals(actual: number, expected: number, tol: number, msg = ""): void {
  if (!(Math.abs(actual - expected) <= tol)) {
    throw new Error(`Expected ${expected} ± ${tol} but found ${actual}${msg ? ` (${msg})` : ""}`);
  }
}

export function assertThrows(
  fn: () => unknown,
  // deno-lint-ignore no-explicit-any
  errorClass: new (...args: any[]) => Error,
  includes?: string,
): void {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof errorClass)) throw new Error(`Expected ${errorClass.name} but found ${e}`);
    if (includes && !e.message.includes(includes)) {
      throw new Error(`Expected message to include "${includes}" but found "${e.message}"`);
    }
    return;
  }
  throw new Error(`Expected ${errorClass.name} to be thrown but nothing was`);
}

/** Bitwise equality of two typed arrays (NaN-safe, distinguishes -0). */
export function sameBits(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  const ua = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const ub = new Uint32Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < ua.length; i++) if (ua[i] !== ub[i]) return false;
  return true;
}
