/** Shared argument checks for the robust rules. */
export function checkVectors(vectors: readonly Float32Array[], rule: string): number {
  if (vectors.length === 0) {
    throw new RangeError(`Expected ${rule} to get at least one vector but found none`);
  }
  const length = vectors[0].length;
  for (let i = 1; i < vectors.length; i++) {
    if (vectors[i].length !== length) {
      throw new RangeError(
        `Expected every vector given to ${rule} to have length ${length} but found ${
          vectors[i].length
        } at index ${i}`,
      );
    }
  }
  return length;
}
