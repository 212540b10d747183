/**
 * The model part of the preflight: a scenario's `model:` block as written
 * (structurally, so models/ need not know the scenario type) checked against
 * the shapes and classes of its data, with paths inside `model`.
 */
import type { Modality } from "../sim/data/types.ts";
import { declaredFromWritten, type DeclaredModel, type WrittenLayer } from "./declared.ts";
import {
  declaredShapeProblems,
  declaredWeightShapes,
  type ShapeProblem,
} from "./declared_shapes.ts";
import { readSavedWeights, type SavedTensor, savedWeightProblems } from "./saved_weights.ts";

/** The fields of a scenario's `model:` block a declared model uses. */
export interface WrittenModel {
  preset: string;
  encoders?: Partial<Record<Modality, WrittenLayer[] | undefined>>;
  head?: WrittenLayer[];
  fusion: "concat" | "gated" | "attention";
  /** Saved weights to start from (a TF.js model.json). */
  init?: string;
}

/** The declaration a written `model:` block holds, or undefined for a preset. */
export function writtenDeclaration(model: WrittenModel): DeclaredModel | undefined {
  if (model.preset !== "declared" || model.encoders === undefined || model.head === undefined) {
    return undefined;
  }
  const encoders = Object.fromEntries(
    Object.entries(model.encoders).filter(([, layers]) => layers !== undefined),
  ) as Partial<Record<Modality, WrittenLayer[]>>;
  return declaredFromWritten(encoders, model.fusion, model.head);
}

/**
 * Shape problems of a written declared model for data of `shapes` and
 * `classes` (none for a preset, whose builder adapts to any shapes).
 *
 * @example
 * ```ts
 * import { writtenModelProblems } from "./declared_check.ts";
 * const [p] = writtenModelProblems(
 *   { preset: "declared", encoders: { tabular: [] }, head: [{ dense: { units: 3 } }], fusion: "concat" },
 *   { tabular: [60] },
 *   10,
 * );
 * if (p.path.join(".") !== "head.0") throw new Error(p.message);
 * ```
 */
export function writtenModelProblems(
  model: WrittenModel,
  shapes: Partial<Record<Modality, readonly number[]>>,
  classes: number,
): ShapeProblem[] {
  const declared = writtenDeclaration(model);
  const problems = declared === undefined ? [] : declaredShapeProblems(declared, shapes, classes);
  if (model.init === undefined) return problems;
  let saved: SavedTensor[];
  try {
    saved = readSavedWeights(model.init);
  } catch (err) {
    const message = `must name a readable TF.js model.json with its weight files (${
      (err as Error).message
    })`;
    return [...problems, { path: ["init"], message }];
  }
  // A declared model's weights are known from its layers; a preset's only once built.
  const expected = declared === undefined || problems.length > 0
    ? undefined
    : declaredWeightShapes(declared, shapes);
  if (expected === undefined) return problems;
  const mismatch = savedWeightProblems(saved, expected);
  if (mismatch.length === 0) return problems;
  return [...problems, {
    path: ["init"],
    message: `must hold weights of this model's shapes (${mismatch.slice(0, 3).join("; ")}${
      mismatch.length > 3 ? `; ${mismatch.length - 3} more` : ""
    })`,
  }];
}
