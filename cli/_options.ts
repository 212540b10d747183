/** Option parsers shared by the `renkei` commands. */
import { InvalidArgumentError, Option } from "commander";
import { UsageError } from "./exit.ts";

/** A commander parser for option `name`: a whole number of at least `min`, else a usage error. */
export function wholeNumber(name: string, min: number): (text: string) => number {
  return (text: string): number => {
    const n = Number(text);
    if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < min) {
      throw new InvalidArgumentError(
        `Expected ${name} to be an integer ≥ ${min} but found ${JSON.stringify(text)}.`,
      );
    }
    return n;
  };
}

/** The `--backend` choices (models/backend.ts `BackendName`, without importing TensorFlow.js). */
export const BACKEND_CHOICES = ["wasm", "cpu", "native"] as const;

/** `--backend <name>`: the TensorFlow.js backend, for `run`, `sweep` and `bench train`. */
export function backendOption(defaultValue?: string): Option {
  const option = new Option(
    "--backend <name>",
    "TensorFlow.js backend: wasm, cpu, or native (wasm + system BLAS; see docs/PERFORMANCE.md)",
  ).choices([...BACKEND_CHOICES]);
  return defaultValue === undefined ? option : option.default(defaultValue);
}

/**
 * Makes `name` the backend of everything this process starts, workers
 * included (they read RENKEI_BACKEND), after checking that a native backend
 * can load its BLAS: a missing library is the person's to fix (exit 2), not a
 * stack trace halfway through a run.
 */
export async function useBackend(
  name: string | undefined,
  warn: (line: string) => void = () => {},
): Promise<void> {
  if (name === undefined) return;
  if (name === "native") {
    const { loadBlas, missingBlasMessage } = await import("../models/kernels/native/blas.ts");
    if (loadBlas() === undefined) {
      throw new UsageError(`--backend native: ${missingBlasMessage("; ")}`);
    }
    // The helpers are optional (JavaScript does the same work, slower): say so once.
    const { loadHelpers, helpersUnavailableReason } = await import(
      "../models/kernels/native/helpers.ts"
    );
    if (await loadHelpers() === undefined) {
      warn(
        `renkei: native backend without its compiled helpers (${helpersUnavailableReason()}); ` +
          "using the JavaScript ones. Install a C compiler (Debian: apt-get install gcc) for full speed.",
      );
    }
  }
  Deno.env.set("RENKEI_BACKEND", name);
}
