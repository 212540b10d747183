/**
 * Federated training protocols behind one interface: synchronous rounds,
 * FedBuff-style asynchronous aggregation and hierarchical (edge → cloud)
 * training.
 *
 * @module
 */

import type { Scenario } from "../../../scenarios/mod.ts";
import type { Federation } from "../round/federation.ts";
import type { Strategy } from "../strategies/mod.ts";
import { createAsyncProtocol } from "./async.ts";
import { createHierarchicalProtocol, type EdgeOwner } from "./hierarchical.ts";
import type { Protocol } from "./protocol.ts";
import { createSyncProtocol } from "./sync.ts";
import { attachSecurity } from "../security/mod.ts";

export type { Protocol, RoundStep } from "./protocol.ts";
export { type SyncSettings } from "./sync.ts";
export { ASYNC_RETRY_S, type AsyncSettings, createAsyncProtocol } from "./async.ts";
export {
  assignEdges,
  BACKBONE,
  createHierarchicalProtocol,
  type EdgeOwner,
  edgePrivacyLoads,
  edgeSitesPerRound,
  type HierarchicalSettings,
} from "./hierarchical.ts";
export { createSyncProtocol };

/**
 * The protocol a scenario names; `siteStrategy` builds a fresh, initialised
 * site-level strategy (for one edge aggregator when given its `EdgeOwner`).
 */
export function createProtocol(
  scenario: Scenario,
  fed: Federation,
  siteStrategy: (owner?: EdgeOwner) => Strategy,
): Protocol {
  // Privacy and attack settings ride beside the federation for the rounds to read (issue #9).
  attachSecurity(fed, scenario);
  const t = scenario.training;
  const sitesPerRound = Math.min(t.sitesPerRound, fed.world.size);
  switch (t.protocol) {
    case "sync":
      return createSyncProtocol(fed, {
        sitesPerRound,
        overcommit: t.overcommit,
        deadline: t.deadline,
      });
    case "async":
      return createAsyncProtocol(fed, {
        bufferSize: t.async.bufferSize,
        concurrency: t.async.concurrency,
        deadline: t.deadline,
        serverLearningRate: t.async.serverLearningRate,
      });
    case "hierarchical":
      return createHierarchicalProtocol(fed, {
        sitesPerRound,
        overcommit: t.overcommit,
        deadline: t.deadline,
        edgeRounds: t.hierarchical.edgeRounds,
        groupsBy: t.hierarchical.groupsBy,
      }, siteStrategy);
    default:
      throw new TypeError(
        `Expected protocol "sync", "async" or "hierarchical" but found "${t.protocol}"`,
      );
  }
}
