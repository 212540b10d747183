/**
 * A site's evaluation set, drawn apart from its training data. Held-out rows
 * shrink with a site's volume (a 1/10 site kept 6–13 test samples, so its
 * accuracy was mostly noise); these samples come from the same distribution
 * as the site's own data — its label mix, granularity, calibration shift and
 * missing sensors — but their number is the scenario's `siteEvalSamples`,
 * whatever the site's size. They use their own stream, `data/site-eval-<id>`,
 * so they are independent of the training samples and change none of them.
 */

import { FastNoise } from "./_fast_noise.ts";
import { applyShift } from "./feature_shift.ts";
import { applyGranularity } from "./granularity.ts";
import { multinomialCounts } from "./label_skew.ts";
import { applyMissing } from "./missing.ts";
import type { SitePlan } from "./plan.ts";
import type { DataSource, StreamSource } from "./source.ts";
import type { Dataset } from "./types.ts";

/**
 * The class mix a site's evaluation labels are drawn from: the proportions
 * its label skew drew, else (shards, pools) the shares of its planned counts.
 */
export function siteLabelMix(plan: Pick<SitePlan, "classCounts" | "classProportions">): number[] {
  if (plan.classProportions !== null) return [...plan.classProportions];
  const total = plan.classCounts.reduce((a, b) => a + b, 0);
  if (total === 0) throw new RangeError("Expected a site with at least one planned sample");
  return plan.classCounts.map((n) => n / total);
}

/**
 * `plan.evalSamples` samples of the site's own distribution, from the stream
 * `data/site-eval-<id>`. Generated sources draw labels from the site's label
 * mix; per-site sources (FedProx Synthetic) sample the site's own model. Pool
 * sources have no unseen samples of a site's own to draw: they keep the
 * held-out share instead (planSites never asks for this there).
 *
 * @example
 * ```ts
 * import { createSceneSource, materializeEvalSet, planSites } from "./mod.ts";
 * import { RngStreams } from "../engine/mod.ts";
 * const source = createSceneSource();
 * const [plan] = planSites(source, { groups: [{ group: "g", count: 1, samples: 10 }],
 *   siteEvalSamples: 50 }, new RngStreams(1));
 * if (materializeEvalSet(source, plan, new RngStreams(1)).n !== 50) throw new Error();
 * ```
 */
export function materializeEvalSet(
  source: DataSource,
  plan: SitePlan,
  streams: StreamSource,
): Dataset {
  const n = plan.evalSamples;
  if (!Number.isInteger(n) || n < 1) {
    throw new RangeError(
      `Expected site ${plan.siteId} to draw ≥ 1 evaluation samples but found ${n}`,
    );
  }
  const rng = streams.stream(`data/site-eval-${plan.siteId}`);
  let ds: Dataset;
  if (source.kind === "generated") {
    const counts = multinomialCounts(n, siteLabelMix(plan), rng);
    const labels: number[] = [];
    counts.forEach((k, c) => {
      for (let i = 0; i < k; i++) labels.push(c);
    });
    ds = source.generate(Int32Array.from(rng.shuffle(labels)), rng, "test", plan.missing);
  } else if (source.kind === "per-site") {
    ds = source.generateSite(plan.siteId, n, rng, streams);
  } else {
    throw new TypeError(
      `Expected a generated or per-site source for drawn evaluation samples but found the ` +
        `${source.name} pool (its sites evaluate on their held-out share)`,
    );
  }
  applyGranularity(ds, plan.granularityByModality ?? plan.granularity, plan.seriesFill);
  if (plan.shift) applyShift(ds, plan.shift, new FastNoise(rng), plan.missing);
  applyMissing(ds, plan.missing);
  return ds;
}
