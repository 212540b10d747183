/**
 * A priority queue of timed events ordered by (time, priority, insertion
 * sequence), so that events at the same virtual time always leave in the
 * same order and a run is reproducible.
 *
 * Layout, for speed at 10⁶ pending events: event data lives in typed arrays
 * indexed by a reusable slot, and the order is a 4-ary heap of slot numbers
 * with the times copied beside them ({@linkcode SlotHeap}, in its own file).
 * The queue holds no per-event object, so the garbage collector never copies
 * a million live entries. (Measured on the 2-vCPU dev machine, 10⁶
 * events at random times: ≈0.4M events/s for a binary heap of objects,
 * ≈1.3–1.8M events/s for this layout.)
 */

import { type DequeuedEvent, type EventHandle, EventTicket } from "./event_ticket.ts";
import { doubled, SlotHeap } from "./_slot_heap.ts";

export type { DequeuedEvent, EventHandle };
export { EventTicket };

const FREE = 0, LIVE = 1, CANCELLED = 2;
const INITIAL_CAPACITY = 64;
/** Above this many cancelled entries, and when they are the majority, the heap is rebuilt. */
const COMPACT_MIN_STALE = 1024;

/**
 * Cancellation is O(1) and lazy (a cancelled entry is dropped when it reaches
 * the top); the heap is compacted when cancelled entries dominate.
 *
 * @example
 * ```ts
 * import { EventQueue } from "./event_queue.ts";
 * const q = new EventQueue<string>();
 * q.push(2, "late");
 * q.push(1, "early");
 * if (q.pop()?.value !== "early") throw new Error("wrong order");
 * ```
 */
export class EventQueue<T> {
  // Per-slot event data.
  #time = new Float64Array(INITIAL_CAPACITY);
  #priority = new Float64Array(INITIAL_CAPACITY);
  #id = new Float64Array(INITIAL_CAPACITY);
  #state = new Uint8Array(INITIAL_CAPACITY);
  #value: (T | undefined)[] = [];
  #kind: string[] = [];
  #free = new Int32Array(INITIAL_CAPACITY);
  #freeCount = 0;
  #slots = 0;
  // The order of the waiting slots.
  #heap = new SlotHeap(INITIAL_CAPACITY, this.#priority, this.#id);
  #stale = 0;
  #nextId = 0;
  #lastId = -1;
  #lastKind = "";

  /** Number of live (not cancelled) events waiting. */
  get size(): number {
    return this.#heap.length - this.#stale;
  }

  /**
   * Adds an event. `time` and `priority` must be finite numbers; validation of
   * time against a clock is the engine's job, not the queue's.
   */
  push(time: number, value: T, priority = 0, kind = ""): EventTicket {
    if (!Number.isFinite(time)) {
      throw new RangeError(`Expected event time to be a finite number but found ${time}`);
    }
    if (!Number.isFinite(priority)) {
      throw new RangeError(`Expected event priority to be a finite number but found ${priority}`);
    }
    const slot = this.#freeCount > 0 ? this.#free[--this.#freeCount] : this.#newSlot();
    const id = this.#nextId++;
    this.#time[slot] = time;
    this.#priority[slot] = priority;
    this.#id[slot] = id;
    this.#state[slot] = LIVE;
    this.#value[slot] = value;
    this.#kind[slot] = kind;
    this.#heap.insert(slot, time);
    return new EventTicket(this as EventQueue<unknown>, slot, id, time, priority, kind);
  }

  /** Time of the next live event, or undefined when empty. */
  peekTime(): number | undefined {
    const heap = this.#heap;
    this.#dropCancelledTop();
    return heap.length > 0 ? heap.times[0] : undefined;
  }

  /** The next live event without removing it, or undefined when empty. */
  peek(): DequeuedEvent<T> | undefined {
    this.#dropCancelledTop();
    return this.#heap.length > 0 ? this.#describe(this.#heap.slots[0]) : undefined;
  }

  /** Removes and returns the next live event, or undefined when empty. */
  pop(): DequeuedEvent<T> | undefined {
    this.#dropCancelledTop();
    if (this.#heap.length === 0) return undefined;
    const slot = this.#heap.removeTop();
    const event = this.#describe(slot);
    this.#release(slot);
    return event;
  }

  /**
   * Removes the next live event and returns only its value (undefined when
   * empty): the engine's allocation-free path. Read its time first with
   * {@linkcode EventQueue.peekTime}.
   */
  popValue(): T | undefined {
    const heap = this.#heap;
    this.#dropCancelledTop();
    if (heap.length === 0) return undefined;
    const slot = heap.removeTop();
    const value = this.#value[slot];
    this.#lastId = this.#id[slot];
    this.#lastKind = this.#kind[slot];
    this.#release(slot);
    return value;
  }

  /** Id and kind of the event the last {@linkcode EventQueue.popValue} removed (for error messages). */
  get lastPopped(): { id: number; kind: string } {
    return { id: this.#lastId, kind: this.#lastKind };
  }

  /**
   * Cancels an event still in this queue. Returns false when it was already
   * cancelled, already dispatched, or belongs to another queue.
   */
  cancel(handle: EventHandle): boolean {
    if (!(handle instanceof EventTicket) || handle._queue !== (this as EventQueue<unknown>)) {
      return false;
    }
    const slot = handle._slot;
    if (this.#state[slot] !== LIVE || this.#id[slot] !== handle.id) return false;
    this.#state[slot] = CANCELLED;
    this.#value[slot] = undefined; // let the handler be collected now
    handle._cancelled = true;
    this.#stale++;
    if (this.#stale >= COMPACT_MIN_STALE && this.#stale * 2 > this.#heap.length) this.#compact();
    return true;
  }

  /** Removes every waiting event (handles issued so far no longer cancel anything). */
  clear(): void {
    const heap = this.#heap;
    for (let i = 0; i < heap.length; i++) this.#release(heap.slots[i]);
    heap.length = 0;
    this.#stale = 0;
  }

  /** Live events in dispatch order (a sorted copy; O(n log n), for checkpoints and debugging). */
  toSortedArray(): DequeuedEvent<T>[] {
    const out: DequeuedEvent<T>[] = [];
    for (let i = 0; i < this.#heap.length; i++) {
      const slot = this.#heap.slots[i];
      if (this.#state[slot] === LIVE) out.push(this.#describe(slot));
    }
    return out.sort((a, b) => a.time - b.time || a.priority - b.priority || a.id - b.id);
  }

  #describe(slot: number): DequeuedEvent<T> {
    return {
      id: this.#id[slot],
      time: this.#time[slot],
      priority: this.#priority[slot],
      kind: this.#kind[slot],
      value: this.#value[slot] as T,
    };
  }

  #newSlot(): number {
    const slot = this.#slots++;
    if (slot === this.#time.length) {
      this.#time = doubled(this.#time);
      this.#priority = doubled(this.#priority);
      this.#id = doubled(this.#id);
      this.#state = doubled(this.#state);
      this.#free = doubled(this.#free);
      this.#heap.priority = this.#priority;
      this.#heap.id = this.#id;
    }
    return slot;
  }

  #release(slot: number): void {
    this.#state[slot] = FREE;
    this.#value[slot] = undefined;
    this.#free[this.#freeCount++] = slot;
  }

  #dropCancelledTop(): void {
    const heap = this.#heap;
    while (heap.length > 0 && this.#state[heap.slots[0]] === CANCELLED) {
      this.#release(heap.removeTop());
      this.#stale--;
    }
  }

  #compact(): void {
    this.#heap.removeWhere((slot) => {
      if (this.#state[slot] !== CANCELLED) return false;
      this.#release(slot);
      return true;
    });
    this.#stale = 0;
  }
}
