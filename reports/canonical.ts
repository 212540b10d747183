/**
 * Canonical JSON and hashes of results, so that the same results always give
 * the same bytes and the same hash, whatever order their keys were built in.
 */
import type { RunResults } from "../sim/results/results.ts";

/**
 * Property names that hold host wall-clock measurements. They differ between
 * two otherwise identical runs, so {@link resultsHash} leaves out every
 * property, at any depth, whose name matches: `summary.wallSeconds` and any
 * `wall…` field (e.g. `wallMs`) a protocol puts in `extras`, plus `createdAt`.
 */
export const WALL_CLOCK_FIELD = /^(wall[A-Z_].*|createdAt)$/;

/**
 * JSON with object keys sorted at every depth. Non-finite numbers (NaN, ±∞)
 * become `null`, as `JSON.stringify` writes them; `drop` names keys to omit.
 *
 * @example
 * ```ts
 * import { canonicalJson } from "./canonical.ts";
 * if (canonicalJson({ b: 1, a: [NaN] }) !== '{"a":[null],"b":1}') throw new Error();
 * ```
 */
export function canonicalJson(value: unknown, indent = 0, drop?: RegExp): string {
  return JSON.stringify(sortKeys(value, drop), null, indent);
}

function sortKeys(value: unknown, drop?: RegExp): unknown {
  if (Array.isArray(value)) return value.map((v) => sortKeys(v, drop));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      if (drop?.test(key)) continue;
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v, drop);
    }
    return out;
  }
  return value;
}

/** sha256 of a string's UTF-8 bytes, as lowercase hex. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * sha256 hex of the canonical JSON of `results` without wall-clock fields
 * (see {@link WALL_CLOCK_FIELD}), so two runs of the same scenario and seed
 * hash identically on any machine, and any change to a simulated number
 * changes the hash.
 *
 * @example
 * ```ts
 * import { resultsHash } from "./canonical.ts";
 * const a = await resultsHash({ summary: { wallSeconds: 1, gap: 0 } } as never);
 * const b = await resultsHash({ summary: { gap: 0, wallSeconds: 9 } } as never);
 * if (a !== b) throw new Error("wall-clock time must not change the hash");
 * ```
 */
export function resultsHash(results: RunResults): Promise<string> {
  return sha256Hex(canonicalJson(results, 0, WALL_CLOCK_FIELD));
}

/**
 * Turns the `null`s that JSON made of NaN back into NaN in the numeric fields
 * of the results contract, so results read back compare like the originals.
 */
export function reviveResults(raw: unknown): RunResults {
  if (raw === null || typeof raw !== "object") {
    throw new TypeError(`Expected results to be an object but found ${typeOf(raw)}`);
  }
  const r = raw as RunResults;
  for (const key of ["rounds", "sites", "partition", "timeline"] as const) {
    if (!Array.isArray(r[key])) {
      throw new TypeError(`Expected results.${key} to be an array but found ${typeOf(r[key])}`);
    }
  }
  if (r.summary === null || typeof r.summary !== "object") {
    throw new TypeError(`Expected results.summary to be an object but found ${typeOf(r.summary)}`);
  }
  const nan = (v: unknown) => (v === null ? NaN : v as number);
  for (const round of r.rounds) {
    round.accuracy = nan(round.accuracy);
    round.loss = nan(round.loss);
  }
  for (const site of r.sites) {
    site.accuracy = nan(site.accuracy);
    site.personalizedAccuracy = nan(site.personalizedAccuracy);
    if (site.fineTunedAccuracy !== undefined) site.fineTunedAccuracy = nan(site.fineTunedAccuracy);
  }
  for (const key of ["finalAccuracy", "centralAccuracy", "gap"] as const) {
    r.summary[key] = nan(r.summary[key]);
  }
  return r;
}

function typeOf(v: unknown): string {
  return v === null ? "null" : Array.isArray(v) ? "an array" : typeof v;
}
