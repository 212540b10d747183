/**
 * The scenario schema: the single source of truth for what a scenario file
 * may say and for the TypeScript type of a resolved scenario (defaults
 * filled, group sizes and world settings resolved).
 */
import { z } from "zod";
import type { FusionKind, NormKind, PresetName } from "../models/types.ts";
import {
  between,
  integer,
  name,
  nonNegative,
  positive,
  probability,
  unionError,
} from "./_fields.ts";
import { checkScenario } from "./_checks.ts";
import { resolveGroups } from "./_resolve.ts";
import {
  MAX_BATCH_SIZE,
  MAX_CLASSES,
  MAX_EPOCHS,
  MAX_GLOBAL_TEST_SAMPLES,
  MAX_ROUNDS,
  MAX_SAMPLES_PER_SITE,
  MAX_SITE_EVAL_SAMPLES,
  MAX_SITES,
  MAX_WORKERS,
} from "./limits.ts";
import { SampleLawSchema, StragglersSchema } from "./schema_fedprox.ts";
import { AvailabilitySchema, DevicesSchema, LinksSchema, ModalitySchema } from "./schema_world.ts";
import { SiteGroupSchema } from "./schema_world.ts";
import { DeclaredModelFields } from "./schema_model.ts";
// Issue #8's switches: zod only, so validation still never loads TensorFlow.js.
import { PersonalizationSchema, RobustnessSchema } from "./schema_robustness.ts";

/** Model presets of the model zoo. */
export const PRESETS = [
  "tiny",
  "small",
  "base",
  "paper",
  "reference",
] as const satisfies readonly PresetName[];
/** Fusion kinds of the model zoo. */
export const FUSIONS = ["concat", "gated", "attention"] as const satisfies readonly FusionKind[];

/** Normalisation kinds of the model zoo. */
export const NORMS = ["batch", "layer", "none"] as const satisfies readonly NormKind[];

/** Local optimisers (models/optimizer.ts). */
export const OPTIMIZERS = ["sgd", "momentum", "adam"] as const;

/**
 * The optimiser of every site's local training and of the centralised
 * baseline. A site's optimiser state (momentum buffer, Adam moments) is
 * fresh every round; the baseline keeps one optimiser for all its epochs.
 */
export const OptimizerSchema = z.strictObject({
  name: z.enum(OPTIMIZERS).default("sgd"),
  /** ρ of "momentum": v ← ρv + g, w ← w − lr·v (PyTorch's form). */
  momentum: between(0, 1, true).default(0.9),
  /** Nesterov's variant of "momentum": w ← w − lr·(g + ρv). */
  nesterov: z.boolean().default(false),
  /** Coupled L2 weight decay λ: every gradient gets + λ·w (PyTorch's weight_decay). */
  weightDecay: nonNegative().default(0),
});

/** How labels are spread over sites. */
export const LabelPartitionSchema = z.union([
  z.literal("iid"),
  z.strictObject({
    dirichlet: z.strictObject({
      /** Concentration: small (0.1) is very skewed, large (100) close to iid. */
      alpha: positive(),
      /**
       * What the Dirichlet is over. `classes` (default): each site's class proportions
       * ~ Dir(α) (Hsu et al. 2019). `sites`: each class's shares over the sites of a group
       * ~ Dir(α), re-drawn until every site holds minPerSite (NIID-Bench noniid-labeldir,
       * Flower Datasets' DirichletPartitioner). The same α is a different skew under each.
       */
      over: z.enum(["classes", "sites"]).default("classes"),
      /** Fewest training samples any site ends up with. */
      minPerSite: integer(0, MAX_SAMPLES_PER_SITE).default(0),
    }),
  }),
  z.strictObject({
    shards: z.strictObject({ classesPerSite: integer(1, MAX_CLASSES) }),
  }),
], {
  error: unionError(
    "a label partition",
    `"iid", {dirichlet: {alpha, over?, minPerSite?}} or {shards: {classesPerSite}}`,
  ),
});

/** Where the data comes from and how it is split. */
export const DataSchema = z.strictObject({
  source: z.enum(["scene", "fedprox-synthetic", "mnist"]).default("scene"),
  classes: integer(2, MAX_CLASSES).default(8),
  modalities: z.array(ModalitySchema).min(1, {
    error: () => "must list at least one modality (expected a non-empty list)",
  }).default(["image", "series", "tabular"]),
  /** Fraction of each site's samples held out as its own test set. */
  localTestFraction: between(0, 1, true).default(0.2),
  /**
   * Evaluation samples drawn for each site from its own distribution (label
   * mix, granularity, missing sensors, shift), apart from its training data,
   * so a 1/10-volume site is measured as precisely as a full one. Generated
   * sources only; pool sources (MNIST) use the held-out share. 0: held-out share.
   */
  siteEvalSamples: integer(0, MAX_SITE_EVAL_SAMPLES).default(200),
  /** Samples in the global (server-side) test set. */
  globalTestSamples: integer(1, MAX_GLOBAL_TEST_SAMPLES).default(1000),
  partition: z.strictObject({ label: LabelPartitionSchema.default("iid") }).prefault({}),
  /** Parameters of FedProx's Synthetic(alpha, beta) data (Li et al., 2020). */
  synthetic: z.strictObject({
    alpha: nonNegative().default(1),
    beta: nonNegative().default(1),
    iid: z.boolean().default(false),
    sampleLaw: SampleLawSchema.optional(),
  }).prefault({}),
});

/** The model trained by every site and by the centralised baseline. */
export const ModelSchema = z.strictObject({
  /**
   * A preset of the model zoo, or `declared` for the layers in `encoders`
   * and `head`; left out: `declared` when `encoders` is given, else tiny.
   */
  preset: z.enum([...PRESETS, "declared"]).optional(),
  ...DeclaredModelFields,
  fusion: z.enum(FUSIONS).default("concat"),
  /**
   * Normalisation at the zoo's normalisation points; left out, the preset's
   * own (layer for tiny, small, base, paper; none for reference).
   */
  norm: z.enum(NORMS).optional(),
  modalityDropout: between(0, 1, true).default(0),
  width: positive(64).default(1),
}).transform((m) => ({
  ...m,
  preset: m.preset ?? (m.encoders !== undefined ? "declared" as const : "tiny" as const),
}));

/** How federated training runs. */
export const TrainingSchema = z.strictObject({
  protocol: z.enum(["sync", "async", "hierarchical"]).default("sync"),
  strategy: z.strictObject({
    name: name("strategy name").default("fedavg"),
    /** Strategy-specific parameters (e.g. FedProx's mu); the strategy checks them. */
    params: z.record(z.string(), z.unknown()).default({}),
  }).prefault({}),
  rounds: integer(1, MAX_ROUNDS).default(10),
  /** Sites asked to train each round; default: every site. */
  sitesPerRound: integer(1, MAX_SITES).optional(),
  /** Ask this many times more sites, keep the first `sitesPerRound` replies. */
  overcommit: z.number().min(1, {
    error: (i) => `must be at least 1 (expected ≥ 1, got ${i.input})`,
  }).max(10).default(1),
  /** Seconds of virtual time per round before late replies are dropped; none if absent. */
  deadline: positive().optional(),
  localEpochs: integer(1, MAX_EPOCHS).default(1),
  batchSize: integer(1, MAX_BATCH_SIZE).default(32),
  learningRate: positive(10).default(0.05),
  optimizer: OptimizerSchema.prefault({}),
  stragglers: StragglersSchema.optional(),
  /** Per-site evaluation schedule, in rounds. */
  evalEvery: integer(1, MAX_ROUNDS).default(1),
  async: z.strictObject({
    /** Updates buffered before each aggregation (FedBuff's K). */
    bufferSize: integer(1, MAX_SITES).default(10),
    /** Sites training at once. */
    concurrency: integer(1, MAX_SITES).default(20),
    /** Staleness weight s(τ) = (1 + τ)^-exponent scales each buffered update's delta. */
    stalenessExponent: nonNegative().default(0.5),
    /** FedBuff's server learning rate η_g: x ← x + η_g·(mean staleness-weighted delta). */
    serverLearningRate: positive(100).default(1),
  }).prefault({}),
  hierarchical: z.strictObject({
    /** Edge aggregators: one per site group, or this many, sites assigned in order. */
    groupsBy: z.union([z.literal("group"), integer(1, MAX_SITES)], {
      error: unionError('"group" or a number of edge aggregators', `"group" or an integer ≥ 1`),
    }).default("group"),
    /** Edge rounds per cloud round. */
    edgeRounds: integer(1, MAX_ROUNDS).default(2),
  }).prefault({}),
  /**
   * Worker threads for local training; 0 trains in the main thread; left out,
   * one per core. Results do not depend on it.
   */
  workers: integer(0, MAX_WORKERS).optional(),
});

/** The centralised baseline trained on the pooled data. */
export const BaselineSchema = z.strictObject({
  enabled: z.boolean().default(true),
  epochs: integer(1, MAX_EPOCHS).default(10),
});

/** What `run --check` demands of the results. */
export const TargetsSchema = z.strictObject({
  minAccuracy: probability().optional(),
  /** Largest allowed centralised − federated accuracy. */
  maxGap: probability().optional(),
  /** Smallest allowed accuracy of degraded (1/10) sites ÷ accuracy of full sites. */
  minRetention: probability().optional(),
  maxSimulatedSeconds: positive().optional(),
  /** Seeds the check runs over (default: the scenario's seed). */
  seeds: z.array(integer(0, 2 ** 32 - 1)).min(1).optional(),
});

/** How one building splits the model across its devices (split learning, `renkei split`). */
export const SplitSchema = z.strictObject({
  /** The IoT node that owns the data; it always runs the first stage. */
  dataNode: z.string().min(1),
  /** Further IoT nodes, in chain order, between the data node and the edge server. */
  helpers: z.array(z.string().min(1)).default([]),
  /** Optimiser whose state the planner budgets in each device's memory. */
  optimizer: z.enum(["sgd", "momentum", "adam"]).default("sgd"),
  /** Real batch size of the steps run on this machine. */
  batchSize: integer(1, 1024).default(8),
  /** Real training steps to run. */
  steps: integer(1, 1000).default(2),
  /** Held-out accuracy whose first crossing gives the steps (and simulated time) to target. */
  targetAccuracy: probability().optional(),
  /** Evaluate on held-out data every this many steps (default 5 with a targetAccuracy). */
  evalEvery: integer(1, 1000).optional(),
});

/** Model-poisoning and data-poisoning attacks a scenario can inject (see docs/SECURITY.md). */
export const ATTACK_KINDS = ["label-flip", "sign-flip", "scale", "gaussian", "nan"] as const;

/**
 * Poisoned or faulty sites: a seeded `fraction` of all sites attack in every
 * round they take part in. `label-flip` relabels their training data;
 * the others replace their update (`scale` is λ for sign-flip and scale,
 * `std` the noise of gaussian; nan sends non-finite weights).
 */
export const AttackSchema = z.strictObject({
  kind: z.enum(ATTACK_KINDS),
  fraction: probability(),
  scale: positive().optional(),
  std: positive().optional(),
});

/** Blocks owned by later features; their own code validates their contents. */
const OpenBlock = z.record(z.string(), z.unknown()).optional();

/** The scenario fields as written, before cross-field checks and resolution. */
export const ScenarioFieldsSchema = z.strictObject({
  name: name(),
  description: z.string().default(""),
  seed: integer(0, 2 ** 32 - 1).default(0),
  /** Total number of sites when groups are given as shares. */
  totalSites: integer(1, MAX_SITES).optional(),
  data: DataSchema.prefault({}),
  devices: DevicesSchema.prefault({}),
  links: LinksSchema.prefault({}),
  availability: AvailabilitySchema.default({ probability: 1 }),
  sites: z.array(SiteGroupSchema).min(1, {
    error: () => "must list at least one site group (expected a non-empty list)",
  }),
  model: ModelSchema.prefault({}),
  training: TrainingSchema.prefault({}),
  personalization: PersonalizationSchema.optional(),
  robustness: RobustnessSchema.optional(),
  privacy: OpenBlock,
  attack: AttackSchema.optional(),
  split: SplitSchema.optional(),
  baseline: BaselineSchema.prefault({}),
  targets: TargetsSchema.prefault({}),
});

/** A scenario as written, after defaults but before resolution. */
export type ScenarioFields = z.infer<typeof ScenarioFieldsSchema>;

/**
 * The scenario schema. Parsing fills defaults, runs cross-field checks
 * (shares, limits, site counts) and resolves each site group: `count` is
 * always set, and `devices`, `links` and `availability` are the top-level
 * settings merged with the group's overrides.
 *
 * @example
 * ```ts
 * import { ScenarioSchema } from "./schema.ts";
 * const s = ScenarioSchema.parse({ name: "t", sites: [{ group: "a", count: 4, samples: 20 }] });
 * if (!(s.totalSites === 4 && s.training.sitesPerRound === 4)) throw new Error("example failed");
 * ```
 */
export const ScenarioSchema = ScenarioFieldsSchema.check(checkScenario).transform(resolveGroups);

/** A resolved scenario: what the simulation reads. */
export type Scenario = z.infer<typeof ScenarioSchema>;
/** A scenario as a person may write it (most fields optional). */
export type ScenarioInput = z.input<typeof ScenarioSchema>;
/** One resolved site group. */
export type SiteGroup = Scenario["sites"][number];
/** A resolved label partition. */
export type LabelPartition = z.infer<typeof LabelPartitionSchema>;
