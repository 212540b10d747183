/** The manifest of a run directory: seed, versions, backend and hashes. */
import denoJson from "../deno.json" with { type: "json" };
import type { RunResults } from "../sim/results/results.ts";
import type { Execution, Manifest } from "./types.ts";
import { helpersThatRan } from "../sim/native/c_library.ts";

/** Folder that holds deno.json; git is asked about this checkout. */
const PROJECT_ROOT = new URL("..", import.meta.url);

/** Everything a manifest records that the run directory writer computes. */
export interface ManifestInput {
  results: RunResults;
  scenarioSha256: string;
  resultsSha256: string;
  resultsHash: string;
  wallSeconds: number;
  command: string;
  /** Defaults to now. */
  createdAt?: Date;
  /** How the run was executed, when the caller knows. */
  execution?: Execution;
  /** Which helpers ran, by library; default: what this process loaded (sim/native). */
  nativeHelpers?: Record<string, "C" | "JavaScript">;
}

/** Builds the manifest, asking git for the current commit (null when git or a checkout is missing). */
export async function buildManifest(input: ManifestInput): Promise<Manifest> {
  const extras = input.results.extras ?? {};
  return {
    name: input.results.name,
    rootSeed: input.results.seed,
    renkeiVersion: denoJson.version,
    gitCommit: await gitCommit(),
    deno: Deno.version.deno,
    v8: Deno.version.v8,
    typescript: Deno.version.typescript,
    tfjs: typeof extras.tfjsVersion === "string" ? extras.tfjsVersion : pinnedTfjsVersion(),
    backend: typeof extras.backend === "string" ? extras.backend : null,
    backendDetail: typeof extras.backendDetail === "string" ? extras.backendDetail : null,
    scenarioSha256: input.scenarioSha256,
    resultsSha256: input.resultsSha256,
    resultsHash: input.resultsHash,
    wallSeconds: input.wallSeconds,
    createdAt: (input.createdAt ?? new Date()).toISOString(),
    command: input.command,
    // What this process ran for each compiled helper it asked for: "C" or the JavaScript fallback.
    nativeHelpers: input.nativeHelpers ?? helpersThatRan(),
    ...(input.execution === undefined ? {} : { execution: input.execution }),
  };
}

/** The TensorFlow.js version the import map pins, e.g. "4.22.0". */
export function pinnedTfjsVersion(): string {
  const spec = (denoJson.imports as Record<string, string>)["@tensorflow/tfjs-core"] ?? "";
  return spec.slice(spec.lastIndexOf("@") + 1) || "unknown";
}

/** `git rev-parse HEAD` in the project root, or null when that fails for any reason. */
export async function gitCommit(): Promise<string | null> {
  try {
    const out = await new Deno.Command("git", {
      args: ["rev-parse", "HEAD"],
      cwd: PROJECT_ROOT,
      stdout: "piped",
      stderr: "null",
    }).output();
    const sha = new TextDecoder().decode(out.stdout).trim();
    return out.success && /^[0-9a-f]{40}$/.test(sha) ? sha : null;
  } catch {
    return null;
  }
}

/** Checks the parsed `manifest.json` has the fields a report reads. */
export function parseManifest(raw: unknown, source: string): Manifest {
  if (raw === null || typeof raw !== "object") {
    throw new TypeError(
      `Expected ${source} to hold an object but found ${raw === null ? "null" : typeof raw}`,
    );
  }
  const m = raw as Record<string, unknown>;
  for (const key of ["rootSeed", "wallSeconds"]) {
    if (typeof m[key] !== "number") {
      throw new TypeError(
        `Expected ${source} field ${key} to be a number but found ${typeof m[key]}`,
      );
    }
  }
  for (
    const key of ["renkeiVersion", "resultsHash", "resultsSha256", "scenarioSha256", "command"]
  ) {
    if (typeof m[key] !== "string") {
      throw new TypeError(
        `Expected ${source} field ${key} to be a string but found ${typeof m[key]}`,
      );
    }
  }
  return m as unknown as Manifest;
}
