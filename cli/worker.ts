/**
 * `renkei worker --redis URL`: a process that pulls site tasks from Redis
 * and trains them (see docs/DISTRIBUTED.md). It runs until SIGINT or
 * SIGTERM, then finishes its current tasks and exits 0. The simulation is
 * imported only when the worker starts, so other commands stay fast.
 */
import type { Command } from "commander";
import { backendOption, useBackend, wholeNumber } from "./_options.ts";
import { EXIT_OK, UsageError } from "./exit.ts";
import type { CliIo } from "./io.ts";
import { requireRedisUrl, scenarioProblems } from "./preflight.ts";

/** Options of `renkei worker` as parsed from the command line. */
export interface WorkerCommandOptions {
  redis?: string;
  concurrency: number;
  queue?: string;
  lockMs?: number;
  stalledMs?: number;
  quiet: boolean;
}

/**
 * Runs a worker until `stop` aborts (default: SIGINT or SIGTERM); returns
 * the exit code.
 */
export async function runWorker(
  opts: WorkerCommandOptions,
  io: CliIo,
  stop?: AbortSignal,
): Promise<number> {
  const redis = opts.redis ?? io.env("RENKEI_REDIS");
  if (redis === undefined || redis === "") {
    throw new UsageError(
      "Expected --redis URL (or RENKEI_REDIS) but found neither, e.g. --redis redis://:password@10.0.0.5:6379",
    );
  }
  // The preflight of a worker: its address must parse before anything connects.
  requireRedisUrl(redis);
  const { SiteWorker, redactRedisUrl } = await import("../sim/exec/mod.ts");
  const worker = await SiteWorker.start({
    redis,
    concurrency: opts.concurrency,
    queue: opts.queue,
    lockDurationMs: opts.lockMs,
    stalledIntervalMs: opts.stalledMs,
    log: opts.quiet ? undefined : (line) => io.err(`renkei worker: ${line}`),
    checkScenario: scenarioProblems,
  });
  io.err(
    `renkei worker: pulling site tasks from ${redactRedisUrl(redis)} ` +
      `with ${opts.concurrency} thread(s); Ctrl-C to stop`,
  );
  await new Promise<void>((resolve) => {
    if (stop !== undefined) {
      if (stop.aborted) resolve();
      stop.addEventListener("abort", () => resolve(), { once: true });
      return;
    }
    const onSignal = () => {
      Deno.removeSignalListener("SIGINT", onSignal);
      Deno.removeSignalListener("SIGTERM", onSignal);
      resolve();
    };
    Deno.addSignalListener("SIGINT", onSignal);
    Deno.addSignalListener("SIGTERM", onSignal);
  });
  await worker.close();
  io.err(`renkei worker: stopped after ${worker.completed} task(s)`);
  return EXIT_OK;
}

/** Adds `renkei worker` to the program. */
export function addWorkerCommand(
  program: Command,
  io: CliIo,
  setCode: (code: number) => void,
): void {
  program.command("worker")
    .description("pull site training tasks from Redis (BullMQ) and run them until stopped")
    .option(
      "--redis <url>",
      "Redis address, e.g. redis://:password@10.0.0.5:6379 (or RENKEI_REDIS)",
    )
    .option(
      "--concurrency <n>",
      "site tasks at once, one thread each",
      wholeNumber("--concurrency", 1),
      1,
    )
    .option("--queue <name>", "queue name (default renkei-sites)")
    .option(
      "--lock-ms <n>",
      "job lock duration; a dead worker's task moves on after it",
      wholeNumber("--lock-ms", 1),
    )
    .option(
      "--stalled-ms <n>",
      "how often to look for tasks of dead workers",
      wholeNumber("--stalled-ms", 1),
    )
    .option("--quiet", "no line per task", false)
    // Workers must train on the coordinator's backend: results differ between backends.
    .addOption(backendOption())
    .action(async (opts: WorkerCommandOptions & { backend?: string }) => {
      await useBackend(opts.backend, io.err);
      setCode(await runWorker(opts, io));
    });
}
