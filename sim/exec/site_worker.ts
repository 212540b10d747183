/**
 * The worker side: pulls site jobs from the queue, rebuilds each run's sites
 * and model from its stored setup (site data is generated here from the
 * seed; no samples move), trains in a Web Worker thread and writes the
 * update back as binary under the job's key.
 *
 * Training runs in a thread rather than on this event loop so that BullMQ's
 * lock renewal keeps ticking during long synchronous TensorFlow.js steps; a
 * job whose worker dies stops being renewed, its lock expires after
 * `lockDurationMs` and another worker's stalled check hands it on.
 */

import { type Job, UnrecoverableError, Worker } from "bullmq";
import { Redis } from "ioredis";
import { WorkerPool } from "../fl/pool.ts";
import type { Scenario } from "../../scenarios/mod.ts";
import { bytesToFloats, floatBytes, getBlob, putBlob } from "./blob_store.ts";
import type { BlobRef } from "./blob_store.ts";
import { parseRedisUrl } from "./redis_url.ts";
import {
  DEFAULT_QUEUE,
  type EvaluateJobResult,
  failureReason,
  isDeterministicFailure,
  parseCanonicalJson,
  setupKey,
  type SiteJobData,
  type StoredSetup,
  toWire,
  type TrainJobResult,
} from "./site_jobs.ts";

/** How long a job's lock lasts without renewal (ms); a dead worker's job moves on after it. */
export const DEFAULT_LOCK_MS = 60_000;
/** How often a worker looks for jobs whose lock expired (ms). */
export const DEFAULT_STALLED_INTERVAL_MS = 30_000;
/** Times a job may be rescued from a dead worker before it fails. */
export const DEFAULT_MAX_STALLED = 5;
/** Weight vectors a worker keeps (by SHA-256); a round's sites share one. */
export const WEIGHT_CACHE_ENTRIES = 4;
/** Runs a worker keeps ready (threads, model, site data) at once. */
export const RUN_CACHE_ENTRIES = 2;

/** Options of {@link SiteWorker.start}. */
export interface SiteWorkerOptions {
  /** Redis address, e.g. `redis://:password@10.0.0.5:6379`. */
  redis: string;
  /** Site tasks run at once, each in its own thread. Default 1. */
  concurrency?: number;
  queue?: string;
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  maxStalledCount?: number;
  /** Where progress lines go; default none. */
  log?: (line: string) => void;
  /**
   * The preflight of a run's scenario (passed in by the CLI): its problems,
   * one line each. A run whose scenario has any is refused, not trained.
   */
  checkScenario?: (scenario: Scenario) => string[];
}

interface RunSlot {
  pool: Promise<WorkerPool>;
  busy: number;
}

/** A process's worker: call {@link SiteWorker.close} to stop after the current jobs. */
export class SiteWorker {
  #worker: Worker;
  #redis: Redis;
  #concurrency: number;
  #runs = new Map<string, RunSlot>();
  #weights = new Map<string, Promise<Float32Array>>();
  #log: (line: string) => void;
  #checkScenario: (scenario: Scenario) => string[];
  #done = 0;

  private constructor(opts: SiteWorkerOptions) {
    const connection = parseRedisUrl(opts.redis);
    this.#concurrency = opts.concurrency ?? 1;
    if (!Number.isInteger(this.#concurrency) || this.#concurrency < 1) {
      throw new RangeError(`Expected a concurrency ≥ 1 but found ${opts.concurrency}`);
    }
    this.#log = opts.log ?? (() => {});
    this.#checkScenario = opts.checkScenario ?? (() => []);
    this.#redis = new Redis(connection);
    this.#worker = new Worker(opts.queue ?? DEFAULT_QUEUE, (job) => this.#process(job), {
      connection,
      concurrency: this.#concurrency,
      lockDuration: opts.lockDurationMs ?? DEFAULT_LOCK_MS,
      stalledInterval: opts.stalledIntervalMs ?? DEFAULT_STALLED_INTERVAL_MS,
      maxStalledCount: opts.maxStalledCount ?? DEFAULT_MAX_STALLED,
      autorun: false,
    });
    this.#worker.on("error", (err) => this.#log(`worker error: ${err.message}`));
    this.#worker.on("failed", (job, err) => this.#log(`job ${job?.id} failed: ${err.message}`));
  }

  /** Connects to Redis and starts pulling jobs. */
  static async start(opts: SiteWorkerOptions): Promise<SiteWorker> {
    const w = new SiteWorker(opts);
    await w.#worker.waitUntilReady();
    void w.#worker.run();
    return w;
  }

  /** Jobs this worker has finished. */
  get completed(): number {
    return this.#done;
  }

  /** Stops taking jobs, waits for the running ones, and frees threads and connections. */
  async close(): Promise<void> {
    await this.#worker.close();
    for (const slot of this.#runs.values()) (await slot.pool.catch(() => null))?.terminate();
    this.#runs.clear();
    this.#redis.disconnect();
  }

  async #process(job: Job): Promise<TrainJobResult | EvaluateJobResult> {
    const data = job.data as SiteJobData;
    const slot = this.#slot(data.runId);
    slot.busy++;
    try {
      const pool = await slot.pool;
      this.#log(`${data.kind} site ${data.siteId} started (${job.id})`);
      if (data.kind === "train") {
        const r = await pool.train(data.siteId, {
          round: data.round,
          // The pool takes ownership of the buffer; the cached vector stays intact.
          weights: (await this.#vector(data.weights)).slice(),
          epochs: data.epochs,
          batchSize: data.batchSize,
          learningRate: data.learningRate,
          seed: data.seed,
          optimizer: data.optimizer,
          proxMu: data.proxMu,
          anchor: data.anchor && await this.#vector(data.anchor),
          gradCorrection: data.gradCorrection && await this.#vector(data.gradCorrection),
        });
        const update = await putBlob(this.#redis, data.update.key, floatBytes(r.weights), {
          ttlSeconds: data.update.ttlSeconds,
          chunkBytes: data.update.chunkBytes,
        });
        this.#done++;
        this.#log(`trained site ${data.siteId} round ${data.round} (${job.id})`);
        return { update, steps: r.steps, meanLoss: toWire(r.meanLoss), samples: r.samples };
      }
      const r = await pool.evaluate(data.siteId, await this.#vector(data.weights));
      this.#done++;
      return { accuracy: toWire(r.accuracy), loss: toWire(r.loss), samples: r.samples };
    } catch (err) {
      if (err instanceof UnrecoverableError) throw err;
      const e = err instanceof Error ? err : new Error(String(err));
      // The same inputs fail the same way everywhere: say so, so BullMQ does not retry.
      if (isDeterministicFailure(e)) throw new UnrecoverableError(failureReason(e));
      throw new Error(failureReason(e));
    } finally {
      slot.busy--;
    }
  }

  #slot(runId: string): RunSlot {
    let slot = this.#runs.get(runId);
    if (slot !== undefined) {
      this.#runs.delete(runId);
      this.#runs.set(runId, slot);
      return slot;
    }
    slot = { pool: this.#startRun(runId), busy: 0 };
    this.#runs.set(runId, slot);
    for (const [id, old] of this.#runs) {
      if (this.#runs.size <= RUN_CACHE_ENTRIES) break;
      if (old.busy > 0 || id === runId) continue;
      this.#runs.delete(id);
      void old.pool.then((p) => p.terminate(), () => {});
    }
    return slot;
  }

  async #startRun(runId: string): Promise<WorkerPool> {
    const text = await this.#redis.get(setupKey(runId));
    if (text === null) {
      this.#runs.delete(runId);
      throw new UnrecoverableError(
        `Error: Expected the setup of run ${runId} in Redis but found none (its coordinator is gone)`,
      );
    }
    const setup = parseCanonicalJson(text) as StoredSetup;
    const problems = this.#checkScenario(setup.scenario as Scenario);
    if (problems.length > 0) {
      this.#runs.delete(runId);
      throw new UnrecoverableError(
        `Error: Expected a valid scenario for run ${runId} but found: ${problems.join("; ")}`,
      );
    }
    const pool = new WorkerPool(this.#concurrency, {
      scenario: setup.scenario as Scenario,
      seed: setup.seed,
    });
    try {
      await pool.ready();
    } catch (err) {
      pool.terminate();
      this.#runs.delete(runId);
      throw err;
    }
    this.#log(`ready for run ${runId} (${this.#concurrency} thread(s))`);
    return pool;
  }

  #vector(ref: BlobRef): Promise<Float32Array> {
    let v = this.#weights.get(ref.sha256);
    if (v === undefined) {
      v = getBlob(this.#redis, ref).then(bytesToFloats);
      // A failed read must not poison the cache for the retry.
      v.catch(() => this.#weights.delete(ref.sha256));
      this.#weights.set(ref.sha256, v);
      if (this.#weights.size > WEIGHT_CACHE_ENTRIES) {
        this.#weights.delete(this.#weights.keys().next().value!);
      }
    }
    return v;
  }
}
