/** Minimal assertions (JSR's @std/assert is not reachable here). */

/** Throws unless `condition` holds. */
export function assert(
  condition: unknown,
  message = "Expected condition to hold",
): asserts condition {
  if (!condition) throw new Error(message);
}

/** Throws unless `actual` and `expected` have the same JSON form. */
export function assertEquals(actual: unknown, expected: unknown, message = ""): void {
  const a = JSON.stringify(actual), e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${message ? message + ": " : ""}Expected ${e} but found ${a}`);
}

/** Throws unless `a` and `b` differ by at most `tolerance`. */
export function assertClose(a: number, b: number, tolerance = 1e-9, message = ""): void {
  if (!(Math.abs(a - b) <= tolerance)) {
    throw new Error(`${message ? message + ": " : ""}Expected ${b} ± ${tolerance} but found ${a}`);
  }
}

/** Throws unless `fn` throws an instance of `type` whose message includes `includes`. */
export function assertThrows<E extends Error>(
  fn: () => unknown,
  type: new (...args: never[]) => E,
  includes = "",
): E {
  try {
    fn();
  } catch (err) {
    if (!(err instanceof type)) throw new Error(`Expected ${type.name} but found ${err}`);
    if (!err.message.includes(includes)) {
      throw new Error(`Expected a message including "${includes}" but found "${err.message}"`);
    }
    return err;
  }
  throw new Error(`Expected ${type.name} to be thrown but nothing was`);
}
