/**
 * Asynchronous aggregation, FedBuff (Nguyen et al., AISTATS 2022, Alg. 1): up
 * to `concurrency` sites train at once, each from the global model current
 * when it was dispatched; finished updates go into a buffer, and every
 * `bufferSize` (K) updates the server applies
 * x ← x + η_g·(1/K)·Σ s(τᵢ)·(yᵢ − x_dispatch(i)). The strategy turns the
 * staleness-weighted deltas into its proposed global (FedAvg: x plus their
 * mean; server optimisers: their step with that mean as pseudo-gradient) and
 * η_g scales that step. A finished site is replaced by a new one at once. One
 * "round" is one aggregation.
 */

import { Engine } from "../../engine/mod.ts";
import type { Federation } from "../federation.ts";
import { vectorBytes } from "../messages.ts";
import {
  commitSiteState,
  type DivergedSite,
  type PreparedSite,
  prepareSite,
  type TrainedSite,
  trainPrepared,
} from "../site_training.ts";
import { serverStep, type SiteFailure } from "../strategies/mod.ts";
import { AsyncBuffer, type AsyncBufferState } from "./_async_buffer.ts";
import type { Protocol, RoundStep } from "./protocol.ts";
import {
  rejectNonFinite,
  restoreSecurity,
  type SecurityLog,
  securityState,
} from "../security/mod.ts";

/** Settings of asynchronous training (from `scenario.training`). */
export interface AsyncSettings {
  bufferSize: number;
  concurrency: number;
  /** A site whose round trip takes longer is given up on (a `deadline` failure). */
  deadline?: number;
  /** FedBuff's server learning rate η_g (default 1). */
  serverLearningRate?: number;
}

/** Wait before trying again when every site was offline. */
export const ASYNC_RETRY_S = 10;

/** One dispatched site, as saved in a checkpoint. */
interface Dispatch {
  siteId: number;
  /** Dispatch counter: names the site's streams for this trip. */
  n: number;
  version: number;
  time: number;
  /** What the site's hooks decided at dispatch (kept so a resumed run can redo its training). */
  prepared: PreparedSite;
}

interface AsyncState {
  version: number;
  dispatches: number;
  time: number;
  inFlight: Dispatch[];
  retryAt: number | null;
  /** Dispatches made after the last aggregation (they count towards the next round). */
  dispatchedSinceAggregate: number;
  /** The security log (rejected updates); absent in checkpoints made before it existed. */
  security?: SecurityLog;
  /** Updates and failures waiting for the next aggregation, and the globals they need. */
  buffer?: AsyncBufferState;
}

/** Creates the FedBuff-style protocol. */
export function createAsyncProtocol(fed: Federation, settings: AsyncSettings): Protocol {
  let engine = new Engine();
  let version = 0;
  let dispatches = 0;
  let retryAt: number | null = null;
  let global: Float32Array | null = null;
  const inFlight = new Map<number, Dispatch>();
  const buffer = new AsyncBuffer();
  let dispatchedSinceAggregate = 0;
  let aggregated: RoundStep | null = null;
  let round = 0;
  const modelBytes = vectorBytes(fed.weightCount);
  const concurrency = Math.min(settings.concurrency, fed.world.size);
  const serverLearningRate = settings.serverLearningRate ?? 1;

  const fail = (siteId: number, reason: SiteFailure["reason"]) => {
    buffer.fail({ siteId, reason });
    fed.failed[siteId]++;
  };
  /** A trip ended: its site is free, and the global it trained from may be forgotten. */
  const land = (siteId: number) => {
    inFlight.delete(siteId);
    buffer.prune([...inFlight.values()].map((d) => d.version));
  };

  /** Sends the current global to one more site not already training. */
  function dispatchOne(e: Engine): boolean {
    for (let attempt = 0; attempt < fed.world.size; attempt++) {
      const n = dispatches++;
      const idle = fed.world.sites.filter((s) => !inFlight.has(s.id)).map((s) => s.id);
      if (idle.length === 0) return false;
      const siteId = idle[fed.streams.stream(`sampling/dispatch-${n}`).int(idle.length)];
      dispatchedSinceAggregate++;
      const site = fed.world.site(siteId);
      if (!site.availability.isOnline(`dispatch-${n}`, e.now)) {
        fail(siteId, "offline");
        continue;
      }
      if (site.device.memoryBytes < fed.memoryNeeded) {
        fail(siteId, "dropped");
        continue;
      }
      const prepared = prepareSite(
        fed,
        fed.strategy,
        siteId,
        global!,
        version + 1,
        `dispatch-${n}`,
      );
      buffer.rememberDispatch(version, global!);
      launch(e, { siteId, n, version, time: e.now, prepared });
      return true;
    }
    return false;
  }

  function fillUp(e: Engine): void {
    while (inFlight.size < concurrency && dispatchOne(e));
    if (inFlight.size === 0 && retryAt === null) scheduleRetry(e.now + ASYNC_RETRY_S);
  }

  function scheduleRetry(at: number): void {
    retryAt = at;
    engine.schedule(at, (e) => {
      retryAt = null;
      fillUp(e);
    }, { kind: "retry" });
  }

  /** Starts a site's training now (in parallel) and schedules its trip's events. */
  function launch(e: Engine, d: Dispatch, resumed = false): void {
    inFlight.set(d.siteId, d);
    const site = fed.world.site(d.siteId);
    const key = `dispatch-${d.n}`;
    const training = trainPrepared(fed, fed.strategy, d.prepared);
    // Awaited by the dispatch event; this keeps an early failure from going unhandled meanwhile.
    training.catch(() => {});
    // Download and compute do not depend on the result; the upload size might.
    const rng = fed.streams.stream(`world/site-${d.siteId}/link/${key}`);
    // A resumed run's ledger already counts the model it sent before the checkpoint.
    if (!resumed) fed.ledger.record("model-down", modelBytes);
    // Its dispatch event ran before the checkpoint unless it was dispatched at that very instant.
    const dispatchCounted = resumed && d.time < e.now;
    // A resumed run relaunches trips dispatched before its clock: their events start now.
    e.schedule(Math.max(e.now, d.time), async (e2) => {
      const result: TrainedSite | DivergedSite = await training;
      const controlDown = "diverged" in result ? 0 : result.controlDownBytes;
      const controlUp = "diverged" in result ? 0 : result.controlUpBytes;
      if (controlDown > 0 && !dispatchCounted) fed.ledger.record("control-down", controlDown);
      const trip = site.roundTrip(
        fed.perSample,
        fed.training.epochs,
        modelBytes + controlDown,
        modelBytes + controlUp,
        rng,
      );
      const end = d.time + trip.total;
      const dropAt = site.availability.firstOfflineIn(d.time, end);
      const giveUpAt = settings.deadline !== undefined && trip.total > settings.deadline
        ? d.time + settings.deadline
        : null;
      const t1 = d.time + trip.download, t2 = t1 + trip.compute;
      const spans = (until: number) => {
        for (
          const [state, a, b] of [["download", d.time, t1], ["compute", t1, t2], [
            "upload",
            t2,
            end,
          ]] as const
        ) {
          if (a < until) {
            fed.timeline.push({ siteId: d.siteId, state, start: a, end: Math.min(b, until) });
          }
        }
      };
      if ("diverged" in result || dropAt !== null || giveUpAt !== null) {
        const at = "diverged" in result ? t2 : Math.min(dropAt ?? Infinity, giveUpAt ?? Infinity);
        e2.schedule(at, (e3) => {
          spans(at);
          land(d.siteId);
          fail(
            d.siteId,
            "diverged" in result
              ? "diverged"
              : dropAt !== null && dropAt <= at
              ? "dropped"
              : "deadline",
          );
          fillUp(e3);
        }, { kind: "failure" });
        return;
      }
      e2.schedule(end, (e3) => {
        spans(end);
        fed.ledger.record("update-up", modelBytes);
        if (result.controlUpBytes > 0) fed.ledger.record("control-up", result.controlUpBytes);
        // Hardened inputs: a non-finite update is refused with its site and round logged.
        if (rejectNonFinite(fed, result.update, round) !== null) {
          land(d.siteId);
          fail(d.siteId, "rejected");
          fillUp(e3);
          return;
        }
        commitSiteState(fed, result);
        // The update joins the buffer before its trip lands, so the global it needs is kept.
        buffer.add(result.update, d.version);
        land(d.siteId);
        if (buffer.size >= settings.bufferSize) aggregate(e3);
        fillUp(e3);
      }, { kind: "arrival" });
    }, { kind: "dispatch", priority: -1 });
  }

  function aggregate(e: Engine): void {
    const { updates, failures } = buffer.take(version);
    // The strategy applies s(τᵢ) to each delta and proposes a global; η_g scales that step.
    const proposed = fed.strategy.aggregate(global!, updates, failures, round);
    const next = serverStep(global!, proposed, serverLearningRate);
    for (const u of updates) fed.participated[u.siteId]++;
    const samples = updates.reduce((a, u) => a + u.numSamples, 0);
    aggregated = {
      global: next,
      closeTime: e.now,
      sampled: dispatchedSinceAggregate,
      completed: updates.length,
      failures,
      meanLoss: samples > 0
        ? updates.reduce((a, u) => a + u.meanLoss * u.numSamples, 0) / samples
        : NaN,
    };
    global = next;
    version++;
    dispatchedSinceAggregate = 0;
    e.stop();
  }

  return {
    name: "async",
    async step(r: number, time: number, current: Float32Array): Promise<RoundStep> {
      round = r;
      global = current;
      aggregated = null;
      if (engine.pending === 0 && inFlight.size === 0) {
        engine.run({ until: time });
        fillUp(engine);
      }
      while (aggregated === null) {
        if (engine.pending === 0) {
          throw new RangeError(
            `Expected pending site updates in async round ${r} but found none`,
          );
        }
        await engine.runAsync();
      }
      return aggregated;
    },
    state(): AsyncState {
      // Sites dispatched after an aggregation may already have failed, and with
      // K > 1 updates can wait: the buffer travels with the checkpoint.
      return {
        version,
        dispatches,
        time: engine.now,
        inFlight: [...inFlight.values()],
        retryAt,
        dispatchedSinceAggregate,
        security: securityState(fed),
        buffer: buffer.state(),
      };
    },
    restore(saved: unknown): void {
      const s = saved as AsyncState;
      engine = new Engine();
      engine.run({ until: s.time });
      version = s.version;
      dispatches = s.dispatches;
      inFlight.clear();
      buffer.restore(s.buffer);
      // Redo the in-flight trips: training is a pure function of what was dispatched.
      for (const d of s.inFlight) launch(engine, d, true);
      dispatchedSinceAggregate = s.dispatchedSinceAggregate;
      restoreSecurity(fed, s.security);
      retryAt = null;
      if (s.retryAt !== null) scheduleRetry(s.retryAt);
    },
  };
}
