/**
 * The switches of the robustness mechanisms, as a scenario writes them in
 * its `robustness` and `personalization` blocks, and their normalised form.
 * Every switch is off by default, so a scenario without these blocks trains
 * exactly as before. Each mechanism accepts `true`/`false` (so a sweep can
 * flip it with `--set robustness.imputation=false,true`) or an object with
 * its settings.
 */
import { z } from "zod";

/** Granularities the augmentation draws from when none are given: the 1/10 sites and between. */
export const DEFAULT_AUGMENT_GRANULARITIES: readonly number[] = [0.1, 0.25];
/** Share of each local training set degraded per round when not given. */
export const DEFAULT_AUGMENT_FRACTION = 0.4;
/** Aggregation weight ∝ n^γ: γ = 0.5 when not given (1 is plain FedAvg). */
export const DEFAULT_WEIGHT_EXPONENT = 0.5;
/** Local fine-tuning steps of the personalised head when not given. */
export const DEFAULT_PERSONALIZATION_STEPS = 20;
/** At most this many passes over a site's data: a 1/10-volume site takes few steps, not many. */
export const DEFAULT_PERSONALIZATION_MAX_EPOCHS = 2;
/** Layers fine-tuned locally: those whose names start with one of these. */
export const DEFAULT_PERSONAL_LAYERS: readonly string[] = ["head_"];

const fraction = z.number().min(0).max(1);
const granularity = z.number().gt(0).max(1);

/** `robustness.granularityAugmentation`: train on randomly coarsened copies of local samples. */
export const GranularityAugmentationSchema = z.union([
  z.boolean(),
  z.strictObject({
    /** Share of each local training set degraded (a fresh random subset every round). */
    fraction: fraction.optional(),
    /** Granularities a degraded sample gets, one drawn per sample. */
    granularities: z.array(granularity).min(1).optional(),
  }),
]);

/** `robustness.smallSiteWeighting`: aggregation weight n^γ instead of n. */
export const SmallSiteWeightingSchema = z.union([
  z.boolean(),
  z.strictObject({ exponent: fraction.optional() }),
]);

/** `robustness.imputation`: fill a missing modality's embedding from federated statistics. */
export const ImputationSchema = z.union([
  z.boolean(),
  z.strictObject({
    /** `class-mean`: mean embedding per class, mixed by the prediction; `mean`: one mean. */
    kind: z.enum(["class-mean", "mean"]).optional(),
  }),
]);

/** The `robustness` block of a scenario. */
export const RobustnessSchema = z.strictObject({
  granularityAugmentation: GranularityAugmentationSchema.optional(),
  smallSiteWeighting: SmallSiteWeightingSchema.optional(),
  imputation: ImputationSchema.optional(),
});

/** The `personalization` block of a scenario: local fine-tuning after federated training. */
export const PersonalizationSchema = z.strictObject({
  enabled: z.boolean().optional(),
  /** Optimiser steps of local fine-tuning (mini-batches of the site's training data). */
  steps: z.int().min(1).max(10_000).optional(),
  /** Caps the steps at this many passes over the site's data, so tiny sites do not overfit. */
  maxEpochs: z.number().positive().max(1000).optional(),
  learningRate: z.number().positive().max(10).optional(),
  batchSize: z.int().min(1).max(4096).optional(),
  /** Name prefixes of the layers fine-tuned; the rest stay as federated. */
  layers: z.array(z.string().min(1)).min(1).optional(),
});

/** Normalised switches: every mechanism, on or off, with its settings filled in. */
export interface RobustnessConfig {
  granularityAugmentation: { enabled: boolean; fraction: number; granularities: number[] };
  smallSiteWeighting: { enabled: boolean; exponent: number };
  imputation: { enabled: boolean; kind: "class-mean" | "mean" };
  personalization: {
    enabled: boolean;
    steps: number;
    maxEpochs: number;
    learningRate: number;
    batchSize: number;
    layers: string[];
  };
}

/** The parts of a scenario the switches come from (a resolved `Scenario` fits). */
export interface RobustnessSource {
  robustness?: Record<string, unknown>;
  personalization?: Record<string, unknown>;
  training: { learningRate: number; batchSize: number };
}

function issuesText(where: string, error: z.ZodError): string {
  return error.issues.map((i) => `${[where, ...i.path].join(".")}: ${i.message}`).join("; ");
}

/**
 * Reads and checks the switches of a scenario; throws a TypeError naming the
 * field when one is malformed.
 *
 * @example
 * ```ts
 * import { robustnessConfig } from "./schema_robustness.ts";
 * const c = robustnessConfig({
 *   robustness: { smallSiteWeighting: true },
 *   training: { learningRate: 0.1, batchSize: 16 },
 * });
 * if (!(c.smallSiteWeighting.enabled && c.smallSiteWeighting.exponent === 0.5)) throw new Error();
 * ```
 */
export function robustnessConfig(scenario: RobustnessSource): RobustnessConfig {
  const r = RobustnessSchema.safeParse(scenario.robustness ?? {});
  if (!r.success) {
    throw new TypeError(
      `Expected valid robustness switches but found ${issuesText("robustness", r.error)}`,
    );
  }
  const p = PersonalizationSchema.safeParse(scenario.personalization ?? {});
  if (!p.success) {
    throw new TypeError(
      `Expected valid personalization settings but found ${issuesText("personalization", p.error)}`,
    );
  }
  const aug = r.data.granularityAugmentation ?? false;
  const weighting = r.data.smallSiteWeighting ?? false;
  const imputation = r.data.imputation ?? false;
  const personal = p.data;
  return {
    granularityAugmentation: {
      enabled: aug !== false,
      fraction: (typeof aug === "object" ? aug.fraction : undefined) ?? DEFAULT_AUGMENT_FRACTION,
      granularities: [
        ...((typeof aug === "object" ? aug.granularities : undefined) ??
          DEFAULT_AUGMENT_GRANULARITIES),
      ],
    },
    smallSiteWeighting: {
      enabled: weighting !== false,
      exponent: (typeof weighting === "object" ? weighting.exponent : undefined) ??
        DEFAULT_WEIGHT_EXPONENT,
    },
    imputation: {
      enabled: imputation !== false,
      kind: (typeof imputation === "object" ? imputation.kind : undefined) ?? "class-mean",
    },
    personalization: {
      enabled: personal.enabled ?? false,
      steps: personal.steps ?? DEFAULT_PERSONALIZATION_STEPS,
      maxEpochs: personal.maxEpochs ?? DEFAULT_PERSONALIZATION_MAX_EPOCHS,
      learningRate: personal.learningRate ?? scenario.training.learningRate,
      batchSize: personal.batchSize ?? scenario.training.batchSize,
      layers: [...(personal.layers ?? DEFAULT_PERSONAL_LAYERS)],
    },
  };
}
