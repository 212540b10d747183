/**
 * Loading a scenario: read the file, parse YAML (or JSON, which is YAML),
 * apply `--set` overrides, validate against the schema and report every
 * problem with its file, line and path.
 */
import { LineCounter, parseDocument } from "yaml";
import { formatPath, ScenarioError, type ScenarioIssue } from "./errors.ts";
import { flattenIssues, humanErrorMap, type PlainIssue } from "./_issues.ts";
import { lineOfPath } from "./_yaml_lines.ts";
import { applyOverridesWithPaths } from "./overrides.ts";
import { type Scenario, ScenarioSchema } from "./schema.ts";
import { MAX_SCENARIO_BYTES } from "./limits.ts";

/** YAML aliases a scenario may expand; guards against "billion laughs" files. */
const MAX_ALIAS_COUNT = 100;

/** Options for loading a scenario. */
export interface LoadOptions {
  /** Overrides such as `training.rounds=5`, applied before validation. */
  sets?: readonly string[];
  /**
   * Checks owned by other layers (strategy params, privacy, cross-field
   * rules of the protocols), run once the schema passes; their problems are
   * located and reported like the schema's own.
   */
  checks?: readonly ScenarioCheck[];
}

/** A check another layer passes in: every problem of a schema-valid scenario, by path. */
export type ScenarioCheck = (scenario: Scenario) => PlainIssue[];

/**
 * Reads, validates and resolves a scenario file.
 * Throws `ScenarioError` (with every problem) when the file is missing or invalid.
 *
 * @example
 * ```ts
 * import { loadScenario } from "./load.ts";
 * const demo = await loadScenario("scenarios/demo.yaml", { sets: ["training.rounds=3"] });
 * if (!(demo.training.rounds === 3)) throw new Error("example failed");
 * ```
 */
export async function loadScenario(path: string, options: LoadOptions = {}): Promise<Scenario> {
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(path);
  } catch (err) {
    const message = err instanceof Deno.errors.NotFound
      ? "file not found (expected a scenario file, got no file at this path)"
      : err instanceof Deno.errors.IsADirectory
      ? "is a folder (expected a scenario file)"
      : `cannot be read (${err instanceof Error ? err.message : String(err)})`;
    throw new ScenarioError([{ file: path, line: null, path: "", message }]);
  }
  return parseScenario(scenarioText(bytes, path), path, options);
}

/** The text of a scenario file: UTF-8, no larger than {@linkcode MAX_SCENARIO_BYTES}. */
function scenarioText(bytes: Uint8Array, file: string): string {
  const fail = (message: string) => new ScenarioError([{ file, line: null, path: "", message }]);
  if (bytes.length > MAX_SCENARIO_BYTES) {
    throw fail(
      `is too large for a scenario (expected at most ${MAX_SCENARIO_BYTES} bytes, got ${bytes.length})`,
    );
  }
  // UTF-16 and binary files are full of NUL bytes, which no YAML text has.
  if (bytes.includes(0)) {
    throw fail(
      "is not UTF-8 text (expected a YAML or JSON file, got NUL bytes: binary or UTF-16?)",
    );
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw fail("is not UTF-8 text (expected a YAML or JSON file saved as UTF-8)");
  }
}

/**
 * Validates and resolves scenario text; `file` names it in messages.
 *
 * @example
 * ```ts
 * import { parseScenario } from "./load.ts";
 * const s = parseScenario("name: t\nsites: [{group: a, count: 3, samples: 50}]", "t.yaml");
 * if (!(s.totalSites === 3)) throw new Error("example failed");
 * ```
 */
export function parseScenario(text: string, file: string, options: LoadOptions = {}): Scenario {
  const lines = new LineCounter();
  let doc: Parameters<typeof lineOfPath>[0];
  try {
    doc = parseDocument(text, { lineCounter: lines });
  } catch (err) {
    throw new ScenarioError([{ file, line: null, path: "", message: unreadable(err) }]);
  }
  if (doc.errors.length > 0) {
    throw new ScenarioError(doc.errors.map((e) => ({
      file,
      line: e.linePos?.[0]?.line ?? null,
      path: "",
      // Pretty messages end their first line with " at line N, column M:"; the line is shown apart.
      message: /call stack/i.test(e.message)
        ? TOO_DEEP
        : `is not valid YAML (${firstLine(e.message).replace(/ at line \d+, column \d+:?$/, "")})`,
    })));
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    throw new ScenarioError([{ file, line: null, path: "", message: unreadable(err) }]);
  }
  const sets = options.sets ?? [];
  const { value, applied } = sets.length > 0
    ? applyOverridesWithPaths(raw, sets)
    : { value: raw, applied: [] };
  return validate(value, options.checks ?? [], (path) => {
    // The last override wins, so a problem under it is the override's, not the file's.
    const set = applied.findLast((s) => startsWith(path, s.path));
    if (set) return { file: `--set ${set.text}`, line: null };
    return { file, line: lineOfPath(doc, lines, path) };
  });
}

/**
 * The line of a dotted field path (`data.partition.label.dirichlet`) in
 * scenario text, for problems found after validation (e.g. a label
 * partition that cannot be drawn); null when the text does not parse.
 *
 * @example
 * ```ts
 * import { lineOfField } from "./load.ts";
 * if (lineOfField("name: t\ndata:\n  classes: 4\n", "data.classes") !== 3) throw new Error();
 * ```
 */
export function lineOfField(text: string, field: string): number | null {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  if (doc.errors.length > 0) return null;
  return lineOfPath(doc, lines, field.split("."));
}

/**
 * Validates and resolves a scenario given as data (e.g. built in code or a
 * test). Problems are reported against `file` without line numbers.
 *
 * @example
 * ```ts
 * import { resolveScenario } from "./load.ts";
 * const s = resolveScenario({ name: "t", sites: [{ group: "a", count: 2, samples: 10 }] });
 * if (!(s.training.rounds === 10)) throw new Error("example failed");
 * ```
 */
export function resolveScenario(
  raw: unknown,
  file = "<scenario>",
  checks: readonly ScenarioCheck[] = [],
): Scenario {
  return validate(raw, checks, () => ({ file, line: null }));
}

type Locate = (path: PropertyKey[]) => { file: string; line: number | null };

function validate(raw: unknown, checks: readonly ScenarioCheck[], locate: Locate): Scenario {
  if (raw === null || raw === undefined || typeof raw !== "object" || Array.isArray(raw)) {
    const { file, line } = locate([]);
    throw new ScenarioError([{
      file,
      line,
      path: "",
      message: `must be a mapping of scenario fields (expected name:, sites:, …, got ${
        raw === null || raw === undefined
          ? "an empty document"
          : Array.isArray(raw)
          ? "a list"
          : typeof raw
      })`,
    }]);
  }
  const result = ScenarioSchema.safeParse(raw, { error: humanErrorMap, reportInput: true });
  const plain = result.success
    ? checks.flatMap((check) => check(result.data))
    : flattenIssues(result.error.issues);
  if (result.success && plain.length === 0) return result.data;
  const issues: ScenarioIssue[] = plain.map(({ path, message }) => ({
    ...locate(path),
    path: formatPath(path),
    message,
  }));
  issues.sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity));
  throw new ScenarioError(issues);
}

function startsWith(path: readonly PropertyKey[], prefix: readonly PropertyKey[]): boolean {
  return prefix.length <= path.length && prefix.every((seg, i) => String(path[i]) === String(seg));
}

const TOO_DEEP =
  "is nested too deeply to be a scenario (expected a few levels of mappings and lists)";

/** A parser failure in words: deep nesting overflows the parser's stack. */
function unreadable(err: unknown): string {
  if (err instanceof RangeError && /call stack/i.test(err.message)) {
    return TOO_DEEP;
  }
  return `cannot be read (${err instanceof Error ? firstLine(err.message) : String(err)})`;
}

function firstLine(message: string): string {
  return message.split("\n")[0].trim();
}
