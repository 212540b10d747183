/** Renders a value found in a scenario file for an error message, briefly. */
export function showValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) {
    return value.length === 0 ? "an empty list" : `a list of ${value.length}`;
  }
  if (typeof value === "object") {
    const keys = Object.keys(value as object);
    if (keys.length === 0) return "an empty mapping";
    const shown = keys.slice(0, 3).join(", ");
    return `a mapping with ${shown}${keys.length > 3 ? ", …" : ""}`;
  }
  return typeof value;
}

/** Quotes a list of names as `"a", "b" or "c"`. */
export function listNames(names: readonly string[], joiner = "or"): string {
  const quoted = names.map((n) => JSON.stringify(n));
  if (quoted.length <= 1) return quoted.join("");
  return `${quoted.slice(0, -1).join(", ")} ${joiner} ${quoted[quoted.length - 1]}`;
}
