/** Checks a `ModelSpec` and reports what is wrong in words. */
import { MODALITIES, type Modality } from "../sim/data/types.ts";
import type { ModelSpec } from "./types.ts";
import { declaredShapeProblems } from "./declared_shapes.ts";

const PRESETS = ["tiny", "small", "base", "paper", "reference"];
const FUSIONS = ["concat", "gated", "attention"];
const NORMS = ["batch", "layer", "none"];
/** Allowed input ranks per modality (without the batch axis). */
const RANKS: Record<Modality, number[]> = {
  image: [2, 3],
  series: [1, 2],
  tabular: [1],
  tokens: [1],
};
/** The plan's target: a model fusing at least three modalities at ~150M. */
export const PAPER_MIN_MODALITIES = 3;

/** The modalities a spec uses, in the fixed MODALITIES order. */
export function specModalities(spec: ModelSpec): Modality[] {
  return MODALITIES.filter((m) => spec.shapes[m] !== undefined);
}

/** Throws a TypeError or RangeError naming the first problem with `spec`. */
export function validateSpec(spec: ModelSpec): void {
  if (!PRESETS.includes(spec.preset) && spec.preset !== "declared") {
    throw new TypeError(
      `Expected preset to be one of ${PRESETS.join(", ")} or declared but found ${spec.preset}`,
    );
  }
  if ((spec.preset === "declared") !== (spec.declared !== undefined)) {
    throw new TypeError(
      `Expected layers (declared) exactly when preset is declared but found preset ${spec.preset} ${
        spec.declared === undefined ? "without" : "with"
      } layers`,
    );
  }
  if (!Number.isInteger(spec.classes) || spec.classes < 2) {
    throw new RangeError(
      `Expected classes to be an integer of at least 2 but found ${spec.classes}`,
    );
  }
  for (const key of Object.keys(spec.shapes)) {
    if (!(MODALITIES as readonly string[]).includes(key)) {
      throw new TypeError(`Expected shapes to name only ${MODALITIES.join(", ")} but found ${key}`);
    }
  }
  const modalities = specModalities(spec);
  if (modalities.length === 0) {
    throw new RangeError("Expected shapes to give at least one modality but found none");
  }
  for (const m of modalities) {
    const shape = spec.shapes[m]!;
    if (!RANKS[m].includes(shape.length) || !shape.every((d) => Number.isInteger(d) && d > 0)) {
      throw new RangeError(
        `Expected shapes.${m} to be ${
          RANKS[m].join(" or ")
        } positive integers but found [${shape}]`,
      );
    }
  }
  if (spec.preset === "paper" && modalities.length < PAPER_MIN_MODALITIES) {
    throw new RangeError(
      `Expected the paper preset to fuse at least ${PAPER_MIN_MODALITIES} modalities but found ${modalities.length}`,
    );
  }
  if (spec.fusion !== undefined && !FUSIONS.includes(spec.fusion)) {
    throw new TypeError(
      `Expected fusion to be one of ${FUSIONS.join(", ")} but found ${spec.fusion}`,
    );
  }
  if (spec.norm !== undefined && !NORMS.includes(spec.norm)) {
    throw new TypeError(`Expected norm to be one of ${NORMS.join(", ")} but found ${spec.norm}`);
  }
  if (spec.declared !== undefined) {
    const problem = declaredShapeProblems(spec.declared, spec.shapes, spec.classes)[0];
    if (problem !== undefined) {
      throw new RangeError(
        `Expected a model whose shapes fit but found model.${
          problem.path.join(".")
        } ${problem.message}`,
      );
    }
  }
  const rate = spec.modalityDropout ?? 0;
  if (!(rate >= 0 && rate < 1)) {
    throw new RangeError(`Expected modalityDropout in [0, 1) but found ${rate}`);
  }
  const width = spec.width ?? 1;
  if (!(width > 0 && Number.isFinite(width))) {
    throw new RangeError(`Expected width to be a positive number but found ${width}`);
  }
  if (!Number.isInteger(spec.seed)) {
    throw new TypeError(`Expected seed to be an integer but found ${spec.seed}`);
  }
  if (spec.vocab !== undefined && !(Number.isInteger(spec.vocab) && spec.vocab >= 2)) {
    throw new RangeError(`Expected vocab to be an integer of at least 2 but found ${spec.vocab}`);
  }
}
