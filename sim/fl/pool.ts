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
import { SITE_CACHE_SIZE } from "./site_data.ts";
import { holdSite, preferHeldSite } from "./held_sites.ts";
import type { TaskKind, WorkerTimes } from "./profile.ts";
import type { BaselineSettings } from "./baseline.ts";
import type {
  BaselineProgress,
  BaselineRequest,
  FinishedBaseline,
  PooledShare,
} from "./baseline_worker.ts";
import type { Dataset } from "../data/mod.ts";

/** A request to a worker. */
export type WorkerRequest =
  | { type: "init"; id: number; setup: ExecutorSetup }
  | { type: "train"; id: number; siteId: number; task: LocalTrainTask }
  | { type: "evaluate"; id: number; siteId: number; weights: Float32Array }
  | BaselineRequest;

/** Not a task (no reply): the baseline's pooled training data, in shared memory. */
export interface PooledNote {
  type: "pooled";
  data: Dataset;
}

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

/** Anything a worker posts: a reply, the baseline's progress, or its pooled data to share. */
type WorkerMessage = WorkerReply | BaselineProgress | PooledShare;

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
  /**
   * Per worker, the sites whose data it holds, least recently used first: a
   * mirror of its executor's cache (same size, same order of use), so a task
   * can go where its site needs no regenerating.
   */
  #held = new Map<Worker, Set<number>>();
  #queue: Job[] = [];
  #pending = new Map<number, { pending: Pending; worker: Worker; type: WorkerRequest["type"] }>();
  #nextId = 1;
  #progress = new Map<number, (epoch: number) => void>();
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
      worker.onmessage = (ev: MessageEvent<WorkerMessage>) => this.#onMessage(worker, ev.data);
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

  /**
   * Trains the centralised baseline on one worker, queued like a site task:
   * that worker is busy with it while the others take site tasks, and only
   * it holds the pooled data. `onEpoch` runs here after each epoch. The
   * worker's seconds come back with the record (they are not site tasks').
   */
  trainBaseline(
    initial: Float32Array,
    settings: BaselineSettings,
    seed: number,
    onEpoch: (epoch: number) => void = () => {},
  ): Promise<FinishedBaseline> {
    const id = this.#nextId++;
    this.#progress.set(id, onEpoch);
    const copy = initial.slice();
    // Its pooled data comes back in shared memory for the other workers' site tasks.
    const request = {
      type: "baseline" as const,
      id,
      initial: copy,
      settings,
      seed,
      sharePooled: true,
    };
    return this.#enqueue(request, [
      copy.buffer as ArrayBuffer,
    ]) as Promise<FinishedBaseline>;
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
      const job = this.#takeJobFor(worker);
      this.#pending.set(job.request.id, { pending: job.pending, worker, type: job.request.type });
      worker.postMessage(job.request, job.transfer);
    }
  }

  /**
   * The first queued job whose site `worker` already holds, else the oldest
   * job. Any worker gives the same result for a task; this only spares data
   * generation (a large share of the workers' time in 300-site runs).
   */
  #takeJobFor(worker: Worker): Job {
    let held = this.#held.get(worker);
    if (held === undefined) this.#held.set(worker, held = new Set());
    const sites = this.#queue.map((j) => "siteId" in j.request ? j.request.siteId : undefined);
    const [job] = this.#queue.splice(preferHeldSite(sites, held), 1);
    // Only training puts a site in (or moves it up) the executor's cache; see SITE_CACHE_SIZE.
    if (job.request.type === "train") holdSite(held, job.request.siteId, SITE_CACHE_SIZE);
    return job;
  }

  #send(worker: Worker, request: WorkerRequest, transfer: Transferable[]): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.#pending.set(request.id, { pending: { resolve, reject }, worker, type: request.type });
      worker.postMessage(request, transfer);
    });
  }

  #onMessage(worker: Worker, message: WorkerMessage): void {
    if ("epoch" in message) {
      this.#progress.get(message.id)?.(message.epoch);
      return;
    }
    if ("pooled" in message) {
      // Shared memory: every worker reads the same rows, none is copied.
      for (const other of this.#workers) {
        if (other !== worker) {
          other.postMessage({ type: "pooled", data: message.pooled } satisfies PooledNote);
        }
      }
      return;
    }
    const reply = message;
    const entry = this.#pending.get(reply.id);
    if (entry === undefined) return;
    this.#pending.delete(reply.id);
    const times = reply.times ?? { busySeconds: 0, dataSeconds: 0 };
    if (entry.type === "train" || entry.type === "evaluate") {
      const t = this.#times[entry.type === "train" ? "train" : "eval"];
      t.busySeconds += times.busySeconds;
      t.dataSeconds += times.dataSeconds;
    }
    if (entry.type === "baseline") this.#progress.delete(reply.id);
    if (!reply.ok) entry.pending.reject(reviveError(reply.error));
    else if (entry.type === "baseline") entry.pending.resolve({ central: reply.value, times });
    else entry.pending.resolve(reply.value);
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
