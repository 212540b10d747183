/**
 * The run's state between rounds: a fresh one, one resumed from the
 * checkpoint in `outDir/checkpoint` (refused when it belongs to another
 * scenario or seed), and the checkpoint written after every round.
 */
import { join } from "node:path";
import { loadCheckpoint, saveCheckpoint } from "./checkpoint.ts";
import { fingerprintSettings, type RunState, scenarioFingerprint } from "./run_state.ts";
import type { RunContext } from "./setup.ts";

/** The run's state and how to save it. */
export interface RunProgress {
  state: RunState;
  /** Host seconds since the run first started, across resumptions. */
  wall(): number;
  /** Saves the state as it stands (a no-op without an output folder). */
  checkpoint(): void;
}

/** A fresh state, or the checkpoint's when resuming, with the federation restored to it. */
export function startOrResume(run: RunContext): RunProgress {
  const { scenario, seed, fed, strategy, protocol, options } = run;
  const fingerprint = scenarioFingerprint(scenario, seed);
  const checkpointDir = options.outDir !== undefined ? join(options.outDir, "checkpoint") : null;
  let state: RunState = {
    fingerprint,
    settings: fingerprintSettings(scenario, seed),
    round: 0,
    time: 0,
    global: run.initial,
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
  if (options.resume && checkpointDir !== null) {
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
    }
  }
  const priorWall = state.wallSeconds;
  const wall = () => priorWall + (performance.now() - run.wallStart) / 1000;
  const checkpoint = () => {
    // A baseline on its own worker joins the state as soon as it has finished.
    state.central ??= run.baselineRun?.settled() ?? null;
    if (checkpointDir === null) return;
    state.strategy = strategy.state();
    state.protocol = state.round > 0 ? protocol.state() : null;
    state.siteStates = fed.siteStates;
    state.timeline = fed.timeline;
    state.ledger = fed.ledger.snapshot();
    state.wallSeconds = wall();
    saveCheckpoint(checkpointDir, state.round, state);
  };
  return { state, wall, checkpoint };
}
