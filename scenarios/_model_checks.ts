/**
 * Cross-field rules of `model:` that need no data shapes: a declared model
 * has both its encoders and its head, and takes no preset options. Whether
 * its layers fit the data's shapes is the preflight's model check.
 */
import type { ScenarioFields } from "./schema.ts";

type Fail = (path: (string | number)[], message: string, input: unknown) => void;

/** Adds the declared-model problems of `s` through `fail`. */
export function checkModelForm(s: ScenarioFields, fail: Fail): void {
  const m = s.model;
  const declared = m.preset === "declared";
  if (m.encoders !== undefined && !declared) {
    fail(
      ["model", "preset"],
      `must be left out (or declared) when encoders are given (got ${m.preset}; ` +
        "a model is either a preset or declared layers)",
      m.preset,
    );
    return;
  }
  if (!declared) {
    if (m.head !== undefined) {
      fail(["model", "head"], "needs encoders beside it (expected model.encoders too)", m.head);
    }
    return;
  }
  if (m.encoders === undefined) {
    fail(
      ["model", "encoders"],
      "must give one layer list per modality for a declared model (expected e.g. " +
        "{image: [...]}; [] passes a flat input through)",
      undefined,
    );
  }
  if (m.head === undefined || m.head.length === 0) {
    fail(
      ["model", "head"],
      "must list the head's layers, ending with the output {dense: {units: <classes>}}",
      m.head,
    );
  }
  if (m.width !== 1) {
    fail(
      ["model", "width"],
      `does not apply to a declared model (expected 1 or left out, got ${m.width}; declare the widths)`,
      m.width,
    );
  }
  if (m.norm !== undefined) {
    fail(
      ["model", "norm"],
      `does not apply to a declared model (expected it left out, got ${m.norm}; ` +
        "declare batchNorm or layerNorm layers)",
      m.norm,
    );
  }
}
