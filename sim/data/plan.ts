/**
 * Site plans: everything that distinguishes one site's data — size, class
 * counts, granularity, missing sensors, calibration — drawn cheaply up front
 * so a 300-site world holds only plans. Samples are generated later, when a
 * site first trains ({@linkcode materializeSite}).
 *
 * Randomness: per-site draws use the stream `partition/site-<id>`, so adding a
 * site never changes another; only the shard deck (`partition/shards`) and the
 * per-class shares of Dirichlet over sites (`partition/dirichlet-over-sites`) are
 * shared within a group. Under Dirichlet over sites a group's drawn sizes fix
 * only its total; each site's size is the outcome of the per-class draw.
 */

import type { Modality } from "./types.ts";
import type { DataSource, StreamSource } from "./source.ts";
import {
  dirichletProportions,
  evenCounts,
  type LabelSkew,
  multinomialCounts,
  shardClasses,
} from "./label_skew.ts";
import { dirichletOverSites, evenClassTotals } from "./dirichlet_over_sites.ts";
import { drawSiteSize, type SizeSpec, volumeScales } from "./quantity_skew.ts";
import {
  coarsestGranularity,
  type Granularity,
  granularityOf,
  requireGranularity,
  type SeriesFill,
} from "./granularity.ts";
import { drawMissing, type MissingSpec } from "./missing.ts";
import { drawShift, type ShiftSpec, type SiteShift } from "./feature_shift.ts";
import { fitToPool } from "./pool_partition.ts";
import { classCounts } from "./dataset.ts";

/** One group of similar sites, as the federation maps a scenario's `sites` entry onto it. */
export interface SiteGroupPlanInput {
  group: string;
  count: number;
  /** Samples per site (train + local test). */
  samples: SizeSpec;
  /**
   * 1 = full granularity (default); 0.1 = a tenth of the resolution, rate and
   * precision; or one value per modality (unlisted modalities stay at 1).
   */
  granularity?: Granularity;
  missing?: MissingSpec;
  shift?: ShiftSpec;
  /** Overrides the partition's label skew for this group. */
  label?: LabelSkew;
}

/** Everything {@linkcode planSites} needs besides the source. */
export interface PartitionInput {
  groups: SiteGroupPlanInput[];
  /** Label skew of every group without its own (default iid). */
  label?: LabelSkew;
  /** Share of each site's samples kept for its local test set (default 0.25). */
  localTestFraction?: number;
  /**
   * Evaluation samples drawn for each site apart from its training data
   * (site_eval.ts); 0 (default) evaluates on the held-out share. Ignored by
   * pool sources, whose sites keep their held-out share. When drawn, no
   * samples are held out: all planned samples train.
   */
  siteEvalSamples?: number;
  /** How reduced-rate series are refilled (default linear). */
  seriesFill?: SeriesFill;
}

/** One site's data, planned but not generated. */
export interface SitePlan {
  siteId: number;
  group: string;
  /** Samples in total, = trainSize + testSize = sum of classCounts. */
  size: number;
  trainSize: number;
  /** Held-out rows (the site's test set unless `evalSamples` > 0). */
  testSize: number;
  /** Samples of the separately drawn evaluation set; 0 when the held-out rows are the test set. */
  evalSamples: number;
  /** Samples per class (train + test). */
  classCounts: number[];
  /** The class proportions the label skew drew (null where labels are not chosen). */
  classProportions: number[] | null;
  /** The coarsest granularity of any modality (1 = full). */
  granularity: number;
  /** Per-modality granularity, when the group set one per modality. */
  granularityByModality?: Partial<Record<Modality, number>>;
  seriesFill: SeriesFill;
  missing: Modality[];
  shift: SiteShift | null;
  /** Size relative to the median size of the largest group: ≈ 0.1 for 1/10-scale sites. */
  volumeScale: number;
  /** Pool sources only: where this site's run of each class starts in the shuffled class pool. */
  poolOffsets: number[] | null;
}

function minimumSize(skew: LabelSkew, testFraction: number): number {
  const floor = testFraction > 0 ? 2 : 1;
  if (skew !== "iid" && "dirichlet" in skew) return Math.max(floor, skew.dirichlet.minPerSite ?? 0);
  return floor;
}

/**
 * The draws a label skew makes for a whole group at once: the shard deck's
 * classes per site, or per-site class counts of Dirichlet over sites (whose
 * group total is the sum of the drawn `sizes`, split evenly over classes).
 */
function groupLabelDraws(
  g: SiteGroupPlanInput,
  skew: LabelSkew,
  sizes: readonly number[],
  classes: number,
  testFraction: number,
  streams: StreamSource,
): { shards: number[][] | null; overSites: number[][] | null } {
  if (skew === "iid" || g.count === 0) return { shards: null, overSites: null };
  if ("shards" in skew) {
    const rng = streams.stream(`partition/shards/${g.group}`);
    return {
      shards: shardClasses(g.count, classes, skew.shards.classesPerSite, rng),
      overSites: null,
    };
  }
  if (skew.dirichlet.over !== "sites") return { shards: null, overSites: null };
  const { counts } = dirichletOverSites({
    classTotals: evenClassTotals(sizes.reduce((a, b) => a + b, 0), classes),
    sites: g.count,
    alpha: skew.dirichlet.alpha,
    minimum: minimumSize(skew, testFraction),
    field: g.label ? `groups.${g.group}.label.dirichlet` : "data.partition.label.dirichlet",
  }, streams.stream(`partition/dirichlet-over-sites/${g.group}`));
  return { shards: null, overSites: counts };
}

/** The number of samples a site is evaluated on: drawn ones, else its held-out rows. */
export function siteTestCount(plan: Pick<SitePlan, "testSize" | "evalSamples">): number {
  return plan.evalSamples > 0 ? plan.evalSamples : plan.testSize;
}

/** Samples held out for a site's local test set: at least one when the fraction is > 0, never all. */
export function localTestSize(size: number, fraction: number): number {
  if (!(fraction >= 0 && fraction < 1)) {
    throw new RangeError(`Expected localTestFraction in [0, 1) but found ${fraction}`);
  }
  if (fraction === 0 || size < 2) return 0;
  return Math.min(size - 1, Math.max(1, Math.round(size * fraction)));
}

/**
 * Plans every site of every group (site ids 0, 1, … in group order).
 *
 * @example
 * ```ts
 * import { planSites, createSceneSource } from "./mod.ts";
 * import { RngStreams } from "../engine/mod.ts";
 * const plans = planSites(createSceneSource(), {
 *   groups: [{ group: "full", count: 3, samples: 100 }],
 *   label: { dirichlet: { alpha: 0.5 } },
 * }, new RngStreams(1));
 * if (plans.length !== 3 || plans[0].size !== 100) throw new Error();
 * ```
 */
export function planSites(
  source: DataSource,
  input: PartitionInput,
  streams: StreamSource,
): SitePlan[] {
  const evalSamples = source.kind === "pool" ? 0 : input.siteEvalSamples ?? 0;
  if (!Number.isInteger(evalSamples) || evalSamples < 0) {
    throw new RangeError(`Expected siteEvalSamples to be an integer ≥ 0 but found ${evalSamples}`);
  }
  // Drawn evaluation samples replace the held-out rows: nothing is taken from training.
  const testFraction = evalSamples > 0 ? 0 : input.localTestFraction ?? 0.25;
  const C = source.classes;
  const plans: SitePlan[] = [];
  let siteId = 0;
  for (const g of input.groups) {
    if (!Number.isInteger(g.count) || g.count < 0) {
      throw new RangeError(`Expected ${g.group}.count to be an integer ≥ 0 but found ${g.count}`);
    }
    const granularitySpec = g.granularity ?? 1;
    for (const m of source.modalities) requireGranularity(granularityOf(granularitySpec, m));
    const granularity = coarsestGranularity(granularitySpec);
    const byModality = typeof granularitySpec === "number" ? undefined : { ...granularitySpec };
    const skew = g.label ?? input.label ?? "iid";
    if (source.kind === "per-site" && skew !== "iid") {
      throw new TypeError(
        `Expected an iid label partition for the ${source.name} source (its sites' own models ` +
          `decide their labels) but found ${JSON.stringify(skew)} in group ${g.group}`,
      );
    }
    // Sizes come first from each site's own stream, so a group-wide draw can use them all.
    const rngs = Array.from(
      { length: g.count },
      (_, i) => streams.stream(`partition/site-${siteId + i}`),
    );
    const sizes = rngs.map((rng, i) =>
      drawSiteSize(g.samples, i, rng, minimumSize(skew, testFraction))
    );
    const { shards, overSites } = groupLabelDraws(g, skew, sizes, C, testFraction, streams);
    for (let i = 0; i < g.count; i++, siteId++) {
      const rng = rngs[i];
      const size = sizes[i];
      let proportions: number[] | null = null;
      let counts: number[];
      if (source.kind === "per-site") {
        // Labels are an outcome: generate exactly what materializeSite will and count them.
        const ds = source.generateSite(
          siteId,
          size,
          streams.stream(`data/site-${siteId}`),
          streams,
        );
        counts = classCounts(ds);
      } else if (overSites) {
        counts = overSites[i];
        proportions = counts.map((n) => n / Math.max(1, counts.reduce((a, b) => a + b, 0)));
      } else if (shards) {
        counts = evenCounts(size, shards[i], C, rng);
      } else {
        proportions = skew !== "iid" && "dirichlet" in skew
          ? dirichletProportions(C, skew.dirichlet.alpha, rng)
          : new Array(C).fill(1 / C);
        counts = multinomialCounts(size, proportions, rng);
      }
      plans.push({
        siteId,
        group: g.group,
        size,
        trainSize: 0,
        testSize: 0,
        evalSamples,
        classCounts: counts,
        classProportions: proportions,
        granularity,
        ...(byModality ? { granularityByModality: byModality } : {}),
        seriesFill: input.seriesFill ?? "linear",
        missing: drawMissing(g.missing, source.modalities, rng),
        shift: drawShift(g.shift, source.modalities, source.shapes, rng),
        volumeScale: 1,
        poolOffsets: null,
      });
    }
  }
  if (source.kind === "pool") fitToPool(plans, source.poolLabels("train"), C);
  for (const p of plans) {
    p.size = p.classCounts.reduce((a, b) => a + b, 0);
    p.testSize = localTestSize(p.size, testFraction);
    p.trainSize = p.size - p.testSize;
  }
  const scales = volumeScales(plans.map((p) => p.size), plans.map((p) => p.group));
  plans.forEach((p, i) => p.volumeScale = scales[i]);
  return plans;
}
