/** Checks on a {@link Partition}, shared by the planner and the split step. */
import type { Partition } from "./types.ts";

/**
 * Throws unless `bounds` starts at 0, ends at `stages`, never decreases and
 * (unless raw data may move) gives the data-owning device 0 at least one stage.
 */
export function checkPartition(
  bounds: Partition,
  stages: number,
  allowRawDataTransfer = false,
): void {
  if (bounds.length < 2 || bounds[0] !== 0 || bounds[bounds.length - 1] !== stages) {
    throw new RangeError(
      `Expected partition bounds from 0 to ${stages} but found [${bounds.join(", ")}]`,
    );
  }
  for (let d = 0; d + 1 < bounds.length; d++) {
    if (!Number.isInteger(bounds[d + 1]) || bounds[d + 1] < bounds[d]) {
      throw new RangeError(
        `Expected non-decreasing integer partition bounds but found [${bounds.join(", ")}]`,
      );
    }
  }
  if (!allowRawDataTransfer && bounds[1] === 0) {
    throw new RangeError(
      `Expected the data-owning device to run at least the first stage (raw data stays on it) but found bounds [${
        bounds.join(", ")
      }]`,
    );
  }
}

/** Every partition of `stages` stages over `devices` devices, device 0 first. */
export function* allPartitions(
  stages: number,
  devices: number,
  allowRawDataTransfer = false,
): Generator<Partition> {
  const bounds = new Array<number>(devices + 1).fill(0);
  bounds[devices] = stages;
  function* fill(d: number): Generator<Partition> {
    if (d === devices) {
      yield [...bounds];
      return;
    }
    const lowest = d === 1 && !allowRawDataTransfer ? Math.max(1, bounds[0]) : bounds[d - 1];
    for (let b = lowest; b <= stages; b++) {
      bounds[d] = b;
      yield* fill(d + 1);
    }
  }
  if (devices === 1) {
    yield [0, stages];
    return;
  }
  yield* fill(1);
}
