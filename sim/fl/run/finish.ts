/**
 * The end of a run: the last evaluations (not checkpointed, so extending a
 * finished run stays exact), the robustness passes on the final model, the
 * per-site records and the assembled {@link RunResults}.
 */
import { describeBackend } from "../../../models/mod.ts";
import type { World } from "../../world/mod.ts";
import { summarize } from "../../results/mod.ts";
import type { RunResults, SiteRecord } from "../../results/mod.ts";
import { retentionWithSpread, robustnessConfig } from "../../robustness/mod.ts";
import { evaluateSites, type SiteEvaluation } from "../evaluation.ts";
import { securityExtras } from "../security/mod.ts";
import type { WorkerTimes } from "../profile.ts";
import { finalPasses, type FinalPassResult } from "./final_passes.ts";
import { withoutExecution } from "./run_state.ts";
import type { RunContext } from "./setup.ts";
import type { RunProgress } from "./resume.ts";

/** Evaluates what the last round left unevaluated, runs the final passes and assembles the results. */
export async function finishRun(
  run: RunContext,
  progress: RunProgress,
  baselineWorker: WorkerTimes | null,
): Promise<RunResults> {
  const { scenario, seed, main, fed, world, profile } = run;
  const state = progress.state;
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
      streams: run.streams,
      ledger: fed.ledger,
      sites: world.sites.map((s) => ({ id: s.id, missing: s.data.missing })),
      classes: main.spec.classes,
    },
    robustnessConfig(scenario),
    state.global,
    finalEval,
  );
  const sites = siteRecords(world, robust.evaluations, fed.participated, fed.failed);
  const partition = main.plans.flatMap((p) =>
    p.classCounts.map((count, cls) => ({ siteId: p.siteId, cls, count }))
  );
  const bytesByKind = fed.ledger.bytesByKind();
  if (run.pool !== null) profile.addWorkerTimes(run.pool.workerTimes());
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
    summary: summarize(rounds, state.central, bytesByKind, progress.wall()),
    extras: {
      backend: main.backend,
      backendDetail: describeBackend(main.backend),
      protocol: run.protocol.name,
      strategy: scenario.training.strategy.name,
      params: run.initial.length,
      flopsPerSample: fed.perSample,
      messageCounts: fed.ledger.countByKind(),
      siteEvaluations,
      ...securityExtras(fed, rounds),
      robustness: robustnessRecord(sites, robust),
      // Host seconds by phase and peak memory; "wall…" keys stay out of results hashes.
      wallBreakdown,
      // The baseline's own worker: its busy and data-generation seconds, alongside the rounds.
      wallBaselineWorker: baselineWorker,
    },
  };
}

/** One record per site: its data, device and link, final accuracies and participation. */
export function siteRecords(
  world: World,
  evaluations: readonly SiteEvaluation[],
  participated: readonly number[],
  failed: readonly number[],
): SiteRecord[] {
  const byId = new Map(evaluations.map((e) => [e.siteId, e]));
  return world.sites.map((s) => ({
    siteId: s.id,
    // The world's facts about the site's data, in their order (group, samples, scale, missing).
    ...s.data,
    computeFlops: s.device.computeFlops,
    uplinkBps: s.link.uplinkBps,
    downlinkBps: s.link.downlinkBps,
    latencyS: s.link.latencyS,
    accuracy: byId.get(s.id)?.accuracy ?? NaN,
    personalizedAccuracy: byId.get(s.id)?.personalizedAccuracy ?? NaN,
    fineTunedAccuracy: byId.get(s.id)?.fineTunedAccuracy ?? NaN,
    roundsParticipated: participated[s.id],
    roundsFailed: failed[s.id],
  }));
}

/** Retention of each site group under each accuracy, and what imputation changed. */
function robustnessRecord(sites: SiteRecord[], robust: FinalPassResult) {
  return {
    retention: retentionWithSpread(sites),
    personalizedRetention: retentionWithSpread(sites, "personalizedAccuracy"),
    fineTunedRetention: retentionWithSpread(sites, "fineTunedAccuracy"),
    accuracyBeforeImputation: robust.accuracyBeforeImputation,
    imputationSamples: robust.imputationSamples,
  };
}
