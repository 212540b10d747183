/**
 * Running site tasks on other processes and machines through BullMQ and
 * Redis, with the same numbers as in-process training: the coordinator's
 * {@link BullmqExecutor} and the worker's {@link SiteWorker}.
 *
 * @module
 */

export {
  BullmqExecutor,
  type BullmqExecutorOptions,
  type BullmqExecutorStats,
  DEFAULT_ATTEMPTS,
  DEFAULT_BACKOFF_MS,
  DEFAULT_TTL_SECONDS,
} from "./bullmq_executor.ts";
export {
  DEFAULT_LOCK_MS,
  DEFAULT_MAX_STALLED,
  DEFAULT_STALLED_INTERVAL_MS,
  SiteWorker,
  type SiteWorkerOptions,
} from "./site_worker.ts";
export {
  BlobCorruptError,
  BlobMissingError,
  type BlobRef,
  bytesToFloats,
  DEFAULT_CHUNK_BYTES,
  deleteBlobs,
  floatBytes,
  getBlob,
  MAX_REDIS_VALUE_BYTES,
  putBlob,
  putContent,
  sha256Hex,
} from "./blob_store.ts";
export {
  DEFAULT_REDIS_PORT,
  parseRedisUrl,
  redactRedisUrl,
  type RedisConnection,
} from "./redis_url.ts";
export { DEFAULT_QUEUE, evaluateJobId, runIdOf, trainJobId, updateKey } from "./site_jobs.ts";
