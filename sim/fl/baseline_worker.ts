/**
 * The centralised baseline on a worker thread, so it trains while the
 * federation runs instead of before it (it was over half the wall time of a
 * 300-site run, with the pool's workers idle): on one of the pool's workers
 * (`WorkerPool.trainBaseline`), or on a thread of its own when site tasks run
 * elsewhere (`startBaselineWorker`, for BullMQ workers). The baseline is a
 * pure function of the scenario, seed and initial weights — the worker builds
 * the same executor and derives the same named RNG streams — so its record is
 * bit-identical to training it in the main thread.
 */

import type { ExecutorSetup } from "./executor.ts";
import type { BaselineSettings } from "./baseline.ts";
import type { CentralRecord } from "../results/results.ts";
import type { WorkerTimes } from "./profile.ts";
import type { Dataset } from "../data/mod.ts";

/** What the main thread sends the baseline's worker (after its "init"). */
export interface BaselineRequest {
  type: "baseline";
  id: number;
  initial: Float32Array;
  settings: BaselineSettings;
  seed: number;
  /**
   * Post the pooled training data (shared memory) back once built, so the
   * pool's other workers train sites from it instead of regenerating them.
   */
  sharePooled?: boolean;
}

/** The pooled training data of baseline request `id`, in shared memory (see `sharePooled`). */
export interface PooledShare {
  id: number;
  pooled: Dataset;
}

/** A progress message: the baseline finished `epoch`. */
export interface BaselineProgress {
  id: number;
  epoch: number;
}

/** A finished baseline: its record and the seconds its worker spent (and generating data). */
export interface FinishedBaseline {
  central: CentralRecord;
  times: WorkerTimes;
}

/** A baseline training on its worker. */
export interface BaselineRun {
  /** The record once the worker has finished (and its host seconds); rejects if it failed. */
  readonly result: Promise<FinishedBaseline>;
  /** The record if the worker has already finished, else null (never throws). */
  settled(): CentralRecord | null;
  /** The error if the worker has already failed, else null: a run checks it each round to stop early. */
  failure(): Error | null;
  /** Stops the worker (idempotent; a no-op for a pool's worker, which the pool stops). */
  terminate(): void;
}

/** Wraps a baseline's `result`: remembers how it ended, and never lets a failure go unhandled. */
export function baselineRun(
  result: Promise<FinishedBaseline>,
  terminate: () => void = () => {},
): BaselineRun {
  let done: CentralRecord | null = null;
  let failed: Error | null = null;
  result.then((r) => done = r.central, (error) => failed = error);
  return { result, settled: () => done, failure: () => failed, terminate };
}

type Reply =
  | BaselineProgress
  | { id: number; ok: true; value: unknown; times?: WorkerTimes }
  | { id: number; ok: false; error: { name: string; message: string; stack?: string } };

/**
 * Starts the baseline on a new worker; `onEpoch` runs in this thread after
 * each epoch. Attach to `result` (or call `settled`) — a failure is kept
 * until then, never thrown unhandled.
 */
export function startBaselineWorker(
  setup: ExecutorSetup,
  initial: Float32Array,
  settings: BaselineSettings,
  onEpoch: (epoch: number) => void = () => {},
): BaselineRun {
  const request: BaselineRequest = {
    type: "baseline",
    id: 2,
    initial: initial.slice(),
    settings,
    seed: setup.seed,
  };
  const worker = new Worker(new URL("./worker.ts", import.meta.url), { type: "module" });
  let terminated = false;
  const terminate = () => {
    if (!terminated) worker.terminate();
    terminated = true;
  };
  const result = new Promise<FinishedBaseline>(
    (resolve, reject) => {
      worker.onerror = (ev: ErrorEvent) => {
        ev.preventDefault();
        terminate();
        reject(new Error(`Baseline worker failed: ${ev.message}`));
      };
      worker.onmessage = (ev: MessageEvent<Reply>) => {
        const reply = ev.data;
        if ("epoch" in reply) return onEpoch(reply.epoch);
        if (!reply.ok) {
          terminate();
          const error = new Error(`Baseline worker failed: ${reply.error.message}`);
          error.name = reply.error.name;
          return reject(error);
        }
        if (reply.id === 1) {
          // Initialised: only now may the baseline request come (the worker handles one at a time).
          worker.postMessage(request);
          return;
        }
        terminate();
        resolve({
          central: reply.value as CentralRecord,
          times: reply.times ?? { busySeconds: 0, dataSeconds: 0 },
        });
      };
    },
  );
  worker.postMessage({ type: "init", id: 1, setup });
  return baselineRun(result, terminate);
}
