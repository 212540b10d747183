/**
 * The round loop: each cloud round steps the protocol, evaluates the global
 * model when due, records the round (bytes each way, failures by cause,
 * skipped aggregations) and checkpoints.
 */
import { createProgress } from "../../engine/mod.ts";
import { evaluatesGlobal, evaluateSites } from "../evaluation.ts";
import { failuresByCause } from "../../results/mod.ts";
import type { RoundRecord } from "../../results/mod.ts";
import type { RoundStep } from "../protocols/mod.ts";
import type { RunContext } from "./setup.ts";
import type { RunProgress } from "./resume.ts";
import type { Baseline } from "./baseline.ts";

/** Message kinds counted as travelling towards sites (the rest travel up). */
const DOWN_KINDS = ["model-down", "control-down", "eval-model-down", "edge-model-down"];

/** Bytes by message kind, summed into the two directions. */
export function bytesSplit(totals: Record<string, number>): { down: number; up: number } {
  let down = 0, up = 0;
  for (const [k, v] of Object.entries(totals)) {
    if (DOWN_KINDS.includes(k)) down += v;
    else up += v;
  }
  return { down, up };
}

/** Runs the rounds from the state's next one to the scenario's last. */
export async function runRounds(
  run: RunContext,
  progress: RunProgress,
  baseline: Baseline,
): Promise<void> {
  const { scenario, fed } = run;
  const state = progress.state;
  const t = scenario.training;
  const bar = createProgress(`${t.protocol} ${t.strategy.name}`, t.rounds, { quiet: run.quiet });
  if (state.round > 0) bar.tick(Math.min(state.round, t.rounds));
  for (let round = state.round + 1; round <= t.rounds; round++) {
    baseline.throwIfFailed();
    const before = bytesSplit(fed.ledger.bytesByKind());
    const step = await run.protocol.step(round, state.time, state.global);
    const skipped = fed.strategy.takeSkippedAggregations?.() ?? [];
    let accuracy = NaN, loss = NaN;
    if (evaluatesGlobal(scenario.model.preset, t.evalEvery, round, t.rounds)) {
      ({ accuracy, loss } = run.profile.measure(
        "eval",
        () => run.main.evaluateGlobal(step.global),
      ));
    }
    if (round % t.evalEvery === 0) {
      state.siteEvaluations.push(...await evaluateSites(fed, step.global, round));
    }
    const after = bytesSplit(fed.ledger.bytesByKind());
    state.rounds.push(roundRecord(round, step, { accuracy, loss }, {
      down: after.down - before.down,
      up: after.up - before.up,
    }, skipped));
    state.round = round;
    state.time = step.closeTime;
    state.global = step.global;
    progress.checkpoint();
    bar.tick(1, `acc ${Number.isNaN(accuracy) ? "-" : accuracy.toFixed(3)}${baseline.note()}`);
  }
  bar.done();
}

/** The record of one round. */
function roundRecord(
  round: number,
  step: RoundStep,
  evaluation: { accuracy: number; loss: number },
  bytes: { down: number; up: number },
  skipped: readonly { reason: string }[],
): RoundRecord {
  return {
    round,
    time: step.closeTime,
    accuracy: evaluation.accuracy,
    loss: evaluation.loss,
    sampled: step.sampled,
    completed: step.completed,
    failed: step.failures.length,
    failedBy: failuresByCause(step.failures),
    bytesDown: bytes.down,
    bytesUp: bytes.up,
    aggregationsSkipped: skipped.length,
    ...(skipped.length > 0 ? { skipReason: skipped.map((k) => k.reason).join("; ") } : {}),
  };
}
