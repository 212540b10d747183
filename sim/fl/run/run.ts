/**
 * The run loop: set up the host and the federation, start or resume the run
 * state, place the centralised baseline, drive the protocol round by round
 * (evaluating and checkpointing after each), then finish and assemble
 * {@link RunResults}. Real numerics, virtual time. Each phase has its own
 * file in this folder.
 */
import type { Scenario } from "../../../scenarios/mod.ts";
import type { RunResults } from "../../results/mod.ts";
import { closeHost, type RunOptions, setUpFederation, startHost } from "./setup.ts";
import { startOrResume } from "./resume.ts";
import { Baseline } from "./baseline.ts";
import { runRounds } from "./rounds.ts";
import { finishRun } from "./finish.ts";

export type { RunOptions } from "./setup.ts";

/**
 * Runs a scenario end to end and returns its results. The same scenario and
 * seed give the same results for any worker count, and a run resumed from
 * its checkpoint ends as an uninterrupted one would.
 */
export async function runScenario(scenario: Scenario, opts: RunOptions = {}): Promise<RunResults> {
  const host = await startHost(scenario, opts);
  try {
    const run = await setUpFederation(host);
    const progress = startOrResume(run);
    const baseline = new Baseline(run, progress);
    baseline.place();
    await runRounds(run, progress, baseline);
    const baselineWorker = await baseline.finish();
    return await finishRun(run, progress, baselineWorker);
  } finally {
    closeHost(host);
  }
}
