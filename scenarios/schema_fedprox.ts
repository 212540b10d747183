/**
 * Scenario fields of FedProx's own setting (Li et al., MLSys 2020;
 * github.com/litian96/FedProx): the authors' per-device sample-count law
 * and their stragglers, who do a random part of the local work.
 */
import { z } from "zod";
import { between, integer, nonNegative, probability } from "./_fields.ts";
import { MAX_SAMPLES_PER_SITE } from "./limits.ts";

/**
 * `data.synthetic.sampleLaw`: every site of a fedprox-synthetic scenario
 * holds ⌊exp(mu + sigma·z)⌋ + offset samples, z ~ N(0, 1) from the site's
 * `partition/site-<id>` stream — the authors' generator draws
 * `np.random.lognormal(4, 2).astype(int) + 50`. It replaces the groups' `samples`.
 */
export const SampleLawSchema = z.strictObject({
  /** Mean of the log (numpy's lognormal `mean`). */
  mu: between(-10, 12),
  /** Standard deviation of the log (numpy's lognormal `sigma`). */
  sigma: nonNegative(),
  /** Samples added to every site after truncation. */
  offset: integer(0, MAX_SAMPLES_PER_SITE).default(0),
}).meta({
  id: "SampleLaw",
  description: "Site sizes ⌊lognormal(mu, sigma)⌋ + offset (FedProx: mu 4, sigma 2, offset 50).",
});

/**
 * `training.stragglers`: each round, of the sites that start training, a
 * seeded `fraction` (the authors' K − round(K·(1 − fraction))) are stragglers
 * and run a uniform number of local epochs in 1…E−1. `drop` discards them
 * (the paper's FedAvg); `partial` aggregates their partial work (FedProx).
 */
export const StragglersSchema = z.strictObject({
  fraction: probability(),
  policy: z.enum(["drop", "partial"]),
}).meta({
  id: "Stragglers",
  description: "Per-round fraction of stragglers running fewer local epochs: drop or keep them.",
});

/** Straggler settings as the round machinery reads them. */
export type Stragglers = z.infer<typeof StragglersSchema>;
/** The sample-count law as the data layer reads it. */
export type SampleLaw = z.infer<typeof SampleLawSchema>;
