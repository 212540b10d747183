/**
 * The distributions a scenario may name for a quantity (samples per site,
 * compute, bandwidth, ...): sampling, a human description and the mean.
 * The scenario schema validates the same shapes with zod; these functions
 * still check their input so a hand-built spec fails with a clear message.
 */

import type { Rng } from "./rng.ts";
import { show } from "./_validate.ts";

/** A number drawn from a named distribution; a bare number is a constant. */
export type DistributionSpec =
  | number
  | { constant: number }
  | { uniform: { min: number; max: number } }
  | { normal: { mean: number; sd: number } }
  | { lognormal: { median: number; sigma: number } }
  | { gamma: { shape: number; scale: number } }
  | { choice: { values: number[]; weights?: number[] } };

/** The distribution families, in the order the spec type lists them. */
export const DISTRIBUTION_KINDS = [
  "constant",
  "uniform",
  "normal",
  "lognormal",
  "gamma",
  "choice",
] as const;

/** A validated spec in one flat, tagged shape, so each operation is a plain switch. */
type Resolved =
  | { kind: "constant"; value: number; bare: boolean }
  | { kind: "uniform"; min: number; max: number }
  | { kind: "normal"; mean: number; sd: number }
  | { kind: "lognormal"; median: number; sigma: number }
  | { kind: "gamma"; shape: number; scale: number }
  | { kind: "choice"; values: number[]; weights: number[] | undefined };

function resolve(spec: DistributionSpec): Resolved {
  if (typeof spec === "number") {
    return { kind: "constant", value: field(spec, "constant", spec), bare: true };
  }
  if (spec === null || typeof spec !== "object") {
    throw new TypeError(`Expected a distribution (number or object) but found ${show(spec)}`);
  }
  const keys = Object.keys(spec);
  if (keys.length !== 1 || !(DISTRIBUTION_KINDS as readonly string[]).includes(keys[0])) {
    throw new TypeError(
      `Expected a distribution with exactly one of ${DISTRIBUTION_KINDS.join(", ")} but found ${
        show(spec)
      }`,
    );
  }
  if ("constant" in spec) {
    return { kind: "constant", value: field(spec, "constant", spec.constant), bare: false };
  }
  if ("uniform" in spec) {
    const min = field(spec, "uniform.min", spec.uniform?.min);
    const max = field(spec, "uniform.max", spec.uniform?.max);
    if (max < min) {
      throw new RangeError(`Expected uniform.max ≥ uniform.min (${min}) but found ${max}`);
    }
    return { kind: "uniform", min, max };
  }
  if ("normal" in spec) {
    const mean = field(spec, "normal.mean", spec.normal?.mean);
    return { kind: "normal", mean, sd: atLeast(0, spec, "normal.sd", spec.normal?.sd) };
  }
  if ("lognormal" in spec) {
    const median = field(spec, "lognormal.median", spec.lognormal?.median);
    if (median <= 0) throw new RangeError(`Expected lognormal.median > 0 but found ${median}`);
    return {
      kind: "lognormal",
      median,
      sigma: atLeast(0, spec, "lognormal.sigma", spec.lognormal?.sigma),
    };
  }
  if ("gamma" in spec) {
    const shape = field(spec, "gamma.shape", spec.gamma?.shape);
    const scale = field(spec, "gamma.scale", spec.gamma?.scale);
    if (shape <= 0 || scale <= 0) {
      throw new RangeError(`Expected gamma.shape and gamma.scale > 0 but found ${show(spec)}`);
    }
    return { kind: "gamma", shape, scale };
  }
  return resolveChoice(spec);
}

function resolveChoice(spec: { choice: { values: number[]; weights?: number[] } }): Resolved {
  const { values, weights } = spec.choice ?? {};
  if (!Array.isArray(values) || values.length === 0) {
    throw new TypeError(`Expected choice.values to be a non-empty array but found ${show(values)}`);
  }
  values.forEach((v, i) => field(spec, `choice.values[${i}]`, v));
  if (weights === undefined) return { kind: "choice", values, weights };
  if (!Array.isArray(weights) || weights.length !== values.length) {
    throw new TypeError(
      `Expected choice.weights to have ${values.length} entries but found ${show(weights)}`,
    );
  }
  weights.forEach((w, i) => atLeast(0, spec, `choice.weights[${i}]`, w));
  if (!(weights.reduce((a, b) => a + b, 0) > 0)) {
    throw new RangeError(
      `Expected choice.weights to have a positive sum but found ${show(weights)}`,
    );
  }
  return { kind: "choice", values, weights };
}

function field(spec: unknown, name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new TypeError(
      `Expected ${name} to be a finite number but found ${show(value)} in ${show(spec)}`,
    );
  }
  return value;
}

function atLeast(min: number, spec: unknown, name: string, value: unknown): number {
  const x = field(spec, name, value);
  if (x < min) throw new RangeError(`Expected ${name} to be ≥ ${min} but found ${x}`);
  return x;
}

/**
 * Draws one value of `spec` from `rng`. Throws TypeError/RangeError for a
 * malformed spec.
 *
 * @example
 * ```ts
 * import { Rng } from "./rng.ts";
 * import { sampleDistribution } from "./distribution.ts";
 * const x = sampleDistribution({ uniform: { min: 1, max: 4 } }, new Rng("x"));
 * if (x < 1 || x >= 4) throw new Error("out of range");
 * ```
 */
export function sampleDistribution(spec: DistributionSpec, rng: Rng): number {
  const d = resolve(spec);
  switch (d.kind) {
    case "constant":
      return d.value;
    case "uniform":
      return rng.uniformIn(d.min, d.max);
    case "normal":
      return rng.normal(d.mean, d.sd);
    case "lognormal":
      return rng.lognormal(d.median, d.sigma);
    case "gamma":
      return rng.gamma(d.shape, d.scale);
    case "choice":
      return d
        .values[d.weights === undefined ? rng.int(d.values.length) : rng.categorical(d.weights)];
  }
}

/** Short, readable number: 2000000000 → "2e9", 0.05 → "0.05", 1/3 → "0.333333". */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const abs = Math.abs(x);
  if (abs !== 0 && (abs >= 1e6 || abs < 1e-4)) {
    const [mantissa, exponent] = x.toExponential(5).split("e");
    return `${trimZeros(mantissa)}e${exponent.replace("+", "")}`;
  }
  return trimZeros(x.toPrecision(6));
}

function trimZeros(text: string): string {
  return text.includes(".") ? text.replace(/\.?0+$/, "") : text;
}

/**
 * A one-line description, e.g. "lognormal(median=20, sigma=0.5)"; a bare
 * number is shown as itself.
 */
export function describeDistribution(spec: DistributionSpec): string {
  const f = formatNumber;
  const d = resolve(spec);
  switch (d.kind) {
    case "constant":
      return d.bare ? f(d.value) : `constant(${f(d.value)})`;
    case "uniform":
      return `uniform(min=${f(d.min)}, max=${f(d.max)})`;
    case "normal":
      return `normal(mean=${f(d.mean)}, sd=${f(d.sd)})`;
    case "lognormal":
      return `lognormal(median=${f(d.median)}, sigma=${f(d.sigma)})`;
    case "gamma":
      return `gamma(shape=${f(d.shape)}, scale=${f(d.scale)})`;
    case "choice": {
      const list = (xs: number[]) => `[${xs.map(f).join(", ")}]`;
      return d.weights === undefined
        ? `choice(values=${list(d.values)})`
        : `choice(values=${list(d.values)}, weights=${list(d.weights)})`;
    }
  }
}

/** The mean of `spec` (for lognormal: median·exp(sigma²/2)). */
export function distributionMean(spec: DistributionSpec): number {
  const d = resolve(spec);
  switch (d.kind) {
    case "constant":
      return d.value;
    case "uniform":
      return (d.min + d.max) / 2;
    case "normal":
      return d.mean;
    case "lognormal":
      return d.median * Math.exp((d.sigma * d.sigma) / 2);
    case "gamma":
      return d.shape * d.scale;
    case "choice": {
      const w = d.weights ?? d.values.map(() => 1);
      const total = w.reduce((a, b) => a + b, 0);
      return d.values.reduce((acc, v, i) => acc + v * w[i], 0) / total;
    }
  }
}
