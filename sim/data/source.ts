/**
 * What a data source offers the partitioners. Three kinds exist because
 * "giving a site its data" means three different things:
 * - `generated`: any labels can be asked for (the smart-building scene), so a
 *   partition chooses per-site class counts;
 * - `pool`: a finite set of real samples (MNIST), so a partition assigns
 *   disjoint index sets, and a held-out part is reserved for the global test;
 * - `per-site`: each site has its own generating model and its labels come
 *   out of it (FedProx Synthetic), so only sizes can be chosen.
 */

import type { Rng } from "../engine/mod.ts";
import type { Dataset, Modality, ModalityShapes } from "./types.ts";

/** Anything that hands out named random streams, e.g. the engine's `RngStreams`. */
export interface StreamSource {
  stream(name: string): Rng;
}

/** Which part of a source samples come from: site training data or the held-out global test. */
export type Split = "train" | "test";

interface SourceFace {
  /** Short name, e.g. `"scene"`. */
  readonly name: string;
  readonly classes: number;
  /** Modalities every sample carries, in the fixed MODALITIES order. */
  readonly modalities: Modality[];
  readonly shapes: ModalityShapes;
}

/** A source that generates samples of any requested class. */
export interface GeneratedSource extends SourceFace {
  readonly kind: "generated";
  /**
   * Samples with exactly these labels (in this order), all modalities
   * observed, full granularity. `split` lets a generator that draws from a
   * finite pool (real images) keep test samples apart from training ones.
   * Modalities in `omit` will be zeroed by the caller: a generator may leave
   * their values unfilled, but must advance `rng` (and anything seeded from
   * it) exactly as if it had filled them, so every other value is unchanged.
   * With `rows` = [from, to), only samples `from` … `to`−1 are returned (a
   * site's test or training rows; `n` = to − from), the others' draws
   * advancing the streams unused, so the rows are the same bits as in the
   * whole dataset.
   */
  generate(
    labels: Int32Array,
    rng: Rng,
    split: Split,
    omit?: readonly Modality[],
    rows?: readonly [number, number],
  ): Dataset;
}

/** A finite set of real samples split once into a training pool and a test pool. */
export interface PoolSource extends SourceFace {
  readonly kind: "pool";
  /** Labels of the pool's samples; index i of a pool is sample i. */
  poolLabels(split: Split): Int32Array;
  /** The pool samples at `indices`, in that order. */
  take(split: Split, indices: ArrayLike<number>): Dataset;
}

/** A source whose every site has its own model; labels are an outcome, not a choice. */
export interface PerSiteSource extends SourceFace {
  readonly kind: "per-site";
  /** `n` samples of site `siteId`'s own distribution; the site's model comes from `streams`. */
  generateSite(siteId: number, n: number, rng: Rng, streams: StreamSource): Dataset;
  /**
   * `n` samples of the population: for sources where all sites share one
   * model (an IID variant) `siteIds` is ignored; otherwise samples are spread
   * over those sites in proportion to `weights`.
   */
  generatePopulation(
    n: number,
    rng: Rng,
    streams: StreamSource,
    sites: { siteIds: readonly number[]; weights: readonly number[] } | null,
  ): Dataset;
}

/** Any data source the partitioners and materialisers accept. */
export type DataSource = GeneratedSource | PoolSource | PerSiteSource;
