/** Sizing of the paper preset's trunk so the whole model hits a parameter target. */

/**
 * Width `W` (a multiple of 8) of a trunk of `depth` Dense(W)+LayerNorm blocks
 * fed by `inputWidth` features and followed by a Dense(classes) head, such
 * that trunk + head parameters come closest to `budget`:
 * (depth−1)·W² + (inputWidth + 3·depth + classes)·W + classes = budget.
 */
export function solveTrunkWidth(
  budget: number,
  inputWidth: number,
  depth: number,
  classes: number,
): number {
  if (!(budget > 0)) {
    throw new RangeError(`Expected a positive parameter budget for the trunk but found ${budget}`);
  }
  const a = depth - 1;
  const b = inputWidth + 3 * depth + classes;
  const c = classes - budget;
  const w = a === 0 ? -c / b : (-b + Math.sqrt(b * b - 4 * a * c)) / (2 * a);
  return Math.max(8, Math.round(w / 8) * 8);
}
