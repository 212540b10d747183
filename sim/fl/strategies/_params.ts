import type { StrategyParams } from "./strategy.ts";

/** Limits a numeric parameter must respect. */
export interface NumberLimits {
  min?: number;
  /** When true, the value must be strictly greater than `min`. */
  exclusiveMin?: boolean;
  max?: number;
  integer?: boolean;
}

/**
 * Reads a strategy's parameters with people-friendly TypeErrors, and rejects
 * keys the strategy does not know (a typo such as `mue` must not silently
 * fall back to a default).
 */
export class ParamReader {
  readonly strategy: string;
  readonly #params: StrategyParams;

  constructor(strategy: string, params: StrategyParams, allowed: readonly string[]) {
    if (params === null || typeof params !== "object" || Array.isArray(params)) {
      throw new TypeError(
        `Expected ${strategy} params to be an object but found ${JSON.stringify(params)}`,
      );
    }
    this.strategy = strategy;
    this.#params = params;
    const known = new Set(["name", ...allowed]);
    for (const key of Object.keys(params)) {
      if (!known.has(key)) {
        throw new TypeError(
          `Expected ${strategy} params to be among (${[...known].join(", ")}) but found "${key}"`,
        );
      }
    }
  }

  /** The raw value of `key` (undefined when absent). */
  raw(key: string): unknown {
    return this.#params[key];
  }

  /** A number, `fallback` when absent. */
  number(key: string, fallback: number, limits: NumberLimits = {}): number {
    return this.optionalNumber(key, limits) ?? fallback;
  }

  /** A number, or undefined when absent. */
  optionalNumber(key: string, limits: NumberLimits = {}): number | undefined {
    const v = this.#params[key];
    if (v === undefined) return undefined;
    const { min, max, exclusiveMin, integer } = limits;
    const ok = typeof v === "number" && Number.isFinite(v) &&
      (min === undefined || (exclusiveMin ? v > min : v >= min)) &&
      (max === undefined || v <= max) && (!integer || Number.isInteger(v));
    if (!ok) {
      const parts = [integer ? "an integer" : "a finite number"];
      if (min !== undefined) parts.push(`${exclusiveMin ? ">" : ">="} ${min}`);
      if (max !== undefined) parts.push(`<= ${max}`);
      throw new TypeError(
        `Expected ${this.strategy} param ${key} to be ${parts.join(" ")} but found ${
          JSON.stringify(v)
        }`,
      );
    }
    return v as number;
  }

  /** A boolean, `fallback` when absent. */
  boolean(key: string, fallback: boolean): boolean {
    const v = this.#params[key];
    if (v === undefined) return fallback;
    if (typeof v !== "boolean") {
      throw new TypeError(
        `Expected ${this.strategy} param ${key} to be true or false but found ${JSON.stringify(v)}`,
      );
    }
    return v;
  }

  /** One of `options`, `fallback` when absent. */
  oneOf<T extends string>(key: string, options: readonly T[], fallback: T): T {
    const v = this.#params[key];
    if (v === undefined) return fallback;
    if (typeof v !== "string" || !(options as readonly string[]).includes(v)) {
      throw new TypeError(
        `Expected ${this.strategy} param ${key} to be one of ${options.join(", ")} but found ${
          JSON.stringify(v)
        }`,
      );
    }
    return v as T;
  }
}
