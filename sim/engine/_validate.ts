/** Argument checks shared by the RNG and distributions; messages read "Expected X but found Y". */

export function show(x: unknown): string {
  if (typeof x === "string") return JSON.stringify(x);
  if (typeof x === "number" || typeof x === "boolean" || x === null || x === undefined) {
    return String(x);
  }
  try {
    return JSON.stringify(x) ?? String(x);
  } catch {
    return String(x);
  }
}

export function requireNumber(name: string, x: unknown): asserts x is number {
  if (typeof x !== "number" || !Number.isFinite(x)) {
    throw new TypeError(`Expected ${name} to be a finite number but found ${show(x)}`);
  }
}

export function requirePositive(name: string, x: unknown): asserts x is number {
  requireNumber(name, x);
  if (x <= 0) throw new RangeError(`Expected ${name} to be greater than 0 but found ${x}`);
}

export function requireNonNegative(name: string, x: unknown): asserts x is number {
  requireNumber(name, x);
  if (x < 0) throw new RangeError(`Expected ${name} to be at least 0 but found ${x}`);
}

export function requireProbability(name: string, x: unknown): asserts x is number {
  requireNumber(name, x);
  if (x < 0 || x > 1) throw new RangeError(`Expected ${name} to be in [0, 1] but found ${x}`);
}

export function requireInteger(name: string, x: unknown, min: number): asserts x is number {
  if (typeof x !== "number" || !Number.isSafeInteger(x)) {
    throw new TypeError(`Expected ${name} to be an integer but found ${show(x)}`);
  }
  if (x < min) throw new RangeError(`Expected ${name} to be an integer ≥ ${min} but found ${x}`);
}
