/**
 * The event queue's ordering: a 4-ary min-heap of slot numbers keyed by
 * (time, priority, id), with each entry's time copied beside it. Comparisons
 * then read contiguous memory, a node's four children sit side by side, and
 * the heap has half the levels of a binary one. The queue owns what a slot
 * holds; this class only orders slots, reading the tie-break keys from the
 * queue's per-slot arrays.
 *
 * Speed: the sift loops stay whole inside this class (splitting them into
 * helper methods measured 5–8 % slower), and each loop reads the tie-break
 * keys from locals, so the split costs the engine bench nothing measurable.
 */

/** A copy of `a` in an array of twice its length (the rest zero). */
export function doubled<A extends Float64Array | Uint8Array | Int32Array>(a: A): A {
  const b = new (a.constructor as new (length: number) => A)(a.length * 2);
  b.set(a);
  return b;
}

/** True when slot a goes before slot b at equal times. */
function tieBefore(priority: Float64Array, id: Float64Array, a: number, b: number): boolean {
  const pa = priority[a], pb = priority[b];
  return pa !== pb ? pa < pb : id[a] < id[b];
}

/**
 * Slot numbers in dispatch order at the root.
 *
 * @example
 * ```ts
 * import { SlotHeap } from "./_slot_heap.ts";
 * const heap = new SlotHeap(4, new Float64Array([0, 0]), new Float64Array([0, 1]));
 * heap.insert(0, 2);
 * heap.insert(1, 1);
 * if (heap.removeTop() !== 1) throw new Error("wrong order");
 * ```
 */
export class SlotHeap {
  // `declare`: the constructor's store is each field's first, so V8 knows its
  // array type from the start (a field first set to undefined measured slower).
  /** Slot numbers in heap order; the first `length` are in use. */
  declare slots: Int32Array;
  /** `times[i]` is the time of `slots[i]`. */
  declare times: Float64Array;
  declare length: number;
  /**
   * Tie-break keys by slot (lower priority, then lower id, goes first): the
   * owner's arrays, which it re-points here whenever it grows them.
   */
  declare priority: Float64Array;
  declare id: Float64Array;

  constructor(capacity: number, priority: Float64Array, id: Float64Array) {
    this.slots = new Int32Array(capacity);
    this.times = new Float64Array(capacity);
    this.length = 0;
    this.priority = priority;
    this.id = id;
  }

  /** Adds `slot`, due at time `t`. */
  insert(slot: number, t: number): void {
    if (this.length === this.slots.length) {
      this.slots = doubled(this.slots);
      this.times = doubled(this.times);
    }
    this.#siftUp(slot, t, this.length++);
  }

  /**
   * Removes the root of a non-empty heap and returns its slot. Bottom-up
   * deletion: the hole sinks to a leaf along the earliest children without
   * comparing against the moved element, which then rises from there. The
   * last element nearly always belongs near the bottom, so this saves about
   * a quarter of the comparisons of a plain sift-down.
   */
  removeTop(): number {
    const heap = this.slots, times = this.times, priority = this.priority, id = this.id;
    const top = heap[0];
    const n = --this.length;
    if (n === 0) return top;
    const slot = heap[n], t = times[n];
    let i = 0;
    for (;;) {
      const first = 4 * i + 1;
      if (first >= n) break;
      let child = first;
      let ct = times[first];
      const end = first + 4 < n ? first + 4 : n;
      for (let c = first + 1; c < end; c++) {
        const tc = times[c];
        if (tc < ct || (tc === ct && tieBefore(priority, id, heap[c], heap[child]))) {
          child = c;
          ct = tc;
        }
      }
      heap[i] = heap[child];
      times[i] = ct;
      i = child;
    }
    this.#siftUp(slot, t, i);
    return top;
  }

  /**
   * Removes every entry whose slot `drop` returns true for (called once per
   * entry, in heap order), then restores the heap order in O(n).
   */
  removeWhere(drop: (slot: number) => boolean): void {
    const heap = this.slots, times = this.times;
    let n = 0;
    for (let i = 0; i < this.length; i++) {
      const slot = heap[i];
      if (drop(slot)) continue;
      heap[n] = slot;
      times[n] = times[i];
      n++;
    }
    this.length = n;
    for (let i = (n - 2) >> 2; i >= 0; i--) this.#siftDown(heap[i], times[i], i);
  }

  /** Places `slot` at hole `start` and moves it up; a hole avoids swap writes. */
  #siftUp(slot: number, t: number, start: number): void {
    const heap = this.slots, times = this.times, priority = this.priority, id = this.id;
    let i = start;
    while (i > 0) {
      const parent = (i - 1) >> 2;
      const pt = times[parent];
      if (t > pt || (t === pt && !tieBefore(priority, id, slot, heap[parent]))) break;
      heap[i] = heap[parent];
      times[i] = pt;
      i = parent;
    }
    heap[i] = slot;
    times[i] = t;
  }

  #siftDown(slot: number, t: number, start: number): void {
    const heap = this.slots, times = this.times, priority = this.priority, id = this.id;
    const n = this.length;
    let i = start;
    for (;;) {
      const first = 4 * i + 1;
      if (first >= n) break;
      let child = first;
      let ct = times[first];
      const end = first + 4 < n ? first + 4 : n;
      for (let c = first + 1; c < end; c++) {
        const tc = times[c];
        if (tc < ct || (tc === ct && tieBefore(priority, id, heap[c], heap[child]))) {
          child = c;
          ct = tc;
        }
      }
      if (ct > t || (ct === t && !tieBefore(priority, id, heap[child], slot))) break;
      heap[i] = heap[child];
      times[i] = ct;
      i = child;
    }
    heap[i] = slot;
    times[i] = t;
  }
}
