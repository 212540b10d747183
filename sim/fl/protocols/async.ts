/**
 * Asynchronous aggregation, FedBuff (Nguyen et al., AISTATS 2022, Alg. 1): up
 * to `concurrency` sites train at once, each from the global model current
 * when it was dispatched; finished updates go into a buffer, and every
 * `bufferSize` (K) updates the server applies
 * x ← x + η_g·(1/K)·Σ s(τᵢ)·(yᵢ − x_dispatch(i)). The strategy turns the
 * staleness-weighted deltas into its proposed global (FedAvg: x plus their
 * mean; server optimisers: their step with that mean as pseudo-gradient) and
 * η_g scales that step. A finished site is replaced by a new one at once. One
 * "round" is one aggregation. The protocol is a class whose fields are the
 * state a checkpoint saves; trip bookkeeping without state is in _async_trip.ts.
 */

import { Engine } from "../../engine/mod.ts";
import type { Federation } from "../round/federation.ts";
import { vectorBytes } from "../round/messages.ts";
import {
  commitSiteState,
  type DivergedSite,
  prepareSite,
  type TrainedSite,
  trainPrepared,
} from "../round/site_training.ts";
import { serverStep, type SiteFailure } from "../strategies/mod.ts";
import { AsyncBuffer } from "./_async_buffer.ts";
import type { Protocol, RoundStep } from "./protocol.ts";
import { rejectNonFinite, restoreSecurity, securityState } from "../security/mod.ts";
import { type AsyncState, type Dispatch, recordTripSpans, tripFailure } from "./_async_trip.ts";

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

/** Creates the FedBuff-style protocol. */
export function createAsyncProtocol(fed: Federation, settings: AsyncSettings): Protocol {
  return new AsyncProtocol(fed, settings);
}

/** The FedBuff-style protocol: an engine of site trips, a buffer, and the global's version. */
class AsyncProtocol implements Protocol {
  readonly name = "async";
  #engine = new Engine();
  #version = 0;
  #dispatches = 0;
  #retryAt: number | null = null;
  #global: Float32Array | null = null;
  readonly #inFlight = new Map<number, Dispatch>();
  readonly #buffer = new AsyncBuffer();
  #dispatchedSinceAggregate = 0;
  #aggregated: RoundStep | null = null;
  #round = 0;
  readonly #modelBytes: number;
  readonly #concurrency: number;
  readonly #serverLearningRate: number;

  constructor(private readonly fed: Federation, private readonly settings: AsyncSettings) {
    this.#modelBytes = vectorBytes(fed.weightCount);
    this.#concurrency = Math.min(settings.concurrency, fed.world.size);
    this.#serverLearningRate = settings.serverLearningRate ?? 1;
  }

  async step(r: number, time: number, current: Float32Array): Promise<RoundStep> {
    this.#round = r;
    this.#global = current;
    this.#aggregated = null;
    if (this.#engine.pending === 0 && this.#inFlight.size === 0) {
      this.#engine.run({ until: time });
      this.#fillUp(this.#engine);
    }
    while (this.#aggregated === null) {
      if (this.#engine.pending === 0) {
        throw new RangeError(`Expected pending site updates in async round ${r} but found none`);
      }
      await this.#engine.runAsync();
    }
    return this.#aggregated;
  }

  state(): AsyncState {
    // Sites dispatched after an aggregation may already have failed, and with
    // K > 1 updates can wait: the buffer travels with the checkpoint.
    return {
      version: this.#version,
      dispatches: this.#dispatches,
      time: this.#engine.now,
      inFlight: [...this.#inFlight.values()],
      retryAt: this.#retryAt,
      dispatchedSinceAggregate: this.#dispatchedSinceAggregate,
      security: securityState(this.fed),
      buffer: this.#buffer.state(),
    };
  }

  restore(saved: unknown): void {
    const s = saved as AsyncState;
    this.#engine = new Engine();
    this.#engine.run({ until: s.time });
    this.#version = s.version;
    this.#dispatches = s.dispatches;
    this.#inFlight.clear();
    this.#buffer.restore(s.buffer);
    // Redo the in-flight trips: training is a pure function of what was dispatched.
    for (const d of s.inFlight) this.#launch(this.#engine, d, true);
    this.#dispatchedSinceAggregate = s.dispatchedSinceAggregate;
    restoreSecurity(this.fed, s.security);
    this.#retryAt = null;
    if (s.retryAt !== null) this.#scheduleRetry(s.retryAt);
  }

  #fail(siteId: number, reason: SiteFailure["reason"]): void {
    this.#buffer.fail({ siteId, reason });
    this.fed.failed[siteId]++;
  }

  /** A trip ended: its site is free, and the global it trained from may be forgotten. */
  #land(siteId: number): void {
    this.#inFlight.delete(siteId);
    this.#buffer.prune([...this.#inFlight.values()].map((d) => d.version));
  }

  /** Sends the current global to one more site not already training. */
  #dispatchOne(e: Engine): boolean {
    const fed = this.fed;
    for (let attempt = 0; attempt < fed.world.size; attempt++) {
      const n = this.#dispatches++;
      const idle = fed.world.sites.filter((s) => !this.#inFlight.has(s.id)).map((s) => s.id);
      if (idle.length === 0) return false;
      const siteId = idle[fed.streams.stream(`sampling/dispatch-${n}`).int(idle.length)];
      this.#dispatchedSinceAggregate++;
      const site = fed.world.site(siteId);
      if (!site.availability.isOnline(`dispatch-${n}`, e.now)) {
        this.#fail(siteId, "offline");
        continue;
      }
      if (site.device.memoryBytes < fed.memoryNeeded) {
        this.#fail(siteId, "dropped");
        continue;
      }
      const global = this.#global!;
      const prepared = prepareSite(
        fed,
        fed.strategy,
        siteId,
        global,
        this.#version + 1,
        `dispatch-${n}`,
      );
      this.#buffer.rememberDispatch(this.#version, global);
      this.#launch(e, { siteId, n, version: this.#version, time: e.now, prepared });
      return true;
    }
    return false;
  }

  #fillUp(e: Engine): void {
    while (this.#inFlight.size < this.#concurrency && this.#dispatchOne(e));
    if (this.#inFlight.size === 0 && this.#retryAt === null) {
      this.#scheduleRetry(e.now + ASYNC_RETRY_S);
    }
  }

  #scheduleRetry(at: number): void {
    this.#retryAt = at;
    this.#engine.schedule(at, (e) => {
      this.#retryAt = null;
      this.#fillUp(e);
    }, { kind: "retry" });
  }

  /** Starts a site's training now (in parallel) and schedules its trip's events. */
  #launch(e: Engine, d: Dispatch, resumed = false): void {
    const fed = this.fed;
    this.#inFlight.set(d.siteId, d);
    const training = trainPrepared(fed, fed.strategy, d.prepared);
    // Awaited by the dispatch event; this keeps an early failure from going unhandled meanwhile.
    training.catch(() => {});
    // Download and compute do not depend on the result; the upload size might.
    const rng = fed.streams.stream(`world/site-${d.siteId}/link/dispatch-${d.n}`);
    // A resumed run's ledger already counts the model it sent before the checkpoint.
    if (!resumed) fed.ledger.record("model-down", this.#modelBytes);
    // Its dispatch event ran before the checkpoint unless it was dispatched at that very instant.
    const dispatchCounted = resumed && d.time < e.now;
    // A resumed run relaunches trips dispatched before its clock: their events start now.
    e.schedule(Math.max(e.now, d.time), async (e2) => {
      const result: TrainedSite | DivergedSite = await training;
      const controlDown = "diverged" in result ? 0 : result.controlDownBytes;
      const controlUp = "diverged" in result ? 0 : result.controlUpBytes;
      if (controlDown > 0 && !dispatchCounted) fed.ledger.record("control-down", controlDown);
      const trip = fed.world.site(d.siteId).roundTrip(
        fed.perSample,
        fed.training.epochs,
        this.#modelBytes + controlDown,
        this.#modelBytes + controlUp,
        rng,
      );
      this.#scheduleTripEnd(e2, d, result, trip);
    }, { kind: "dispatch", priority: -1 });
  }

  /** Schedules how a trip ends: its failure, or its update's arrival in the buffer. */
  #scheduleTripEnd(
    e: Engine,
    d: Dispatch,
    result: TrainedSite | DivergedSite,
    trip: { total: number; download: number; compute: number },
  ): void {
    const fed = this.fed;
    const end = d.time + trip.total;
    const dropAt = fed.world.site(d.siteId).availability.firstOfflineIn(d.time, end);
    const deadline = this.settings.deadline;
    const giveUpAt = deadline !== undefined && trip.total > deadline ? d.time + deadline : null;
    const downloaded = d.time + trip.download;
    const phases = {
      siteId: d.siteId,
      start: d.time,
      downloaded,
      computed: downloaded + trip.compute,
      end,
    };
    if ("diverged" in result || dropAt !== null || giveUpAt !== null) {
      const diverged = "diverged" in result;
      const at = diverged ? phases.computed : Math.min(dropAt ?? Infinity, giveUpAt ?? Infinity);
      e.schedule(at, (e3) => {
        recordTripSpans(fed, phases, at);
        this.#land(d.siteId);
        this.#fail(d.siteId, tripFailure(diverged, dropAt, at));
        this.#fillUp(e3);
      }, { kind: "failure" });
      return;
    }
    e.schedule(end, (e3) => {
      recordTripSpans(fed, phases, end);
      fed.ledger.record("update-up", this.#modelBytes);
      if (result.controlUpBytes > 0) fed.ledger.record("control-up", result.controlUpBytes);
      // Hardened inputs: a non-finite update is refused with its site and round logged.
      if (rejectNonFinite(fed, result.update, this.#round) !== null) {
        this.#land(d.siteId);
        this.#fail(d.siteId, "rejected");
        this.#fillUp(e3);
        return;
      }
      commitSiteState(fed, result);
      // The update joins the buffer before its trip lands, so the global it needs is kept.
      this.#buffer.add(result.update, d.version);
      this.#land(d.siteId);
      if (this.#buffer.size >= this.settings.bufferSize) this.#aggregate(e3);
      this.#fillUp(e3);
    }, { kind: "arrival" });
  }

  #aggregate(e: Engine): void {
    const fed = this.fed;
    const global = this.#global!;
    const { updates, failures } = this.#buffer.take(this.#version);
    // The strategy applies s(τᵢ) to each delta and proposes a global; η_g scales that step.
    const proposed = fed.strategy.aggregate(global, updates, failures, this.#round);
    const next = serverStep(global, proposed, this.#serverLearningRate);
    for (const u of updates) fed.participated[u.siteId]++;
    const samples = updates.reduce((a, u) => a + u.numSamples, 0);
    this.#aggregated = {
      global: next,
      closeTime: e.now,
      sampled: this.#dispatchedSinceAggregate,
      completed: updates.length,
      failures,
      meanLoss: samples > 0
        ? updates.reduce((a, u) => a + u.meanLoss * u.numSamples, 0) / samples
        : NaN,
    };
    this.#global = next;
    this.#version++;
    this.#dispatchedSinceAggregate = 0;
    e.stop();
  }
}
