/**
 * The handle a caller keeps for a scheduled event, and the record of an event
 * leaving the queue.
 */

import type { EventQueue } from "./event_queue.ts";

/** What a caller keeps of a scheduled event: enough to inspect or cancel it. */
export interface EventHandle {
  /** Unique within its queue; equal to the insertion sequence number. */
  readonly id: number;
  /** Virtual time (seconds) at which the event is due. */
  readonly time: number;
  /** True once the event was cancelled; it will then never be dispatched. */
  cancelled: boolean;
}

/**
 * The handle {@linkcode EventQueue.push} returns. Setting `cancelled = true`
 * is the same as calling {@linkcode EventQueue.cancel} with it.
 */
export class EventTicket implements EventHandle {
  readonly id: number;
  readonly time: number;
  /** Ties at equal time break by ascending priority: lower values go first. */
  readonly priority: number;
  /** A free label for what the event is (e.g. "upload"), for traces. */
  readonly kind: string;
  /** @internal The queue and slot that hold the event while it waits. */
  readonly _queue: EventQueue<unknown>;
  /** @internal */
  readonly _slot: number;
  /** @internal Set by the queue when it cancels the event. */
  _cancelled = false;

  /** Made by {@linkcode EventQueue.push}; not meant to be built directly. */
  constructor(
    queue: EventQueue<unknown>,
    slot: number,
    id: number,
    time: number,
    priority: number,
    kind: string,
  ) {
    this._queue = queue;
    this._slot = slot;
    this.id = id;
    this.time = time;
    this.priority = priority;
    this.kind = kind;
  }

  get cancelled(): boolean {
    return this._cancelled;
  }

  set cancelled(value: boolean) {
    if (value) {
      this._queue.cancel(this);
    } else if (this._cancelled) {
      throw new TypeError(
        "Expected a cancelled event to stay cancelled but found cancelled = false",
      );
    }
  }
}

/** An event as it leaves the queue. */
export interface DequeuedEvent<T> {
  readonly id: number;
  readonly time: number;
  readonly priority: number;
  readonly kind: string;
  readonly value: T;
}
