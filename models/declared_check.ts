/**
 * The model part of the preflight: a scenario's `model:` block as written
 * (structurally, so models/ need not know the scenario type) checked against
 * the shapes and classes of its data, with paths inside `model`.
 */
import type { Modality } from "../sim/data/types.ts";
import { declaredFromWritten, type DeclaredModel, type WrittenLayer } from "./declared.ts";
import { declaredShapeProblems, type ShapeProblem } from "./declared_shapes.ts";

/** The fields of a scenario's `model:` block a declared model uses. */
export interface WrittenModel {
  preset: string;
  encoders?: Partial<Record<Modality, WrittenLayer[] | undefined>>;
  head?: WrittenLayer[];
  fusion: "concat" | "gated" | "attention";
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
  return declared === undefined ? [] : declaredShapeProblems(declared, shapes, classes);
}
