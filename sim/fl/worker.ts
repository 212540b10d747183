/**
 * A worker of the pool: its own TensorFlow.js, model and site data
 * (regenerated from the seed); it answers train and evaluate requests one at
 * a time. Only weights and numbers cross the thread boundary. The same
 * worker, started alone, trains the centralised baseline (baseline_worker.ts).
 */

/// <reference lib="deno.worker" />

import { LocalExecutor } from "./executor.ts";
import type { PooledNote, WorkerReply, WorkerRequest } from "./pool.ts";
import { WallProfile } from "./profile.ts";
import { RngStreams } from "../engine/mod.ts";
import { trainCentral } from "./baseline.ts";
import type { BaselineProgress, BaselineRequest, PooledShare } from "./baseline_worker.ts";

let executor: LocalExecutor | null = null;
// Counts this worker's data generation, so the run can tell it from training.
const profile = new WallProfile();

function reply(message: WorkerReply, transfer: Transferable[] = []): void {
  self.postMessage(message, transfer);
}

self.onmessage = async (ev: MessageEvent<WorkerRequest | BaselineRequest | PooledNote>) => {
  const req = ev.data;
  if (req.type === "pooled") {
    // Not a task (no reply): from now on training tasks read sites from the shared pooled data.
    executor?.usePooledTrain(req.data);
    return;
  }
  const started = performance.now();
  const dataBefore = profile.seconds("data");
  const times = () => ({
    busySeconds: (performance.now() - started) / 1000,
    dataSeconds: profile.seconds("data") - dataBefore,
  });
  try {
    if (req.type === "init") {
      executor = await LocalExecutor.create(req.setup, profile);
      reply({ id: req.id, ok: true, value: executor.backend });
      return;
    }
    if (executor === null) {
      throw new TypeError(`Expected an initialised worker but found a ${req.type} request first`);
    }
    if (req.type === "baseline") {
      // A dedicated worker (sim/fl/baseline_worker.ts): the same streams the main thread would derive.
      const progress = (epoch: number) =>
        self.postMessage({ id: req.id, epoch } as BaselineProgress);
      if (req.sharePooled) {
        executor.data.onPooledTrain = (pooled) =>
          self.postMessage({ id: req.id, pooled } as PooledShare);
      }
      const central = trainCentral(
        executor,
        req.initial,
        req.settings,
        new RngStreams(req.seed),
        progress,
      );
      reply({ id: req.id, ok: true, value: central, times: times() });
    } else if (req.type === "train") {
      const r = await executor.train(req.siteId, req.task);
      reply({ id: req.id, ok: true, value: r, times: times() }, [r.weights.buffer as ArrayBuffer]);
    } else {
      const r = await executor.evaluate(req.siteId, req.weights);
      reply({ id: req.id, ok: true, value: r, times: times() });
    }
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    reply({
      id: req.id,
      ok: false,
      error: { name: e.name, message: e.message, stack: e.stack },
      times: times(),
    });
  }
};
