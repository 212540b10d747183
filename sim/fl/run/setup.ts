/**
 * Set-up of a run: the host side (worker pool, this thread's executor, the
 * wall-clock profile) and the federated side (world, strategies, federation,
 * protocol), in the order the seeded streams are drawn from.
 */
import { RngStreams } from "../../engine/mod.ts";
import { buildWorld, type SiteExecutor, type World } from "../../world/mod.ts";
import type { Scenario } from "../../../scenarios/mod.ts";
import { siteBlueprints } from "../data_setup.ts";
import { createStrategy, type Strategy } from "../strategies/mod.ts";
import { type ExecutorSetup, LocalExecutor } from "../executor.ts";
import type { BackendName } from "../../../models/mod.ts";
import { WorkerPool } from "../pool.ts";
import { createFederation, type Federation } from "../round/federation.ts";
import { createProtocol, type EdgeOwner, type Protocol } from "../protocols/mod.ts";
import { strategyParams } from "../strategy_setup.ts";
import { profiledExecutor, WallProfile } from "../profile.ts";
import type { BaselineRun } from "../baseline_worker.ts";

/** Options of `runScenario`. */
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
  /** The TensorFlow.js backend of this thread, the pool and the baseline worker (see ExecutorSetup). */
  backend?: BackendName;
}

/** What runs site tasks on this host, and the profile that times them. */
export interface RunHost {
  scenario: Scenario;
  options: RunOptions;
  seed: number;
  /** What every executor of this run is built from (scenario, seed, backend). */
  setup: ExecutorSetup;
  quiet: boolean;
  wallStart: number;
  /** Host time by phase, recorded as extras.wallBreakdown (issue #10: simulator overhead). */
  profile: WallProfile;
  pool: WorkerPool | null;
  main: LocalExecutor;
  /** The centralised baseline when it trains beside the rounds (run/baseline.ts). */
  baselineRun: BaselineRun | null;
}

/** A host with the federation built on it: everything the rounds need. */
export interface RunContext extends RunHost {
  streams: RngStreams;
  world: World;
  initial: Float32Array;
  fed: Federation;
  /** The cloud's strategy (hierarchical: FedAvg over edge models). */
  strategy: Strategy;
  protocol: Protocol;
}

/** Starts the worker pool and this thread's executor; the caller closes them ({@link closeHost}). */
export async function startHost(scenario: Scenario, options: RunOptions): Promise<RunHost> {
  const wallStart = performance.now();
  const profile = new WallProfile();
  const seed = options.seed ?? scenario.seed;
  const quiet = options.quiet ?? Deno.env.get("RENKEI_QUIET") === "1";
  // One worker per core unless told otherwise: site tasks are independent and results do not depend on it.
  const workers = options.workers ?? scenario.training.workers ?? navigator.hardwareConcurrency;
  if (!Number.isInteger(workers) || workers < 0) {
    throw new RangeError(`Expected workers to be an integer >= 0 but found ${workers}`);
  }
  // Workers start before this thread sets up, so their start-up overlaps ours.
  const setup: ExecutorSetup = {
    scenario,
    seed,
    ...(options.backend !== undefined ? { backend: options.backend } : {}),
  };
  const pool = options.siteExecutor === undefined && workers > 0
    ? new WorkerPool(workers, setup)
    : null;
  let main: LocalExecutor;
  try {
    main = await LocalExecutor.create(setup, profile);
  } catch (err) {
    pool?.terminate();
    throw err;
  }
  return {
    scenario,
    options,
    seed,
    setup,
    quiet,
    wallStart,
    profile,
    pool,
    main,
    baselineRun: null,
  };
}

/** Stops the baseline worker and the pool and frees this thread's models. */
export function closeHost(host: RunHost): void {
  host.baselineRun?.terminate();
  host.pool?.terminate();
  host.main.dispose();
}

/** Builds the world, the strategies, the federation and the protocol on `host`. */
export async function setUpFederation(host: RunHost): Promise<RunContext> {
  const { scenario, seed, profile, pool, main } = host;
  const streams = new RngStreams(seed);
  await pool?.ready();
  const executor = profiledExecutor(host.options.siteExecutor ?? pool ?? main, profile);
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
  // The host becomes the context (one object), so closing it sees the baseline started later.
  return Object.assign(host, { streams, world, initial, fed, strategy, protocol });
}
