/** Hand-made run results that hold only what a test reads. */
import type { RunResults, Summary } from "../sim/results/results.ts";

/**
 * Results of a run with no rounds, sites or central model: the summary says
 * nothing was reached. `fields` and `summary` set what the test reads.
 */
export function bareResults(
  fields: Partial<Omit<RunResults, "summary">> = {},
  summary: Partial<Summary> = {},
): RunResults {
  return {
    name: "t",
    description: "",
    seed: 1,
    scenario: {},
    rounds: [],
    sites: [],
    central: null,
    partition: [],
    timeline: [],
    summary: {
      finalAccuracy: NaN,
      centralAccuracy: NaN,
      gap: NaN,
      roundsTo95: null,
      timeTo95: null,
      roundsTo99: null,
      timeTo99: null,
      simulatedSeconds: 0,
      wallSeconds: 0,
      bytesByKind: {},
      ...summary,
    },
    extras: {},
    ...fields,
  };
}
