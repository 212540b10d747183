/**
 * The discrete-event engine: one virtual clock and one event queue. Handlers
 * run in (time, priority, insertion) order and may schedule further events;
 * the clock jumps from event to event and never moves backwards.
 */

import { type EventHandle, EventQueue, type EventTicket } from "./event_queue.ts";

/** Code run when an event is dispatched; it reads `engine.now` and may schedule more. */
export type Handler = (engine: Engine) => void | Promise<void>;

/** Options for one scheduled event. */
export interface ScheduleOptions {
  /** Ties at the same time break by ascending priority (lower first); default 0. */
  priority?: number;
  /** A label for traces and counts (e.g. "upload", "deadline"); default "". */
  kind?: string;
}

/** When {@linkcode Engine.run} stops. With no option it runs until the queue is empty. */
export interface RunOptions {
  /** Dispatch events with time ≤ until; the clock is then set to `until`. */
  until?: number;
  /** Checked before each event; the run stops as soon as it returns false. */
  while?: () => boolean;
}

/** A handle for an event scheduled on an {@linkcode Engine}. */
export type ScheduledEvent = EventTicket;

function isThenable(x: unknown): x is PromiseLike<unknown> {
  return x !== null && typeof x === "object" &&
    typeof (x as PromiseLike<unknown>).then === "function";
}

/**
 * A discrete-event simulator on a float64 virtual clock in seconds.
 *
 * @example
 * ```ts
 * import { Engine } from "./engine.ts";
 * const engine = new Engine();
 * const seen: number[] = [];
 * engine.schedule(2, (e) => { seen.push(e.now); });
 * engine.after(1, (e) => { seen.push(e.now); });
 * engine.run();
 * if (seen.join() !== "1,2") throw new Error("events out of order");
 * ```
 */
export class Engine {
  #now = 0;
  #queue = new EventQueue<Handler>();
  #dispatched = 0;
  #running = false;
  #stopRequested = false;

  /** Current virtual time in seconds; starts at 0. */
  get now(): number {
    return this.#now;
  }

  /** Number of live events waiting to be dispatched. */
  get pending(): number {
    return this.#queue.size;
  }

  /** Events dispatched since the engine was made. */
  get dispatched(): number {
    return this.#dispatched;
  }

  /** Time of the next live event, or undefined when none is waiting. */
  get nextTime(): number | undefined {
    return this.#queue.peekTime();
  }

  /**
   * Schedules `handler` at absolute virtual time `time` (≥ now).
   * Throws RangeError when time is in the past or not finite.
   */
  schedule(time: number, handler: Handler, opts?: ScheduleOptions): ScheduledEvent {
    if (!Number.isFinite(time)) {
      throw new RangeError(`Expected event time to be a finite number but found ${time}`);
    }
    if (time < this.#now) {
      throw new RangeError(
        `Expected event time to be at or after the current time ${this.#now} but found ${time}`,
      );
    }
    if (typeof handler !== "function") {
      throw new TypeError(`Expected handler to be a function but found ${typeof handler}`);
    }
    return this.#queue.push(time, handler, opts?.priority ?? 0, opts?.kind ?? "");
  }

  /** Schedules `handler` `delay` seconds from now (delay ≥ 0, finite). */
  after(delay: number, handler: Handler, opts?: ScheduleOptions): ScheduledEvent {
    if (!Number.isFinite(delay) || delay < 0) {
      throw new RangeError(`Expected delay to be a finite number ≥ 0 but found ${delay}`);
    }
    return this.schedule(this.#now + delay, handler, opts);
  }

  /** Cancels a pending event; false if it was already dispatched or cancelled. */
  cancel(handle: EventHandle): boolean {
    return this.#queue.cancel(handle);
  }

  /** Asks a running `run`/`runAsync` to return after the current event. */
  stop(): void {
    this.#stopRequested = true;
  }

  /**
   * Dispatches the next event. Returns false when the queue is empty. The
   * handler must be synchronous (use {@linkcode Engine.runAsync} otherwise).
   */
  step(): boolean {
    this.#enter();
    try {
      const time = this.#queue.peekTime();
      if (time === undefined) return false;
      this.#dispatchSync(time, this.#queue.popValue()!);
      return true;
    } finally {
      this.#running = false;
    }
  }

  /**
   * Runs synchronous handlers until the queue is empty, the next event is
   * later than `until` (the clock is then set to `until`, also when the
   * queue ran empty first), `while()` returns false, or a handler calls
   * {@linkcode Engine.stop}. Returns the number of events dispatched.
   * Throws TypeError if a handler returns a Promise.
   */
  run(opts: RunOptions = {}): number {
    const { until, while: keepGoing } = opts;
    this.#checkUntil(until);
    this.#enter();
    const queue = this.#queue;
    let count = 0;
    try {
      for (;;) {
        if (this.#stopRequested || (keepGoing !== undefined && !keepGoing())) return count;
        const time = queue.peekTime();
        if (time === undefined || (until !== undefined && time > until)) break;
        this.#dispatchSync(time, queue.popValue()!);
        count++;
      }
      if (until !== undefined && Number.isFinite(until) && until > this.#now) this.#now = until;
      return count;
    } finally {
      this.#running = false;
      this.#stopRequested = false;
    }
  }

  /** Like {@linkcode Engine.run}, but awaits handlers that return a Promise, one at a time, in order. */
  async runAsync(opts: RunOptions = {}): Promise<number> {
    const { until, while: keepGoing } = opts;
    this.#checkUntil(until);
    this.#enter();
    const queue = this.#queue;
    let count = 0;
    try {
      for (;;) {
        if (this.#stopRequested || (keepGoing !== undefined && !keepGoing())) return count;
        const time = queue.peekTime();
        if (time === undefined || (until !== undefined && time > until)) break;
        const handler = queue.popValue()!;
        this.#now = time;
        this.#dispatched++;
        const result = handler(this);
        if (isThenable(result)) await result;
        count++;
      }
      if (until !== undefined && Number.isFinite(until) && until > this.#now) this.#now = until;
      return count;
    } finally {
      this.#running = false;
      this.#stopRequested = false;
    }
  }

  #dispatchSync(time: number, handler: Handler): void {
    this.#now = time;
    this.#dispatched++;
    const result = handler(this);
    if (isThenable(result)) {
      const { id, kind } = this.#queue.lastPopped;
      throw new TypeError(
        `Expected a synchronous handler but found one returning a Promise (event ${id}` +
          `${kind ? ` "${kind}"` : ""} at t=${time}); use runAsync()`,
      );
    }
  }

  #enter(): void {
    if (this.#running) {
      throw new TypeError("Expected the engine to be idle but found it already running");
    }
    this.#running = true;
    this.#stopRequested = false;
  }

  #checkUntil(until: number | undefined): void {
    if (until === undefined) return;
    if (Number.isNaN(until) || until < this.#now) {
      throw new RangeError(
        `Expected until to be at or after the current time ${this.#now} but found ${until}`,
      );
    }
  }
}
