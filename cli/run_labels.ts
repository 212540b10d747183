/**
 * What tells runs apart: the scenario fields in which they differ. `compare`
 * labels each run by them, and `check` over several runs accepts only runs
 * that differ in nothing but their seed.
 */

/** Leaf values of a resolved scenario by dotted path (`training.strategy.name` → "fedprox"). */
export function flattenScenario(value: unknown, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    for (const [key, v] of Object.entries(value)) {
      for (const [k, leaf] of flattenScenario(v, prefix ? `${prefix}.${key}` : key)) {
        out.set(k, leaf);
      }
    }
  } else out.set(prefix, JSON.stringify(value));
  return out;
}

/** The paths whose values are not the same in every scenario, in first-seen order. */
export function differingFields(scenarios: readonly unknown[]): string[] {
  const flat = scenarios.map((s) => flattenScenario(s));
  const keys = [...new Set(flat.flatMap((f) => [...f.keys()]))];
  return keys.filter((k) => new Set(flat.map((f) => f.get(k) ?? "undefined")).size > 1);
}

/**
 * One label per run: `key=value` for every field that differs (name and
 * description left out, as they follow the parameters), or null when the runs
 * differ in nothing the labels could show.
 *
 * @example
 * ```ts
 * import { labelsByDifference } from "./run_labels.ts";
 * const labels = labelsByDifference([{ seed: 1, lr: 0.1 }, { seed: 1, lr: 0.2 }]);
 * if (labels?.[1] !== "lr=0.2") throw new Error();
 * ```
 */
export function labelsByDifference(scenarios: readonly unknown[]): string[] | null {
  const fields = differingFields(scenarios).filter((k) => k !== "name" && k !== "description");
  if (fields.length === 0) return null;
  const labels = scenarios.map((s) => {
    const flat = flattenScenario(s);
    return fields.map((k) => `${k}=${(flat.get(k) ?? "–").replace(/^"(.*)"$/, "$1")}`).join(" ");
  });
  return new Set(labels).size === labels.length ? labels : null;
}

/** Fields in which runs differ other than their seed (empty: seeds of one scenario). */
export function differencesBesideSeed(scenarios: readonly unknown[]): string[] {
  return differingFields(scenarios).filter((k) => k !== "seed" && !k.startsWith("targets.seeds"));
}
