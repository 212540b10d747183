import { assert, assertEquals, assertNear, assertThrows, assertVectorNear } from "../../_assert.ts";
import {
  aggregateVectors,
  attackUpdate,
  clipToNorm,
  clipUpdates,
  coordinateMedian,
  krum,
  krumScores,
  multiKrum,
  selectKth,
  trimmedMean,
} from "../../../sim/fl/strategies/robust/mod.ts";

const col = (xs: number[]) => xs.map((x) => new Float32Array([x]));

Deno.test("coordinateMedian() takes the middle value per coordinate, even and odd counts", () => {
  assertEquals(Array.from(coordinateMedian(col([5, 1, 3]))), [3]);
  assertEquals(Array.from(coordinateMedian(col([5, 1, 3, 100]))), [4]);
  const m = coordinateMedian([
    new Float32Array([1, -1]),
    new Float32Array([2, -2]),
    new Float32Array([1e9, 1e9]),
  ]);
  assertEquals(Array.from(m), [2, -1]);
});

Deno.test("selectKth() agrees with sorting on awkward inputs", () => {
  const inputs = [
    [3, 3, 3, 3],
    [5, 4, 3, 2, 1, 0],
    Array.from({ length: 101 }, (_, i) => Math.sin(i * 12.9898) * 43758.5453 % 1),
  ];
  for (const xs of inputs) {
    const sorted = [...xs].sort((a, b) => a - b);
    for (let k = 0; k < xs.length; k++) {
      assertEquals(selectKth(Float64Array.from(xs), xs.length, k), sorted[k]);
    }
  }
});

Deno.test("trimmedMean() drops ⌊βn⌋ values at each end per coordinate", () => {
  assertEquals(Array.from(trimmedMean(col([1, 2, 3, 4, 1000]), 0.2)), [3]);
  assertNear(trimmedMean(col([1, 2, 3, 4, 1000]), 0)[0], 202, 1e-4);
  assertThrows(() => trimmedMean(col([1, 2]), 0.5), RangeError, "[0, 0.5)");
});

Deno.test("krum() picks a benign update among Byzantine ones", () => {
  const benign = [0, 0.1, -0.1, 0.05, -0.05].map((x) => new Float32Array([x, 1 + x]));
  const byzantine = [new Float32Array([50, -50]), new Float32Array([49, -51])];
  const { selected, vector } = krum([...byzantine, ...benign], 2);
  assert(selected[0] >= 2, `picked Byzantine index ${selected[0]}`);
  assert(Math.abs(vector[0]) <= 0.1);
});

Deno.test("krumScores() sums squared distances to the n − f − 2 nearest neighbours", () => {
  const scores = krumScores(col([0, 1, 3, 10, 20]), 1);
  // n − f − 2 = 2: 0 → {1, 9}; 1 → {1, 4}; 3 → {4, 9}; 10 → {49, 81}; 20 → {100, 289}
  assertEquals(scores, [10, 5, 13, 130, 389]);
});

Deno.test("multiKrum() averages the m best-scored updates", () => {
  const { selected, vector } = multiKrum(col([0, 1, 3, 10, 20]), 1, 2);
  assertEquals(selected, [1, 0]);
  assertEquals(vector[0], 0.5);
  assertThrows(() => multiKrum(col([0, 1, 3, 10, 20]), 1, 6), RangeError, "1..5");
  assertThrows(() => krum(col([0, 1, 2, 3]), 1), RangeError, "2f + 3");
});

Deno.test("clipToNorm() shortens long vectors and leaves short ones alone", () => {
  assertVectorNear(clipToNorm(new Float32Array([3, 4]), 2.5), [1.5, 2], 1e-6);
  assertEquals(Array.from(clipToNorm(new Float32Array([0.3, 0.4]), 2.5)), [
    Math.fround(0.3),
    Math.fround(0.4),
  ]);
});

Deno.test("clipUpdates() clips deltas around the start to a bound or the median norm", () => {
  const start = new Float32Array([1, 1]);
  const vs = [[1, 2], [1, 3], [1, 21]].map((v) => new Float32Array(v)); // delta norms 1, 2, 20
  const med = clipUpdates(start, vs, "median");
  assertEquals(med.bound, 2);
  assertEquals(med.norms, [1, 2, 20]);
  assertVectorNear(med.vectors[2], [1, 3], 1e-6);
  assertVectorNear(clipUpdates(start, vs, 0.5).vectors[0], [1, 1.5], 1e-6);
});

Deno.test("aggregateVectors() uses weights only for the mean", () => {
  const vs = col([0, 10, 20]);
  assertEquals(aggregateVectors("mean", vs, [0, 0, 1])[0], 20);
  assertEquals(aggregateVectors("median", vs, [0, 0, 1])[0], 10);
  assertThrows(() => aggregateVectors("mode" as never, vs, [1, 1, 1]), RangeError, "median");
});

Deno.test("attackUpdate() flips, scales or replaces the update deterministically", () => {
  const start = new Float32Array([1, 1]);
  const local = new Float32Array([2, 0]);
  assertEquals(Array.from(attackUpdate("sign-flip", start, local)), [0, 2]);
  assertEquals(Array.from(attackUpdate("scale", start, local, { scale: 3 })), [4, -2]);
  const a = attackUpdate("gaussian", start, local, { std: 2, seed: 5 });
  const b = attackUpdate("gaussian", start, local, { std: 2, seed: 5 });
  assertEquals(Array.from(a), Array.from(b));
  assert(a[0] !== 1 && a[1] !== 1);
  assertThrows(() => attackUpdate("flip" as never, start, local), RangeError, "sign-flip");
});
