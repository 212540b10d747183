/**
 * A pool of Deno Web Workers that run site tasks. Each worker has its own
 * TensorFlow.js and model and regenerates site data from the seed, so only
 * weights cross the thread boundary (as transferable buffers). A site task is
 * a pure function of its inputs, so results do not depend on how many
 * workers there are or which one runs a task.
 */

import type {
  LocalEvalResult,
  LocalTrainResult,
  LocalTrainTask,
  SiteExecutor,
} from "../world/mod.ts";
import type { ExecutorSetup } from "./executor.ts";
import type { TaskKind, WorkerTimes } from "./profile.ts";

/** A request to a worker. */
export type WorkerRequest =
  | { type: "init"; id: number; setup: ExecutorSetup }
  | { type: "train"; id: number; siteId: number; task: LocalTrainTask }
  | { type: "evaluate"; id: number; siteId: number; weights: Float32Array };

/**
 * A worker's reply: the result of request `id`, or the error it threw; with
 * the seconds the worker spent on it (for the run's wall-clock breakdown).
 */
export type WorkerReply =
  & ({ id: number; ok: true; value: unknown } | {
    id: number;
    ok: false;
    error: { name: string; message: string; stack?: string };
  })
  & { times?: WorkerTimes };

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

interface Job {
  request: WorkerRequest;
  transfer: Transferable[];
  pending: Pending;
}

/** Rebuilds an error thrown inside a worker, keeping its class name. */
function reviveError(e: { name: string; message: string; stack?: string }): Error {
  const Ctor = e.name === "RangeError" ? RangeError : e.name === "TypeError" ? TypeError : Error;
  const err: Error = new Ctor(e.message);
  // Keep names like DivergenceError so callers can tell a diverged site from a bug.
  if (Ctor === Error) err.name = e.name;
  if (e.stack) err.stack = e.stack;
  return err;
}

/** Runs site tasks on `size` module workers; call {@link WorkerPool.terminate} when done. */
export class WorkerPool implements SiteExecutor {
  readonly size: number;
  #workers: Worker[] = [];
  #idle: Worker[] = [];
  #queue: Job[] = [];
  #pending = new Map<number, { pending: Pending; worker: Worker; type: WorkerRequest["type"] }>();
  #nextId = 1;
  #ready: Promise<unknown>;
  #closed = false;
  #times: Record<TaskKind, WorkerTimes> = {
    train: { busySeconds: 0, dataSeconds: 0 },
    eval: { busySeconds: 0, dataSeconds: 0 },
  };

  constructor(size: number, setup: ExecutorSetup) {
    if (!Number.isInteger(size) || size < 1) {
      throw new RangeError(`Expected a worker count >= 1 but found ${size}`);
    }
    this.size = size;
    const inits: Promise<unknown>[] = [];
    for (let i = 0; i < size; i++) {
      const worker = new Worker(new URL("./worker.ts", import.meta.url), { type: "module" });
      worker.onmessage = (ev: MessageEvent<WorkerReply>) => this.#onReply(worker, ev.data);
      worker.onerror = (ev: ErrorEvent) => {
        ev.preventDefault();
        this.#failWorker(worker, new Error(`Worker failed: ${ev.message}`));
      };
      this.#workers.push(worker);
      inits.push(this.#send(worker, { type: "init", id: this.#nextId++, setup }, []));
    }
    this.#ready = Promise.all(inits);
  }

  /** Resolves once every worker has its backend, model and plans ready. */
  ready(): Promise<unknown> {
    return this.#ready;
  }

  /** Trains site `siteId`; `task.weights` is transferred (the caller's copy is detached). */
  train(siteId: number, task: LocalTrainTask): Promise<LocalTrainResult> {
    const id = this.#nextId++;
    return this.#enqueue({ type: "train", id, siteId, task }, [
      task.weights.buffer as ArrayBuffer,
    ]) as Promise<
      LocalTrainResult
    >;
  }

  /** Evaluates `weights` on site `siteId`'s local test data (weights are copied, not moved). */
  evaluate(siteId: number, weights: Float32Array): Promise<LocalEvalResult> {
    const id = this.#nextId++;
    const copy = weights.slice();
    return this.#enqueue({ type: "evaluate", id, siteId, weights: copy }, [
      copy.buffer as ArrayBuffer,
    ]) as Promise<LocalEvalResult>;
  }

  /** Seconds the workers spent on each kind of task so far (summed over workers), and on data. */
  workerTimes(): Record<TaskKind, WorkerTimes> {
    return { train: { ...this.#times.train }, eval: { ...this.#times.eval } };
  }

  /** Stops every worker; pending tasks are rejected. */
  terminate(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const w of this.#workers) w.terminate();
    const err = new Error("Expected the worker pool to be open but found it terminated");
    for (const { pending } of this.#pending.values()) pending.reject(err);
    for (const job of this.#queue) job.pending.reject(err);
    this.#pending.clear();
    this.#queue = [];
  }

  #enqueue(request: WorkerRequest, transfer: Transferable[]): Promise<unknown> {
    if (this.#closed) {
      return Promise.reject(
        new Error("Expected the worker pool to be open but found it terminated"),
      );
    }
    return new Promise((resolve, reject) => {
      this.#queue.push({ request, transfer, pending: { resolve, reject } });
      this.#pump();
    });
  }

  #pump(): void {
    while (this.#idle.length > 0 && this.#queue.length > 0) {
      const worker = this.#idle.shift()!;
      const job = this.#queue.shift()!;
      this.#pending.set(job.request.id, { pending: job.pending, worker, type: job.request.type });
      worker.postMessage(job.request, job.transfer);
    }
  }

  #send(worker: Worker, request: WorkerRequest, transfer: Transferable[]): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.#pending.set(request.id, { pending: { resolve, reject }, worker, type: request.type });
      worker.postMessage(request, transfer);
    });
  }

  #onReply(worker: Worker, reply: WorkerReply): void {
    const entry = this.#pending.get(reply.id);
    if (entry === undefined) return;
    this.#pending.delete(reply.id);
    if (reply.times !== undefined && entry.type !== "init") {
      const t = this.#times[entry.type === "train" ? "train" : "eval"];
      t.busySeconds += reply.times.busySeconds;
      t.dataSeconds += reply.times.dataSeconds;
    }
    if (reply.ok) entry.pending.resolve(reply.value);
    else entry.pending.reject(reviveError(reply.error));
    // A worker holds one request at a time (its init first), so a reply frees it.
    if (!this.#closed) {
      this.#idle.push(worker);
      this.#pump();
    }
  }

  #failWorker(worker: Worker, err: Error): void {
    for (const [id, entry] of this.#pending) {
      if (entry.worker === worker) {
        this.#pending.delete(id);
        entry.pending.reject(err);
      }
    }
  }
}
