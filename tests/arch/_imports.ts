/**
 * The import graph between Renkei's top folders, read from the source text,
 * and the layer order it must follow: a folder imports only folders to its
 * left in native ← engine ← world ← data ← models ← scenarios ← results ←
 * robustness ← fl/split ← exec ← reports ← cli. `tools/` and `tests/` may
 * import anything. `sim/native` (the C loader) sits at the bottom because both
 * the data generators and the model kernels call it; `scenarios/` (the schema)
 * sits above models because it names model and data kinds, and below results
 * because every run stage reads a scenario.
 */
import { dirname, join, normalize, relative } from "node:path";

/** Layer of each top folder: an import may go to the same or a lower number. */
export const LAYERS: Readonly<Record<string, number>> = {
  "deno.json": -1,
  "sim/native": 0,
  "sim/engine": 1,
  "sim/world": 2,
  "sim/data": 3,
  models: 4,
  scenarios: 5,
  "sim/results": 6,
  "sim/robustness": 7,
  "sim/fl": 8,
  "sim/split": 8,
  "sim/exec": 9,
  reports: 10,
  cli: 11,
  "cli.ts": 11,
  tools: 12,
  tests: 13,
};

/** One relative import from one source file to another. */
export interface ImportEdge {
  from: string;
  to: string;
}

/** Top folder of a repository path: `sim/<name>` under sim/, else the first segment. */
export function topFolder(path: string): string {
  const parts = path.split("/");
  if (parts[0] === "sim" && parts.length > 2) return `sim/${parts[1]}`;
  return parts[0];
}

// Static imports and re-exports, dynamic imports, and worker URLs. Lines that
// open with `*` or `//` are comments (JSDoc examples import from themselves).
const SPECIFIER =
  /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|new URL\(\s*)["'](\.{1,2}\/[^"']+)["']/g;

/** Relative imports written in `text`, a file at repository path `file`. */
export function importsOf(file: string, text: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const line of text.split("\n")) {
    const trimmed = line.trimStart();
    if (trimmed.startsWith("*") || trimmed.startsWith("//")) continue;
    for (const match of line.matchAll(SPECIFIER)) {
      const to = normalize(join(dirname(file), match[1]));
      if (/\.(ts|json)$/.test(to)) edges.push({ from: file, to });
    }
  }
  return edges;
}

/** A problem in the graph, as a sentence naming both files. */
export function layerViolations(edges: ImportEdge[]): string[] {
  const problems: string[] = [];
  for (const { from, to } of edges) {
    const a = topFolder(from), b = topFolder(to);
    if (a === b) continue;
    const la = LAYERS[a], lb = LAYERS[b];
    if (la === undefined || lb === undefined) {
      problems.push(`${from} -> ${to}: folder ${la === undefined ? a : b} has no layer`);
    } else if (lb > la) {
      problems.push(`${from} -> ${to}: ${a} (layer ${la}) imports upward into ${b} (layer ${lb})`);
    }
  }
  return problems.concat(folderCycles(edges));
}

/** Cycles between distinct top folders (possible only between folders of one layer). */
export function folderCycles(edges: ImportEdge[]): string[] {
  const next = new Map<string, Set<string>>();
  for (const { from, to } of edges) {
    const a = topFolder(from), b = topFolder(to);
    if (a === b) continue;
    if (!next.has(a)) next.set(a, new Set());
    next.get(a)!.add(b);
  }
  const problems: string[] = [];
  for (const start of next.keys()) {
    const seen = new Set<string>();
    const stack = [...(next.get(start) ?? [])];
    while (stack.length > 0) {
      const folder = stack.pop()!;
      if (folder === start) {
        problems.push(`${start} imports itself through a cycle of folders`);
        break;
      }
      if (seen.has(folder)) continue;
      seen.add(folder);
      stack.push(...(next.get(folder) ?? []));
    }
  }
  return problems;
}

const SKIPPED = new Set(["node_modules", "runs", ".git", ".cache"]);

/** Every `.ts` file under `root`, as repository paths. */
export function sourceFiles(root: string, dir = root): string[] {
  const files: string[] = [];
  for (const entry of Deno.readDirSync(dir)) {
    if (SKIPPED.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory) files.push(...sourceFiles(root, path));
    else if (entry.isFile && entry.name.endsWith(".ts")) files.push(relative(root, path));
  }
  return files;
}

/** The repository's import graph. */
export function repositoryImports(root: string): ImportEdge[] {
  return sourceFiles(root).flatMap((file) =>
    importsOf(file, Deno.readTextFileSync(join(root, file)))
  );
}

/** A function or method longer than allowed, as `path:line name (n lines)`. */
export interface LongFunction {
  path: string;
  line: number;
  name: string;
  lines: number;
}

const TOP_FUNCTION = /^(?:export )?(?:default )?(?:async )?function\*? (\w+)/;
const METHOD =
  /^ {2}(?:(?:static|async|private|public|protected|get|set|readonly) )*(#?\w+)\s*[<(]/;
const NOT_METHODS = new Set(["if", "for", "while", "switch", "return", "catch", "constructor"]);

/**
 * Top-level functions and class methods (as `deno fmt` lays them out: the
 * body closes with `}` at the indentation the declaration opened at) longer
 * than `limit` lines in `text`.
 */
export function longFunctions(path: string, text: string, limit: number): LongFunction[] {
  const lines = text.split("\n");
  const found: LongFunction[] = [];
  lines.forEach((line, i) => {
    const top = TOP_FUNCTION.exec(line);
    const method = top === null && /[{(]$/.test(line) ? METHOD.exec(line) : null;
    const name = top?.[1] ?? method?.[1];
    if (name === undefined || NOT_METHODS.has(name)) return;
    const close = top !== null ? "}" : "  }";
    let end = i + 1;
    while (end < lines.length && !lines[end].startsWith(close) && lines[end] !== "}") end++;
    const n = end - i + 1;
    if (n > limit) found.push({ path, line: i + 1, name, lines: n });
  });
  return found;
}
