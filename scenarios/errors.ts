/**
 * Errors for people: a bad scenario reports every problem at once, each as
 * `file:line  path.to.field: what is wrong (what was expected, what was found)`.
 */

/** One problem in a scenario. */
export interface ScenarioIssue {
  /** The scenario file, or `--set key=value` for a problem in an override. */
  file: string;
  /** 1-based line in `file`, or null where there is none (missing file, override). */
  line: number | null;
  /** Dotted path of the field, e.g. `sites[2].count`; "" for the file as a whole. */
  path: string;
  /** What is wrong, e.g. `must be a positive integer (expected integer ≥ 1, got -3)`. */
  message: string;
}

/**
 * A scenario that cannot be used, with all of its problems.
 *
 * @example
 * ```ts
 * import { ScenarioError, formatScenarioError } from "./errors.ts";
 * const err = new ScenarioError([
 *   { file: "x.yaml", line: 3, path: "training.rounds", message: "must be a positive integer" },
 * ]);
 * if (!(formatScenarioError(err) === "x.yaml:3  training.rounds: must be a positive integer")) throw new Error("example failed");
 * ```
 */
export class ScenarioError extends Error {
  /** Every problem found, in file and line order. */
  readonly issues: ScenarioIssue[];

  constructor(issues: ScenarioIssue[]) {
    const first = issues[0];
    super(
      first === undefined
        ? "Invalid scenario"
        : `${formatScenarioIssue(first)}${
          issues.length > 1 ? ` (and ${issues.length - 1} more problems)` : ""
        }`,
    );
    this.name = "ScenarioError";
    this.issues = issues;
  }

  /** The file of the first problem. */
  get file(): string {
    return this.issues[0]?.file ?? "";
  }
}

/** Renders one issue as `file:line  path: message`. */
export function formatScenarioIssue(issue: ScenarioIssue): string {
  const where = issue.line === null ? issue.file : `${issue.file}:${issue.line}`;
  const what = issue.path === "" ? issue.message : `${issue.path}: ${issue.message}`;
  return `${where}  ${what}`;
}

/** Renders every issue of a scenario error, one line each. */
export function formatScenarioError(err: ScenarioError): string {
  return err.issues.map(formatScenarioIssue).join("\n");
}

/** Renders a path as `training.rounds` or `sites[2].samples`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else out += out === "" ? String(seg) : `.${String(seg)}`;
  }
  return out;
}
