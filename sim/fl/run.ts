/**
 * The run loop: build the world, train the centralised baseline, drive the
 * protocol round by round (evaluating and checkpointing after each), then
 * assemble {@link RunResults}. Real numerics, virtual time.
 */

import { join } from "node:path";
import { createProgress, RngStreams } from "../engine/mod.ts";
import { buildWorld, type SiteExecutor } from "../world/mod.ts";
import type { Scenario } from "../../scenarios/mod.ts";
import { siteBlueprints } from "./data_setup.ts";
import { createStrategy, type Strategy } from "./strategies/mod.ts";
import { LocalExecutor } from "./executor.ts";
import { describeBackend } from "../../models/mod.ts";
import { WorkerPool } from "./pool.ts";
import { createFederation } from "./federation.ts";
import { evaluatesGlobal, evaluateSites } from "./evaluation.ts";
import { type BaselineSettings, trainCentral } from "./baseline.ts";
import {
  type BaselineRun,
  baselineRun as runningBaseline,
  startBaselineWorker,
} from "./baseline_worker.ts";
import { loadCheckpoint, saveCheckpoint } from "./checkpoint.ts";
import {
  fingerprintSettings,
  type RunState,
  scenarioFingerprint,
  withoutExecution,
} from "./run_state.ts";
import { createProtocol, type EdgeOwner } from "./protocols/mod.ts";
import { failuresByCause, summarize } from "../results/summary.ts";
import type { RoundRecord, RunResults, SiteRecord } from "../results/results.ts";
import { retentionWithSpread, robustnessConfig } from "../robustness/mod.ts";
import { finalPasses } from "./final_passes.ts";
import { securityExtras } from "./security/mod.ts";
import { strategyParams } from "./strategy_setup.ts";
import { profiledExecutor, WallProfile } from "./profile.ts";

/** Options of {@link runScenario}. */
export interface RunOptions {
  /** Overrides the scenario's seed. */
  seed?: number;
  /** Worker threads for local training; 0 trains in this thread. Default: the scenario's. */
  workers?: number;
  /** Where checkpoints go (`outDir/checkpoint`); none are written without it. */
  outDir?: string;
  /** Continue from the checkpoint in `outDir/checkpoint` when there is one. */
  resume?: boolean;
  /** No progress on stderr (also RENKEI_QUIET=1). */
  quiet?: boolean;
  /**
   * Runs site tasks instead of the worker pool (e.g. a BullmqExecutor over
   * Redis); the caller creates it for the same scenario and seed, and closes it.
   */
  siteExecutor?: SiteExecutor;
}

/** Message kinds counted as travelling towards sites (the rest travel up). */
const DOWN_KINDS = ["model-down", "control-down", "eval-model-down", "edge-model-down"];

function bytesSplit(totals: Record<string, number>): { down: number; up: number } {
  let down = 0, up = 0;
  for (const [k, v] of Object.entries(totals)) {
    if (DOWN_KINDS.includes(k)) down += v;
    else up += v;
  }
  return { down, up };
}

/**
 * Runs a scenario end to end and returns its results. The same scenario and
 * seed give the same results for any worker count, and a run resumed from
 * its checkpoint ends as an uninterrupted one would.
 */
export async function runScenario(scenario: Scenario, opts: RunOptions = {}): Promise<RunResults> {
  const wallStart = performance.now();
  // Host time by phase, recorded as extras.wallBreakdown (issue #10: simulator overhead).
  const profile = new WallProfile();
  const seed = opts.seed ?? scenario.seed;
  const quiet = opts.quiet ?? Deno.env.get("RENKEI_QUIET") === "1";
  const streams = new RngStreams(seed);
  // One worker per core unless told otherwise: site tasks are independent and results do not depend on it.
  const workers = opts.workers ?? scenario.training.workers ?? navigator.hardwareConcurrency;
  if (!Number.isInteger(workers) || workers < 0) {
    throw new RangeError(`Expected workers to be an integer >= 0 but found ${workers}`);
  }
  // Workers start before this thread sets up, so their start-up overlaps ours.
  const pool = opts.siteExecutor === undefined && workers > 0
    ? new WorkerPool(workers, { scenario, seed })
    : null;
  let main: LocalExecutor;
  try {
    main = await LocalExecutor.create({ scenario, seed }, profile);
  } catch (err) {
    pool?.terminate();
    throw err;
  }
  let baselineRun: BaselineRun | null = null;
  try {
    await pool?.ready();
    const executor = profiledExecutor(opts.siteExecutor ?? pool ?? main, profile);
    const world = buildWorld(siteBlueprints(scenario, main.plans), streams);
    world.attach(executor);
    const initial = main.initialWeights();
    const layout = main.layout();
    const t = scenario.training;
    const makeStrategy = (
      name: string,
      params: Record<string, unknown>,
      totalSites = world.size,
    ): Strategy => {
      const s = createStrategy(name, params);
      s.init(initial, layout, { totalSites, localOptimizer: { ...t.optimizer } });
      // Timed in place (an own property) so every protocol's calls are counted as aggregation.
      const aggregate = s.aggregate.bind(s);
      s.aggregate = (...args) => profile.measure("aggregate", () => aggregate(...args));
      return s;
    };
    // An edge aggregator's strategy counts only its own sites (SCAFFOLD's c_e is their mean).
    const siteStrategy = (owner?: EdgeOwner) =>
      makeStrategy(t.strategy.name, strategyParams(scenario, streams, owner), owner?.siteCount);
    // Hierarchical: edges run the scenario's strategy; the cloud averages edge models.
    const strategy = t.protocol === "hierarchical" ? makeStrategy("fedavg", {}) : siteStrategy();
    const fed = createFederation(scenario, {
      seed,
      streams,
      world,
      strategy,
      perSample: main.flopsPerSample(),
      weightCount: initial.length,
    });
    const protocol = createProtocol(scenario, fed, siteStrategy);
    const fingerprint = scenarioFingerprint(scenario, seed);
    const checkpointDir = opts.outDir !== undefined ? join(opts.outDir, "checkpoint") : null;

    let state: RunState = {
      fingerprint,
      settings: fingerprintSettings(scenario, seed),
      round: 0,
      time: 0,
      global: initial,
      strategy: {},
      protocol: null,
      siteStates: fed.siteStates,
      rounds: [],
      timeline: fed.timeline,
      participated: fed.participated,
      failed: fed.failed,
      ledger: fed.ledger.snapshot(),
      siteEvaluations: [],
      central: null,
      wallSeconds: 0,
    };
    let centralDone = !scenario.baseline.enabled;
    if (opts.resume && checkpointDir !== null) {
      const saved = loadCheckpoint<RunState>(checkpointDir);
      if (saved !== null) {
        if (saved.state.fingerprint !== fingerprint) {
          throw new TypeError(
            `Expected a checkpoint of this scenario and seed (${fingerprint}) but found one of ` +
              `${saved.state.fingerprint} in ${checkpointDir}`,
          );
        }
        state = saved.state;
        fed.siteStates = state.siteStates;
        fed.timeline = state.timeline;
        fed.participated = state.participated;
        fed.failed = state.failed;
        fed.ledger.restore(state.ledger);
        strategy.restore(state.strategy);
        if (state.round > 0) protocol.restore(state.protocol);
        centralDone ||= state.central !== null;
      }
    }
    const priorWall = state.wallSeconds;
    const wall = () => priorWall + (performance.now() - wallStart) / 1000;
    const checkpoint = () => {
      // A baseline on its own worker joins the state as soon as it has finished.
      state.central ??= baselineRun?.settled() ?? null;
      if (checkpointDir === null) return;
      state.strategy = strategy.state();
      state.protocol = state.round > 0 ? protocol.state() : null;
      state.siteStates = fed.siteStates;
      state.timeline = fed.timeline;
      state.ledger = fed.ledger.snapshot();
      state.wallSeconds = wall();
      saveCheckpoint(checkpointDir, state.round, state);
    };

    const settings: BaselineSettings = {
      epochs: scenario.baseline.epochs,
      batchSize: t.batchSize,
      learningRate: t.learningRate,
      optimizer: { ...t.optimizer },
    };
    // A baseline alongside the rounds reports its epochs in the rounds' progress
    // line (two bars would overwrite each other); a bar of its own only while
    // the run waits for it at the end.
    let baselineEpochs = 0;
    let baselineWait: ReturnType<typeof createProgress> | null = null;
    const onBaselineEpoch = (epoch: number) => {
      baselineEpochs = epoch;
      baselineWait?.tick();
    };
    if (!centralDone && pool !== null) {
      // Site tasks run on the pool, so this thread would wait through the
      // baseline with the workers idle: one worker trains it while the others
      // take site tasks (and only that worker ever holds the pooled data).
      baselineRun = runningBaseline(pool.trainBaseline(initial, settings, seed, onBaselineEpoch));
    } else if (!centralDone && opts.siteExecutor !== undefined) {
      // Site tasks run on other machines: a local thread of its own trains it.
      baselineRun = startBaselineWorker({ scenario, seed }, initial, settings, onBaselineEpoch);
    } else if (!centralDone) {
      const baselineProgress = createProgress("baseline", settings.epochs, { quiet });
      state.central = profile.measure(
        "baseline",
        () => trainCentral(main, initial, settings, streams, () => baselineProgress.tick()),
      );
      baselineProgress.done();
      checkpoint();
    }
    const baselineNote = () =>
      baselineRun !== null && state.central === null
        ? `  baseline ${baselineEpochs}/${settings.epochs}`
        : "";

    const progress = createProgress(`${t.protocol} ${t.strategy.name}`, t.rounds, { quiet });
    if (state.round > 0) progress.tick(Math.min(state.round, t.rounds));
    for (let round = state.round + 1; round <= t.rounds; round++) {
      const baselineFailure = baselineRun?.failure() ?? null;
      if (baselineFailure !== null) throw baselineFailure;
      const before = bytesSplit(fed.ledger.bytesByKind());
      const step = await protocol.step(round, state.time, state.global);
      const skipped = fed.strategy.takeSkippedAggregations?.() ?? [];
      let accuracy = NaN, loss = NaN;
      if (evaluatesGlobal(scenario.model.preset, t.evalEvery, round, t.rounds)) {
        ({ accuracy, loss } = profile.measure("eval", () => main.evaluateGlobal(step.global)));
      }
      if (round % t.evalEvery === 0) {
        state.siteEvaluations.push(...await evaluateSites(fed, step.global, round));
      }
      const after = bytesSplit(fed.ledger.bytesByKind());
      const record: RoundRecord = {
        round,
        time: step.closeTime,
        accuracy,
        loss,
        sampled: step.sampled,
        completed: step.completed,
        failed: step.failures.length,
        failedBy: failuresByCause(step.failures),
        bytesDown: after.down - before.down,
        bytesUp: after.up - before.up,
        aggregationsSkipped: skipped.length,
        ...(skipped.length > 0 ? { skipReason: skipped.map((k) => k.reason).join("; ") } : {}),
      };
      state.rounds.push(record);
      state.round = round;
      state.time = step.closeTime;
      state.global = step.global;
      checkpoint();
      progress.tick(
        1,
        `acc ${Number.isNaN(accuracy) ? "-" : accuracy.toFixed(3)}${baselineNote()}`,
      );
    }
    progress.done();
    let baselineWorker = null;
    if (baselineRun !== null) {
      // Usually finished long ago; else the wait for it is the baseline's share of the wall time.
      if (state.central === null) {
        baselineWait = createProgress("baseline", settings.epochs, { quiet });
        baselineWait.tick(baselineEpochs);
      }
      const finished = state.central === null
        ? await profile.track("baseline", () => baselineRun!.result)
        : await baselineRun.result;
      baselineWait?.done();
      state.central = finished.central;
      baselineWorker = finished.times;
      checkpoint();
    }

    // The final evaluation is not checkpointed, so extending a finished run stays exact.
    const rounds = state.rounds.map((r) => ({ ...r }));
    const last = rounds[rounds.length - 1];
    if (last !== undefined && Number.isNaN(last.accuracy)) {
      ({ accuracy: last.accuracy, loss: last.loss } = profile.measure(
        "eval",
        () => main.evaluateGlobal(state.global),
      ));
    }
    let finalEval = state.siteEvaluations.filter((e) => e.round === state.round);
    const siteEvaluations = [...state.siteEvaluations];
    if (finalEval.length === 0) {
      finalEval = await evaluateSites(fed, state.global, state.round);
      siteEvaluations.push(...finalEval);
    }
    // Robustness passes on the final model (imputation, personalisation; issue #8).
    const robust = finalPasses(
      {
        access: main,
        streams,
        ledger: fed.ledger,
        sites: world.sites.map((s) => ({ id: s.id, missing: s.data.missing })),
        classes: main.spec.classes,
      },
      robustnessConfig(scenario),
      state.global,
      finalEval,
    );
    finalEval = robust.evaluations;
    const byId = new Map(finalEval.map((e) => [e.siteId, e]));
    const sites: SiteRecord[] = world.sites.map((s) => ({
      siteId: s.id,
      group: s.group,
      trainSamples: s.data.trainSamples,
      testSamples: s.data.testSamples,
      volumeScale: s.data.volumeScale,
      granularity: s.data.granularity,
      missing: s.data.missing,
      computeFlops: s.device.computeFlops,
      uplinkBps: s.link.uplinkBps,
      downlinkBps: s.link.downlinkBps,
      latencyS: s.link.latencyS,
      accuracy: byId.get(s.id)?.accuracy ?? NaN,
      personalizedAccuracy: byId.get(s.id)?.personalizedAccuracy ?? NaN,
      fineTunedAccuracy: byId.get(s.id)?.fineTunedAccuracy ?? NaN,
      roundsParticipated: fed.participated[s.id],
      roundsFailed: fed.failed[s.id],
    }));
    const partition = main.plans.flatMap((p) =>
      p.classCounts.map((count, cls) => ({ siteId: p.siteId, cls, count }))
    );
    const bytesByKind = fed.ledger.bytesByKind();
    if (pool !== null) profile.addWorkerTimes(pool.workerTimes());
    const wallBreakdown = profile.breakdown();
    return {
      name: scenario.name,
      description: scenario.description,
      seed,
      scenario: withoutExecution(scenario),
      rounds,
      sites,
      central: state.central,
      partition,
      timeline: fed.timeline,
      summary: summarize(rounds, state.central, bytesByKind, wall()),
      extras: {
        backend: main.backend,
        backendDetail: describeBackend(main.backend),
        protocol: protocol.name,
        strategy: t.strategy.name,
        params: initial.length,
        flopsPerSample: fed.perSample,
        messageCounts: fed.ledger.countByKind(),
        siteEvaluations,
        ...securityExtras(fed, rounds),
        robustness: {
          retention: retentionWithSpread(sites),
          personalizedRetention: retentionWithSpread(sites, "personalizedAccuracy"),
          fineTunedRetention: retentionWithSpread(sites, "fineTunedAccuracy"),
          accuracyBeforeImputation: robust.accuracyBeforeImputation,
          imputationSamples: robust.imputationSamples,
        },
        // Host seconds by phase and peak memory; "wall…" keys stay out of results hashes.
        wallBreakdown,
        // The baseline's own worker: its busy and data-generation seconds, alongside the rounds.
        wallBaselineWorker: baselineWorker,
      },
    };
  } finally {
    baselineRun?.terminate();
    pool?.terminate();
    main.dispose();
  }
}
