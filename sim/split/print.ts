/** A split run's record as terminal lines: the planner's table, the steps and the comparison. */
import { formatBytes } from "./planner.ts";
import type { SplitRunRecord } from "./record.ts";

function s(x: number | null): string {
  return x === null ? "n/a" : `${x.toFixed(3)} s`;
}

/** Writes what `record` measured, one line at a time, to `log`. */
export function printRecord(record: SplitRunRecord, log: (line: string) => void): void {
  const { settings, plan } = record;
  log(`backend ${record.host.backend}`);
  log(
    `parameters: ${
      record.model.parameters.toLocaleString("en-US")
    } (${record.model.preset}) in ${record.model.stages.length} stages`,
  );
  log(
    `devices: ${
      record.devices.map((d) =>
        `${d.name} ${d.computeFlops.toExponential(1)} FLOP/s ${formatBytes(d.memoryBytes)}`
      ).join(" → ")
    }`,
  );
  log(
    `planner table (batch ${settings.batchSize}, ${settings.optimizer}), best ${
      Math.min(12, plan.totalCandidates)
    } of ${plan.totalCandidates}:`,
  );
  for (const line of plan.table) log(`  ${line}`);
  log(
    `planned partition: ${
      plan.chosen.stagesByDevice.map((st, d) => `${record.devices[d].name} [${st.join(", ")}]`)
        .join("  ")
    }`,
  );
  log(`memory per device: ${plan.chosen.memoryBytes.map(formatBytes).join(" / ")}`);
  log(`simulated time per step: ${s(record.simulatedStepSeconds)}`);
  for (const step of record.steps) {
    const e = record.evaluations.find((x) => x.step === step.step);
    log(
      `step ${step.step}: loss ${step.loss.toFixed(4)}, wall ${s(step.wallSeconds)}, ${
        formatBytes(step.bytes)
      } over the links${e ? `, held-out accuracy ${e.accuracy.toFixed(3)}` : ""}`,
    );
  }
  log(
    `wall time per step (mean): ${s(record.host.wallStepSeconds)}; peak RSS ${
      formatBytes(record.host.peakRssBytes)
    }; tensors ${formatBytes(record.host.tensorBytes)}`,
  );
  if (settings.targetAccuracy !== null) {
    log(
      record.stepsToTarget === null
        ? `target accuracy ${settings.targetAccuracy} not reached in ${settings.steps} steps`
        : `target accuracy ${settings.targetAccuracy} reached after ${record.stepsToTarget} steps`,
    );
  }
  log("comparison (same budgets):");
  for (const p of record.placements) {
    log(
      `  ${p.name.padEnd(21)} ${p.fits ? "fits" : "does not fit"}  step ${
        s(p.stepSeconds)
      }  epoch ${s(p.epochSeconds)}  to target ${s(p.secondsToTarget)}  ${
        formatBytes(p.bytesPerStep)
      }/step${p.movesRawData ? "  MOVES RAW DATA (reference only)" : ""}${
        p.reason && !p.fits ? `  (${p.reason})` : ""
      }`,
    );
  }
}
