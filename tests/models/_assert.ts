/** Minimal assertions (JSR's @std/assert is not reachable from this project). */

/** Throws with `message` unless `condition` holds. */
export function assert(condition: unknown, message = "Assertion failed"): asserts condition {
  if (!condition) throw new Error(message);
}

/** Throws unless `actual === expected`. */
export function assertEquals<T>(actual: T, expected: T, message?: string): void {
  if (actual !== expected) {
    throw new Error(message ?? `Expected ${String(expected)} but found ${String(actual)}`);
  }
}

/** Throws unless every element of two arrays is identical (bit-for-bit for floats). */
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

/** Throws unless `fn` throws an instance of `type` whose message includes `fragment`. */
export function assertThrows(
  fn: () => unknown,
  type: new (...args: never[]) => Error,
  fragment = "",
): void {
  try {
    fn();
  } catch (error) {
    if (!(error instanceof type)) throw new Error(`Expected ${type.name} but caught ${error}`);
    if (!error.message.includes(fragment)) {
      throw new Error(`Expected a message with "${fragment}" but found "${error.message}"`);
    }
    return;
  }
  throw new Error(`Expected ${type.name} to be thrown but nothing was thrown`);
}

/** Async variant of `assertThrows`. */
export async function assertRejects(
  fn: () => Promise<unknown>,
  type: new (...args: never[]) => Error,
  fragment = "",
): Promise<void> {
  try {
    await fn();
  } catch (error) {
    if (!(error instanceof type)) throw new Error(`Expected ${type.name} but caught ${error}`);
    if (!error.message.includes(fragment)) {
      throw new Error(`Expected a message with "${fragment}" but found "${error.message}"`);
    }
    return;
  }
  throw new Error(`Expected ${type.name} to be thrown but nothing was thrown`);
}
