/**
 * `--set key=value` overrides and grids of them for sweeps. Keys are dotted
 * paths (`training.strategy.name`, `sites[1].count`, or a group by name:
 * `sites.tenth-volume.count`); values are YAML (`0.1`, `fedprox`, `[a, b]`).
 */
import { parse as parseYaml } from "yaml";
import { ScenarioError } from "./errors.ts";

/** An override with the path it resolved to in the scenario data. */
export interface AppliedOverride {
  text: string;
  path: (string | number)[];
}

/**
 * Returns a copy of `raw` with each `key=value` applied in order. Missing
 * mappings on the way are created; a scalar on the way is replaced by a
 * mapping (so `data.partition.label.dirichlet.alpha=0.1` works when the label
 * was `iid`). Throws `ScenarioError` for a malformed override.
 *
 * @example
 * ```ts
 * import { applyOverrides } from "./overrides.ts";
 * const out = applyOverrides({ training: { rounds: 5 } }, ["training.rounds=7"]);
 * if (!((out as { training: { rounds: number } }).training.rounds === 7)) throw new Error("example failed");
 * ```
 */
export function applyOverrides(raw: unknown, sets: readonly string[]): unknown {
  return applyOverridesWithPaths(raw, sets).value;
}

/** Like `applyOverrides`, also telling which data path each override set. */
export function applyOverridesWithPaths(
  raw: unknown,
  sets: readonly string[],
): { value: unknown; applied: AppliedOverride[] } {
  const root: unknown = isObject(raw) || Array.isArray(raw) ? structuredClone(raw) : {};
  const applied: AppliedOverride[] = [];
  for (const text of sets) {
    const { keys, value } = parseSet(text);
    const path: (string | number)[] = [];
    const fail = (message: string): never => {
      throw new ScenarioError([{
        file: `--set ${text}`,
        line: null,
        path: keys.join("."),
        message,
      }]);
    };
    if (!isObject(root)) fail("cannot be applied (expected the scenario to be a mapping)");
    let cur = root as Record<string, unknown> | unknown[];
    keys.forEach((key, i) => {
      const slot = Array.isArray(cur) ? listIndex(cur, key, fail) : key;
      path.push(slot);
      const last = i === keys.length - 1;
      const container = cur as Record<string | number, unknown>;
      if (last) {
        container[slot] = value;
        return;
      }
      if (!isObject(container[slot]) && !Array.isArray(container[slot])) container[slot] = {};
      cur = container[slot] as Record<string, unknown> | unknown[];
    });
    applied.push({ text, path });
  }
  return { value: root, applied };
}

/**
 * Expands `a=1,2` and `b=x,y` into every combination, first key slowest:
 * `[["a=1","b=x"], ["a=1","b=y"], ["a=2","b=x"], ["a=2","b=y"]]`. Commas
 * inside brackets, braces or quotes do not split values.
 *
 * @example
 * ```ts
 * import { expandGrid } from "./overrides.ts";
 * if (!(expandGrid(["a=1,2", "b=x,y"]).length === 4)) throw new Error("example failed");
 * ```
 */
export function expandGrid(sets: readonly string[]): string[][] {
  let combos: string[][] = [[]];
  for (const text of sets) {
    const eq = text.indexOf("=");
    if (eq <= 0) throw setError(text, "must look like key=value (expected key=value, got no key)");
    const key = text.slice(0, eq);
    const values = splitTopLevel(text.slice(eq + 1));
    combos = combos.flatMap((c) => values.map((v) => [...c, `${key}=${v}`]));
  }
  return combos;
}

function parseSet(text: string): { keys: string[]; value: unknown } {
  const eq = text.indexOf("=");
  if (eq <= 0) throw setError(text, "must look like key=value (expected key=value, got no key)");
  const keys = text.slice(0, eq).trim().replace(/\[(\d+)\]/g, ".$1").split(".");
  if (keys.some((k) => k === "")) {
    throw setError(text, `has an empty key segment (expected a path like training.rounds)`);
  }
  try {
    return { keys, value: parseYaml(text.slice(eq + 1)) };
  } catch (err) {
    const why = err instanceof Error ? err.message.split("\n")[0] : String(err);
    throw setError(text, `has a value that is not valid YAML (${why})`);
  }
}

/** A list slot: an index, or the item whose `group` (or `name`) is `key`. */
function listIndex(list: unknown[], key: string, fail: (m: string) => never): number {
  if (/^\d+$/.test(key)) {
    const i = Number(key);
    if (i > list.length) {
      fail(`indexes past the list (expected an index ≤ ${list.length}, got ${i})`);
    }
    return i;
  }
  const i = list.findIndex((item) => isObject(item) && (item.group === key || item.name === key));
  if (i < 0) fail(`names no list item (expected an index or a group name, got "${key}")`);
  return i;
}

function splitTopLevel(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === "[" || ch === "{") depth++;
    else if (ch === "]" || ch === "}") depth--;
    else if (ch === "," && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out;
}

function setError(text: string, message: string): ScenarioError {
  return new ScenarioError([{ file: `--set ${text}`, line: null, path: "", message }]);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
