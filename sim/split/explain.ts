/** The planner's reasons as a table people can read: one row per candidate partition. */
import { describeBounds, formatBytes, type SplitPlan } from "./planner.ts";

function seconds(s: number): string {
  if (s === 0) return "0";
  if (s < 1e-3) return `${(s * 1e6).toFixed(1)}µs`;
  if (s < 1) return `${(s * 1e3).toFixed(1)}ms`;
  return `${s.toFixed(2)}s`;
}

/**
 * Rows of the per-candidate table, fastest feasible first (the chosen one is
 * marked `*`): partition, simulated step time, compute per device, transfer
 * per link, memory per device and whether it fits. At most `limit` rows
 * after the header (default all).
 */
export function planTable(plan: SplitPlan, limit = Infinity): string[] {
  const header = [
    "",
    "partition",
    "step",
    "compute/device",
    "transfer/link",
    "memory/device",
    "fits",
  ];
  const rows = plan.candidates.slice(0, limit).map((c) => [
    c === plan.best ? "*" : "",
    describeBounds(c, plan.deviceNames),
    seconds(c.stepSeconds),
    c.computeSeconds.map(seconds).join(" / "),
    c.transferSeconds.map(seconds).join(" / ") || "—",
    c.memoryBytes.map(formatBytes).join(" / "),
    c.feasible ? "yes" : `no: ${c.overflow!.device} needs ${formatBytes(c.overflow!.neededBytes)}`,
  ]);
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const lines = all.map((r) => r.map((cell, i) => cell.padEnd(widths[i])).join("  ").trimEnd());
  const hidden = plan.candidates.length - rows.length;
  if (hidden > 0) lines.push(`… ${hidden} more candidates`);
  return lines;
}
