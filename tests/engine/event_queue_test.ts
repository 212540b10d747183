import assert from "node:assert/strict";
import { EventQueue, Rng } from "../../sim/engine/mod.ts";

function drain<T>(q: EventQueue<T>): T[] {
  const out: T[] = [];
  for (let e = q.pop(); e !== undefined; e = q.pop()) out.push(e.value);
  return out;
}

Deno.test("EventQueue pops events in time order", () => {
  const q = new EventQueue<number>();
  for (const t of [5, 1, 4, 2, 3]) q.push(t, t);
  assert.deepEqual(drain(q), [1, 2, 3, 4, 5]);
});

Deno.test("EventQueue breaks time ties by ascending priority, then by insertion order", () => {
  const q = new EventQueue<string>();
  q.push(1, "b-prio1-first", 1);
  q.push(1, "a-prio0-first", 0);
  q.push(1, "b-prio1-second", 1);
  q.push(1, "c-prio-1", -1);
  q.push(1, "a-prio0-second", 0);
  assert.deepEqual(drain(q), [
    "c-prio-1",
    "a-prio0-first",
    "a-prio0-second",
    "b-prio1-first",
    "b-prio1-second",
  ]);
});

Deno.test("EventQueue matches a stable sort on many random events with ties", () => {
  const rng = new Rng("queue-order");
  const q = new EventQueue<number>();
  const expected: { t: number; p: number; i: number }[] = [];
  for (let i = 0; i < 5000; i++) {
    const t = rng.int(200); // many equal times
    const p = rng.int(3);
    q.push(t, i, p);
    expected.push({ t, p, i });
  }
  expected.sort((a, b) => a.t - b.t || a.p - b.p || a.i - b.i);
  assert.deepEqual(drain(q), expected.map((e) => e.i));
});

Deno.test("EventQueue skips cancelled events and counts only live ones", () => {
  const q = new EventQueue<string>();
  const a = q.push(1, "a");
  const b = q.push(2, "b");
  q.push(3, "c");
  assert.equal(q.cancel(b), true);
  assert.equal(q.cancel(b), false, "cancelling twice reports false");
  assert.equal(b.cancelled, true);
  assert.equal(q.size, 2);
  a.cancelled = true; // setting the flag is the same as cancel()
  assert.equal(q.size, 1);
  assert.deepEqual(drain(q), ["c"]);
});

Deno.test("EventQueue refuses to cancel an event that already left or belongs elsewhere", () => {
  const q = new EventQueue<string>();
  const other = new EventQueue<string>();
  const a = q.push(1, "a");
  const foreign = other.push(1, "x");
  assert.equal(q.cancel(foreign), false);
  assert.equal(q.pop()?.value, "a");
  assert.equal(q.cancel(a), false);
  assert.equal(a.cancelled, false);
  assert.throws(() => {
    const c = other.push(2, "c");
    c.cancelled = true;
    c.cancelled = false;
  }, TypeError);
});

Deno.test("EventQueue stays correct when most events are cancelled (compaction)", () => {
  const rng = new Rng("queue-cancel");
  const q = new EventQueue<number>();
  const handles = [];
  for (let i = 0; i < 6000; i++) handles.push(q.push(rng.uniform() * 100, i, rng.int(2)));
  const kept = new Set<number>();
  for (const h of handles) {
    if (rng.bernoulli(0.9)) q.cancel(h);
    else kept.add(h.id);
  }
  assert.equal(q.size, kept.size);
  const expected = handles.filter((h) => kept.has(h.id))
    .sort((a, b) => a.time - b.time || a.priority - b.priority || a.id - b.id)
    .map((h) => h.id);
  assert.deepEqual(drain(q), expected);
  assert.equal(q.size, 0);
});

Deno.test("EventQueue.peek shows the next live event without removing it", () => {
  const q = new EventQueue<string>();
  assert.equal(q.peek(), undefined);
  const first = q.push(1, "first");
  q.push(2, "second");
  q.cancel(first);
  assert.equal(q.peek()?.value, "second");
  assert.equal(q.size, 1);
  assert.deepEqual(q.toSortedArray().map((e) => e.value), ["second"]);
  q.clear();
  assert.equal(q.size, 0);
  assert.equal(q.pop(), undefined);
});

Deno.test("EventQueue rejects non-finite times and priorities", () => {
  const q = new EventQueue<string>();
  assert.throws(() => q.push(NaN, "x"), RangeError);
  assert.throws(() => q.push(Infinity, "x"), RangeError);
  assert.throws(() => q.push(1, "x", NaN), RangeError);
});

Deno.test("EventQueue ignores an old handle whose storage was reused by a newer event", () => {
  const q = new EventQueue<string>();
  const old = q.push(1, "old");
  assert.equal(q.pop()?.value, "old");
  const fresh = q.push(2, "fresh"); // reuses the freed slot
  assert.equal(q.cancel(old), false);
  old.cancelled = true; // also a no-op through the setter
  assert.equal(fresh.cancelled, false);
  assert.equal(q.size, 1);
  assert.equal(q.pop()?.value, "fresh");
});
