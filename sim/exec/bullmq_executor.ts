/**
 * The coordinator side: a {@link SiteExecutor} that runs site tasks on
 * BullMQ workers anywhere. Each round's start weights are stored once under
 * their SHA-256; each task becomes a job with id `run:round:site.digest`
 * (adding it again is a no-op, and running it twice writes the same bytes);
 * updates come back as binary, checked by hash. Results are returned to the
 * caller per site, so aggregation order is the protocol's (site id), never
 * arrival order.
 */

import { Queue, QueueEvents } from "bullmq";
import { Redis } from "ioredis";
import type {
  LocalEvalResult,
  LocalTrainResult,
  LocalTrainTask,
  SiteExecutor,
} from "../world/mod.ts";
import type { ExecutorSetup } from "../fl/executor.ts";
import {
  BlobMissingError,
  type BlobRef,
  bytesToFloats,
  DEFAULT_CHUNK_BYTES,
  deleteBlobs,
  getBlob,
} from "./blob_store.ts";
import { parseRedisUrl } from "./redis_url.ts";
import { StoredVectors } from "./stored_vectors.ts";
import {
  canonicalJson,
  DEFAULT_QUEUE,
  evaluateJobId,
  type EvaluateJobResult,
  fromWire,
  reviveFailure,
  runIdOf,
  setupKey,
  type SiteJobData,
  taskDigest,
  trainJobId,
  type TrainJobResult,
  updateKey,
} from "./site_jobs.ts";

/** Tries per job before it fails (transient errors only; deterministic ones fail at once). */
export const DEFAULT_ATTEMPTS = 5;
/** First retry delay (ms); doubles each attempt. */
export const DEFAULT_BACKOFF_MS = 1_000;
/** Expiry of stored weights, updates and setups (s): a crashed coordinator leaves nothing behind for long. */
export const DEFAULT_TTL_SECONDS = 6 * 3600;

/** Options of {@link BullmqExecutor.create}. */
export interface BullmqExecutorOptions {
  /** Redis address, e.g. `redis://:password@10.0.0.5:6379`. */
  redis: string;
  queue?: string;
  attempts?: number;
  backoffMs?: number;
  ttlSeconds?: number;
  /** Largest piece of a stored value (bytes); Redis refuses values over 512 MB. */
  chunkBytes?: number;
}

/** Counts of what went through Redis, for reports and benches. */
export interface BullmqExecutorStats {
  jobs: number;
  /** Weight bytes hashed and offered to Redis (stored once per distinct vector). */
  bytesSent: number;
  /** Update bytes read back and checked. */
  bytesReceived: number;
}

interface Consumed {
  jobIds: string[];
  refs: BlobRef[];
}

/** Runs site tasks through BullMQ; {@link BullmqExecutor.close} when the run ends. */
export class BullmqExecutor implements SiteExecutor {
  /** SHA-256 of the scenario and seed (16 hex digits); names every job and key of the run. */
  readonly runId: string;
  #queue: Queue;
  #events: QueueEvents;
  #redis: Redis;
  #setupText: string;
  #opts: Required<Omit<BullmqExecutorOptions, "redis" | "queue">>;
  #vectors: StoredVectors;
  #consumed = new Map<number, Consumed>();
  #round = -Infinity;
  #entering: Promise<void> = Promise.resolve();
  #stats: BullmqExecutorStats = { jobs: 0, bytesSent: 0, bytesReceived: 0 };

  private constructor(setup: ExecutorSetup, opts: BullmqExecutorOptions) {
    const connection = parseRedisUrl(opts.redis);
    const name = opts.queue ?? DEFAULT_QUEUE;
    this.runId = runIdOf(setup.scenario, setup.seed);
    this.#setupText = canonicalJson({ scenario: setup.scenario, seed: setup.seed });
    this.#opts = {
      attempts: opts.attempts ?? DEFAULT_ATTEMPTS,
      backoffMs: opts.backoffMs ?? DEFAULT_BACKOFF_MS,
      ttlSeconds: opts.ttlSeconds ?? DEFAULT_TTL_SECONDS,
      chunkBytes: opts.chunkBytes ?? DEFAULT_CHUNK_BYTES,
    };
    this.#queue = new Queue(name, { connection });
    this.#events = new QueueEvents(name, { connection });
    // One listener pair per waiting job: hundreds of sites are normal here.
    this.#events.setMaxListeners(0);
    this.#redis = new Redis(connection);
    this.#vectors = new StoredVectors(this.#redis, this.#opts);
  }

  /** Connects to Redis and stores the run's setup for workers to rebuild its sites. */
  static async create(setup: ExecutorSetup, opts: BullmqExecutorOptions): Promise<BullmqExecutor> {
    const ex = new BullmqExecutor(setup, opts);
    try {
      await Promise.all([ex.#queue.waitUntilReady(), ex.#events.waitUntilReady()]);
      await ex.#storeSetup();
    } catch (err) {
      await ex.close();
      throw err;
    }
    return ex;
  }

  /** What went through Redis so far. */
  stats(): BullmqExecutorStats {
    return { ...this.#stats, bytesSent: this.#vectors.bytesSent };
  }

  async train(siteId: number, task: LocalTrainTask): Promise<LocalTrainResult> {
    await this.#enterRound(task.round);
    const vectors = [task.weights, task.anchor, task.gradCorrection];
    const shas = vectors.map((v) => v && this.#vectors.acquire(v, this.#round));
    try {
      return await this.#train(siteId, task, shas);
    } finally {
      for (const sha of shas) if (sha !== undefined) this.#vectors.release(sha, this.#round);
    }
  }

  async #train(
    siteId: number,
    task: LocalTrainTask,
    shas: (string | undefined)[],
  ): Promise<LocalTrainResult> {
    const [weights, anchor, gradCorrection] = await Promise.all(
      shas.map((sha) => sha === undefined ? undefined : this.#vectors.ref(sha)),
    ) as [BlobRef, BlobRef | undefined, BlobRef | undefined];
    const inputs = {
      siteId,
      round: task.round,
      epochs: task.epochs,
      batchSize: task.batchSize,
      learningRate: task.learningRate,
      seed: task.seed,
      optimizer: task.optimizer,
      proxMu: task.proxMu,
      weights: weights.sha256,
      anchor: anchor?.sha256,
      gradCorrection: gradCorrection?.sha256,
    };
    const jobId = trainJobId(this.runId, task.round, siteId, taskDigest(inputs));
    const data: SiteJobData = {
      kind: "train",
      runId: this.runId,
      siteId,
      round: task.round,
      epochs: task.epochs,
      batchSize: task.batchSize,
      learningRate: task.learningRate,
      seed: task.seed,
      ...(task.optimizer !== undefined ? { optimizer: task.optimizer } : {}),
      ...(task.proxMu !== undefined ? { proxMu: task.proxMu } : {}),
      weights,
      ...(anchor ? { anchor } : {}),
      ...(gradCorrection ? { gradCorrection } : {}),
      update: {
        key: updateKey(jobId),
        ttlSeconds: this.#opts.ttlSeconds,
        chunkBytes: this.#opts.chunkBytes,
      },
    };
    // A completed job left by an earlier coordinator may point at an expired update: run it again.
    for (let tries = 0;; tries++) {
      const r = await this.#runJob(jobId, data) as TrainJobResult;
      let bytes: Uint8Array;
      try {
        bytes = await getBlob(this.#redis, r.update);
      } catch (err) {
        if (!(err instanceof BlobMissingError) || tries > 0) throw err;
        await this.#queue.remove(jobId);
        continue;
      }
      this.#stats.bytesReceived += bytes.byteLength;
      this.#consume(task.round, jobId, r.update);
      return {
        weights: bytesToFloats(bytes),
        steps: r.steps,
        meanLoss: fromWire(r.meanLoss),
        samples: r.samples,
      };
    }
  }

  async evaluate(siteId: number, weights: Float32Array): Promise<LocalEvalResult> {
    await this.#entering;
    const sha = this.#vectors.acquire(weights, this.#round);
    try {
      const ref = await this.#vectors.ref(sha);
      const jobId = evaluateJobId(this.runId, ref.sha256, siteId);
      const r = await this.#runJob(jobId, {
        kind: "evaluate",
        runId: this.runId,
        siteId,
        weights: ref,
      }) as EvaluateJobResult;
      await this.#queue.remove(jobId);
      return { accuracy: fromWire(r.accuracy), loss: fromWire(r.loss), samples: r.samples };
    } finally {
      this.#vectors.release(sha, this.#round);
    }
  }

  /** Deletes what the run left in Redis (updates, jobs) and disconnects. */
  async close(): Promise<void> {
    try {
      await this.#cleanup(Infinity);
      await this.#redis.del(setupKey(this.runId));
    } finally {
      await this.#events.close();
      await this.#queue.close();
      this.#redis.disconnect();
    }
  }

  async #runJob(jobId: string, data: SiteJobData): Promise<unknown> {
    const job = await this.#queue.add(data.kind, data, {
      jobId,
      attempts: this.#opts.attempts,
      backoff: { type: "exponential", delay: this.#opts.backoffMs },
      removeOnComplete: false,
      removeOnFail: false,
    });
    this.#stats.jobs++;
    try {
      return await job.waitUntilFinished(this.#events);
    } catch (err) {
      // Drop the failed job so a later run of the same task starts afresh.
      await this.#queue.remove(jobId).catch(() => 0);
      throw reviveFailure(err instanceof Error ? err.message : String(err));
    }
  }

  #consume(round: number, jobId: string, ref: BlobRef): void {
    let c = this.#consumed.get(round);
    if (c === undefined) this.#consumed.set(round, c = { jobIds: [], refs: [] });
    c.jobIds.push(jobId);
    c.refs.push(ref);
  }

  /**
   * A later round means the earlier rounds were aggregated: delete their
   * updates and jobs now (kept until then so a coordinator that restarts
   * mid-round finds finished work instead of redoing it).
   */
  #enterRound(round: number): Promise<void> {
    if (round > this.#round) {
      this.#round = round;
      // Every call of this round waits for the clean-up, so nothing it stores is deleted under it.
      this.#entering = Promise.all([this.#cleanup(round), this.#storeSetup()]).then(() => {});
    }
    return this.#entering;
  }

  async #cleanup(beforeRound: number): Promise<void> {
    const done = [...this.#consumed].filter(([r]) => r < beforeRound);
    for (const [r] of done) this.#consumed.delete(r);
    const refs = done.flatMap(([, c]) => c.refs);
    const jobIds = done.flatMap(([, c]) => c.jobIds);
    await deleteBlobs(this.#redis, refs);
    await Promise.all(jobIds.map((id) => this.#queue.remove(id)));
    await this.#vectors.dropUnused(beforeRound);
  }

  async #storeSetup(): Promise<void> {
    await this.#redis.set(setupKey(this.runId), this.#setupText, "EX", this.#opts.ttlSeconds);
  }
}
