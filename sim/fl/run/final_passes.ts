/**
 * The robustness passes that run once on the final federated model, after
 * the last round: imputation statistics are gathered from the sites that
 * observe each modality and sites missing one re-evaluate with it filled
 * in; every site fine-tunes a personal head and reports its accuracy
 * (`fineTunedAccuracy`, next to the strategy's own `personalizedAccuracy`). Each
 * site works on its own data; only statistics, tables and metrics move, and
 * their bytes are counted.
 */
import type * as tfl from "@tensorflow/tfjs-layers";
import type { Dataset } from "../../data/mod.ts";
import type { RngStreams } from "../../engine/mod.ts";
import { type MessageLedger, METRICS_BYTES } from "../round/messages.ts";
import type { SiteEvaluation } from "../evaluation.ts";
import type { RobustnessConfig } from "../../../scenarios/schema_robustness.ts";
import {
  embeddingStats,
  evaluateImputed,
  imputationTable,
  statsBytes,
  tableBytes,
} from "../../robustness/imputation.ts";
import { personalizedAccuracy } from "../../robustness/personalization.ts";

/** A site's-eye view of the executor: its data and the model loaded with given weights. */
export interface SiteModelAccess {
  siteData(siteId: number): { train: Dataset; test: Dataset };
  withModel<T>(weights: Float32Array, fn: (model: tfl.LayersModel) => T): T;
}

/** What the final passes need from the run. */
export interface FinalPassContext {
  access: SiteModelAccess;
  streams: RngStreams;
  ledger: MessageLedger;
  /** Sites and the modalities each lacks (from the world's data facts). */
  sites: readonly { id: number; missing: readonly string[] }[];
  classes: number;
}

/** The final evaluations after the passes, and what the passes found. */
export interface FinalPassResult {
  evaluations: SiteEvaluation[];
  /** Accuracy before imputation, per imputed site id. */
  accuracyBeforeImputation: Record<number, number>;
  /** Samples behind each imputable modality column (0: nobody observed it). */
  imputationSamples: Record<number, number>;
}

/** Runs the passes the config enables on `global`; evaluations are copied, never changed. */
export function finalPasses(
  ctx: FinalPassContext,
  config: RobustnessConfig,
  global: Float32Array,
  evaluations: readonly SiteEvaluation[],
): FinalPassResult {
  const out = evaluations.map((e) => ({ ...e }));
  const byId = new Map(out.map((e) => [e.siteId, e]));
  const accuracyBeforeImputation: Record<number, number> = {};
  const imputationSamples: Record<number, number> = {};
  if (config.imputation.enabled && ctx.sites.some((s) => s.missing.length > 0)) {
    const stats = ctx.sites.map((s) =>
      ctx.access.withModel(
        global,
        (model) => embeddingStats(model, ctx.access.siteData(s.id).train),
      )
    );
    // Statistics are per-class means in disguise: metrics, not samples.
    for (const s of stats) ctx.ledger.record("metrics-up", statsBytes(s));
    const table = imputationTable(stats, ctx.classes, config.imputation.kind);
    for (const m of table.modalities) imputationSamples[m.index] = m.samples;
    for (const site of ctx.sites) {
      const e = byId.get(site.id);
      if (site.missing.length === 0 || e === undefined) continue;
      // The table is model-side state the server sends with the model.
      ctx.ledger.record("control-down", tableBytes(table));
      const m = ctx.access.withModel(
        global,
        (model) => evaluateImputed(model, ctx.access.siteData(site.id).test, table),
      );
      ctx.ledger.record("metrics-up", METRICS_BYTES);
      accuracyBeforeImputation[site.id] = e.accuracy;
      e.accuracy = m.accuracy;
      e.loss = m.loss;
    }
  }
  const p = config.personalization;
  if (p.enabled) {
    for (const site of ctx.sites) {
      const e = byId.get(site.id);
      if (e === undefined) continue;
      const seed = ctx.streams.stream(`robustness/personalize/site-${site.id}`).seed32();
      // Its own field: FedBN's and local-only's personalizedAccuracy stays as the strategy measured it.
      e.fineTunedAccuracy = ctx.access.withModel(
        global,
        (model) =>
          personalizedAccuracy(model, global, ctx.access.siteData(site.id), { ...p, seed }),
      );
      ctx.ledger.record("metrics-up", METRICS_BYTES);
    }
  }
  return { evaluations: out, accuracyBeforeImputation, imputationSamples };
}
