/** Small assertions for the strategy, robust and privacy tests (JSR's @std/assert is unreachable). */
import nodeAssert from "node:assert/strict";

export function assert(
  condition: unknown,
  message = "Expected condition to be true",
): asserts condition {
  if (!condition) throw new Error(message);
}

export function assertEquals<T>(actual: T, expected: T, message?: string): void {
  nodeAssert.deepStrictEqual(actual, expected, message);
}

export function assertNear(
  actual: number,
  expected: number,
  tolerance: number,
  what = "value",
): void {
  if (!(Math.abs(actual - expected) <= tolerance)) {
    throw new Error(`Expected ${what} ${expected} ± ${tolerance} but found ${actual}`);
  }
}

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

export function assertThrows(
  fn: () => unknown,
  errorClass: new (...args: never[]) => Error,
  includes?: string,
): void {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof errorClass)) {
      throw new Error(
        `Expected ${errorClass.name} but found ${(e as Error)?.constructor?.name}: ${e}`,
      );
    }
    if (includes !== undefined && !(e as Error).message.includes(includes)) {
      throw new Error(
        `Expected the message to include "${includes}" but found "${(e as Error).message}"`,
      );
    }
    return;
  }
  throw new Error(`Expected ${errorClass.name} to be thrown but nothing was`);
}
