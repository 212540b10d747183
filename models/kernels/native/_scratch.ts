/**
 * One growing scratch buffer per thread for patch matrices. Kernels run every
 * training step with the same shapes, so allocating a fresh 10 – 40 MB array
 * each call would only feed the garbage collector.
 */
let scratch = new Float32Array(0);

/** A buffer of at least `size` floats; its contents are garbage. Valid until the next call. */
export function scratchF32(size: number): Float32Array {
  if (scratch.length < size) scratch = new Float32Array(Math.max(size, scratch.length * 1.5));
  return scratch;
}
