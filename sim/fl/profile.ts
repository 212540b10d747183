/**
 * Where a run's real (host) time goes: local training, evaluation, the
 * centralised baseline, aggregation, data generation, and everything else
 * (event handling, bookkeeping, checkpoints). Recorded in every run as
 * `results.extras.wallBreakdown`; its key begins with "wall", so results
 * hashes ignore it (see reports/canonical.ts).
 *
 * @module
 */

import type {
  LocalEvalResult,
  LocalTrainResult,
  LocalTrainTask,
  SiteExecutor,
} from "../world/mod.ts";

/** The phases a run's host time is charged to; time in none of them is "other". */
export type WallPhase = "data" | "aggregate" | "baseline" | "eval" | "train";

/**
 * When phases overlap, the earlier one here is charged: data generated while
 * a site trains is data time; the baseline's per-epoch evaluation is baseline
 * time. Each instant is charged to exactly one phase, so the parts sum to the
 * total.
 */
export const PHASE_PRIORITY: readonly WallPhase[] = [
  "data",
  "aggregate",
  "baseline",
  "eval",
  "train",
];

/** A run's host time by phase (seconds), and the process's peak resident memory. */
export interface WallBreakdown {
  /** Local training; with a worker pool, the time spent waiting for a round's tasks. */
  trainSeconds: number;
  /** The global model on the global test set and on every site's test data. */
  evalSeconds: number;
  /** The centralised baseline: training and its per-epoch evaluation. */
  baselineSeconds: number;
  /** Strategy aggregation (`strategy.aggregate`). */
  aggregateSeconds: number;
  /**
   * Planning sites and generating data in this thread, plus the share of the
   * pool's waiting time its workers spent generating data (see `workerDataSeconds`).
   */
  dataSeconds: number;
  /** Everything else: start-up, event handling, bookkeeping, checkpoints, final passes. */
  otherSeconds: number;
  /** The sum of the parts above: this process's time in the run. */
  totalSeconds: number;
  /** Peak resident set size of the process (all threads), bytes; NaN when unknown. */
  peakRssBytes: number;
  /** Of `dataSeconds`, the part spent generating data in this thread (the rest is the workers' share). */
  mainDataSeconds: number;
  /** Seconds workers spent on tasks (summed over workers); 0 without a pool. */
  workerBusySeconds: number;
  /** Of `workerBusySeconds`, the seconds workers spent generating site data. */
  workerDataSeconds: number;
  /**
   * CPU seconds each busy thread of the process used during the run, largest
   * first (Linux only; empty elsewhere). With a pool, the workers' entries
   * next to `totalSeconds` show whether each worker had a core of its own.
   */
  threadCpuSeconds: number[];
}

/** The two kinds of site task a worker runs. */
export type TaskKind = "train" | "eval";

/** Seconds spent by workers on tasks, and on generating data within them. */
export interface WorkerTimes {
  busySeconds: number;
  dataSeconds: number;
}

/** Marks the start and end of a phase; what executors need to report their data time. */
export interface PhaseMarks {
  enter(phase: WallPhase): void;
  leave(phase: WallPhase): void;
}

/** Runs `fn` inside `phase` (a no-op wrapper when `marks` is undefined). */
export function inPhase<T>(marks: PhaseMarks | undefined, phase: WallPhase, fn: () => T): T {
  marks?.enter(phase);
  try {
    return fn();
  } finally {
    marks?.leave(phase);
  }
}

/** The process's peak resident set size in bytes (Linux `VmHWM`), or NaN where unavailable. */
export function peakRssBytes(): number {
  try {
    const status = Deno.readTextFileSync("/proc/self/status");
    const kb = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
    if (kb !== null) return Number(kb[1]) * 1024;
  } catch {
    // Not Linux (or no /proc): fall through to the current RSS, a lower bound.
  }
  try {
    return Deno.memoryUsage().rss;
  } catch {
    return NaN;
  }
}

/** Clock ticks per second of /proc's CPU times (USER_HZ, 100 on every common Linux). */
const USER_HZ = 100;

/** Threads using less CPU than this during a run are left out of `threadCpuSeconds`. */
const BUSY_THREAD_SECONDS = 0.05;

/** CPU seconds (user + system) used so far by each thread of this process; empty where /proc is missing. */
export function cpuSecondsByThread(): Map<string, number> {
  const out = new Map<string, number>();
  try {
    for (const entry of Deno.readDirSync("/proc/self/task")) {
      try {
        const stat = Deno.readTextFileSync(`/proc/self/task/${entry.name}/stat`);
        // Fields after the command name (which may hold spaces): utime and stime are 14th and 15th.
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        out.set(entry.name, (Number(fields[11]) + Number(fields[12])) / USER_HZ);
      } catch {
        // The thread ended while we read.
      }
    }
  } catch {
    // No /proc: report nothing rather than guess.
  }
  return out;
}

/**
 * A stopwatch that charges every instant since it was created to one phase:
 * the first of {@link PHASE_PRIORITY} that is open, or "other". Phases may be
 * entered several times at once (concurrent site tasks); a phase is open
 * while any entry is unmatched, so overlapping tasks count once.
 *
 * @example
 * ```ts
 * import { WallProfile } from "./profile.ts";
 * const profile = new WallProfile();
 * profile.measure("aggregate", () => [1, 2, 3].reduce((a, b) => a + b));
 * const b = profile.breakdown();
 * if (b.aggregateSeconds < 0 || b.otherSeconds < 0) throw new Error("negative time");
 * ```
 */
export class WallProfile implements PhaseMarks {
  #now: () => number;
  #last: number;
  #open = new Map<WallPhase, number>();
  #seconds: Record<WallPhase | "other", number> = {
    data: 0,
    aggregate: 0,
    baseline: 0,
    eval: 0,
    train: 0,
    other: 0,
  };
  #workers: Record<TaskKind, WorkerTimes> = {
    train: { busySeconds: 0, dataSeconds: 0 },
    eval: { busySeconds: 0, dataSeconds: 0 },
  };

  #cpuAtStart: Map<string, number>;

  constructor(now: () => number = () => performance.now()) {
    this.#now = now;
    this.#last = now();
    this.#cpuAtStart = cpuSecondsByThread();
  }

  #charge(): void {
    const now = this.#now();
    const phase = PHASE_PRIORITY.find((p) => (this.#open.get(p) ?? 0) > 0) ?? "other";
    this.#seconds[phase] += (now - this.#last) / 1000;
    this.#last = now;
  }

  /** Opens `phase` (once more). */
  enter(phase: WallPhase): void {
    if (!PHASE_PRIORITY.includes(phase)) {
      throw new RangeError(`Expected a phase in ${PHASE_PRIORITY.join(", ")} but found ${phase}`);
    }
    this.#charge();
    this.#open.set(phase, (this.#open.get(phase) ?? 0) + 1);
  }

  /** Closes one entry of `phase`. */
  leave(phase: WallPhase): void {
    const open = this.#open.get(phase) ?? 0;
    if (open < 1) throw new RangeError(`Expected phase ${phase} to be open but found it closed`);
    this.#charge();
    this.#open.set(phase, open - 1);
  }

  /** Runs synchronous `fn` inside `phase`. */
  measure<T>(phase: WallPhase, fn: () => T): T {
    return inPhase(this, phase, fn);
  }

  /** Keeps `phase` open from calling `start` until its promise settles. */
  async track<T>(phase: WallPhase, start: () => Promise<T>): Promise<T> {
    this.enter(phase);
    try {
      return await start();
    } finally {
      this.leave(phase);
    }
  }

  /** Seconds charged to `phase` so far (open phases included up to now). */
  seconds(phase: WallPhase | "other"): number {
    this.#charge();
    return this.#seconds[phase];
  }

  /** Adds time that pool workers reported for their tasks of each kind. */
  addWorkerTimes(times: Partial<Record<TaskKind, WorkerTimes>>): void {
    for (const kind of ["train", "eval"] as const) {
      this.#workers[kind].busySeconds += times[kind]?.busySeconds ?? 0;
      this.#workers[kind].dataSeconds += times[kind]?.dataSeconds ?? 0;
    }
  }

  /**
   * The breakdown so far. Waiting for workers is split between the task's
   * own work and data generation in the proportion the workers reported,
   * since the main thread cannot see which of the two it was waiting for.
   */
  breakdown(): WallBreakdown {
    this.#charge();
    const s = this.#seconds;
    const share = (t: WorkerTimes) =>
      t.busySeconds > 0 ? Math.min(1, t.dataSeconds / t.busySeconds) : 0;
    const trainData = s.train * share(this.#workers.train);
    const evalData = s.eval * share(this.#workers.eval);
    const parts = {
      trainSeconds: s.train - trainData,
      evalSeconds: s.eval - evalData,
      baselineSeconds: s.baseline,
      aggregateSeconds: s.aggregate,
      dataSeconds: s.data + trainData + evalData,
      otherSeconds: s.other,
    };
    const { train, eval: ev } = this.#workers;
    const totalSeconds = Object.values(parts).reduce((a, b) => a + b, 0);
    return {
      ...parts,
      totalSeconds,
      peakRssBytes: peakRssBytes(),
      mainDataSeconds: s.data,
      workerBusySeconds: train.busySeconds + ev.busySeconds,
      workerDataSeconds: train.dataSeconds + ev.dataSeconds,
      threadCpuSeconds: [...cpuSecondsByThread()]
        .map(([tid, cpu]) => cpu - (this.#cpuAtStart.get(tid) ?? 0))
        .filter((cpu) => cpu >= BUSY_THREAD_SECONDS)
        .sort((a, b) => b - a),
    };
  }
}

/**
 * Wraps an executor so the time its tasks are outstanding is charged to
 * "train" and "eval"; workers' own data time is read when the executor
 * reports it (the {@link WorkerPool} does).
 */
export function profiledExecutor(inner: SiteExecutor, profile: WallProfile): SiteExecutor {
  return {
    train: (siteId: number, task: LocalTrainTask): Promise<LocalTrainResult> =>
      profile.track("train", () => inner.train(siteId, task)),
    evaluate: (siteId: number, weights: Float32Array): Promise<LocalEvalResult> =>
      profile.track("eval", () => inner.evaluate(siteId, weights)),
  };
}
