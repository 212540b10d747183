import { type ScenarioError, ScenarioError as ErrorClass } from "../../scenarios/mod.ts";

/** Runs `fn` and returns the ScenarioError it throws; fails when it throws nothing else. */
export async function scenarioErrorOf(fn: () => unknown): Promise<ScenarioError> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof ErrorClass) return err;
    throw new Error(`Expected a ScenarioError but found ${err}`);
  }
  throw new Error("Expected a ScenarioError but nothing was thrown");
}

/** The smallest valid scenario text, for tests to extend. */
export const MINIMAL = `name: t
sites:
  - group: a
    count: 4
    samples: 20
`;
