/**
 * Turns zod issues into messages for people: a per-parse error map that
 * words every default message as "must be … (expected …, got …)", and a
 * flattener that picks the union branch a person meant and gives each
 * unknown key its own issue (so each gets its own line).
 */
import type { z } from "zod";
import { listNames, showValue } from "./_show.ts";

type RawIssue = z.core.$ZodRawIssue;
type Issue = z.core.$ZodIssue;

/** Marker in an unknown-keys message that carries the allowed keys to `flattenIssues`. */
const KNOWN_KEYS = "\u0000known:";

const TYPE_NAMES: Record<string, string> = {
  int: "integer",
  number: "number",
  string: "text",
  boolean: "true or false",
  object: "mapping",
  record: "mapping",
  array: "list",
};

const withArticle = (noun: string) =>
  /^(true|text)/.test(noun) ? noun : /^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`;

/** Zod error map for `safeParse(…, { error: humanErrorMap })`. */
export function humanErrorMap(iss: RawIssue): string | undefined {
  const got = showValue(iss.input);
  switch (iss.code) {
    case "invalid_type": {
      const expected = TYPE_NAMES[iss.expected] ?? iss.expected;
      if (iss.input === undefined) return `is required (expected ${withArticle(expected)})`;
      return `must be ${withArticle(expected)} (expected ${expected}, got ${got})`;
    }
    case "too_small":
    case "too_big": {
      const small = iss.code === "too_small";
      const limit = Number(small ? iss.minimum : iss.maximum);
      if (iss.origin === "array") {
        const n = Array.isArray(iss.input) ? iss.input.length : got;
        return `must have ${small ? "at least" : "at most"} ${limit} items (expected ${
          small ? "≥" : "≤"
        } ${limit}, got ${n})`;
      }
      if (iss.origin === "string") return `must not be empty (expected text, got ${got})`;
      const sign = small ? (iss.inclusive ? "≥" : ">") : (iss.inclusive ? "≤" : "<");
      const words = small
        ? (iss.inclusive ? "at least" : "greater than")
        : (iss.inclusive ? "at most" : "less than");
      return `must be ${words} ${limit} (expected ${sign} ${limit}, got ${got})`;
    }
    case "invalid_value":
      return `must be one of ${listNames(iss.values.map(String))} (got ${got})`;
    case "unrecognized_keys": {
      const shape = (iss.inst as { _zod?: { def?: { shape?: object } } } | undefined)?._zod?.def
        ?.shape;
      return KNOWN_KEYS + JSON.stringify(shape ? Object.keys(shape) : []);
    }
    case "invalid_union":
      return `does not match any allowed form (got ${got})`;
    case "invalid_key":
      return `has an invalid key (got ${got})`;
    default:
      return undefined;
  }
}

/** A flattened issue: a path from the scenario's root and a finished message. */
export interface PlainIssue {
  path: PropertyKey[];
  message: string;
}

/**
 * Flattens zod issues: unions report the issues of the branch that fits the
 * input best (or the union's own message when none does), and unknown keys
 * become one issue per key with a "did you mean" hint.
 */
export function flattenIssues(issues: readonly Issue[], prefix: PropertyKey[] = []): PlainIssue[] {
  const out: PlainIssue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === "invalid_union" && issue.errors.length > 0) {
      const branch = bestBranch(issue.errors);
      if (branch) out.push(...flattenIssues(branch, path));
      else out.push({ path, message: issue.message });
    } else if (issue.code === "unrecognized_keys") {
      const known = issue.message.startsWith(KNOWN_KEYS)
        ? JSON.parse(issue.message.slice(KNOWN_KEYS.length)) as string[]
        : [];
      for (const key of issue.keys) {
        out.push({ path: [...path, key], message: unknownKey(key, known) });
      }
    } else {
      out.push({ path, message: issue.message });
    }
  }
  return out;
}

function unknownKey(key: string, known: string[]): string {
  const near = known.filter((k) =>
    editDistance(k.toLowerCase(), key.toLowerCase()) <= Math.max(2, k.length / 4)
  );
  const hint = near.length > 0 ? `did you mean ${listNames(near)}? ` : "";
  return known.length > 0
    ? `is not a known key (${hint}expected ${listNames(known)})`
    : "is not a known key";
}

/**
 * The union branch a person most likely meant: none of its issues say the
 * input has the wrong type, and it has the fewest missing or unknown keys
 * at its top. Ties mean the input's form is unclear, so the caller reports
 * the union's own message.
 */
function bestBranch(branches: readonly Issue[][]): Issue[] | undefined {
  const scores = branches.map((b) => {
    let score = 0;
    for (const i of b) {
      const atRoot = i.path.length === 0;
      if (atRoot && (i.code === "invalid_type" || i.code === "invalid_value")) return Infinity;
      if (atRoot && i.code === "unrecognized_keys") score += i.keys.length;
      if (i.path.length === 1 && i.code === "invalid_type" && i.input === undefined) score += 1;
    }
    return score;
  });
  const best = Math.min(...scores);
  if (!Number.isFinite(best)) return undefined;
  const winners = scores.filter((s) => s === best).length;
  return winners === 1 ? branches[scores.indexOf(best)] : undefined;
}

/** Levenshtein distance, for "did you mean" hints on short key names. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length];
}

/**
 * Every problem `value` has against `schema`, in the scenario's words, with
 * paths under `prefix`: how other layers check the blocks whose schemas they
 * own (strategy params, privacy) with the messages of the scenario's own fields.
 */
export function schemaIssues(
  schema: z.ZodType,
  value: unknown,
  prefix: PropertyKey[] = [],
): PlainIssue[] {
  const result = schema.safeParse(value, { error: humanErrorMap, reportInput: true });
  return result.success ? [] : flattenIssues(result.error.issues, prefix);
}
