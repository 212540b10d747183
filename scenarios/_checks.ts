/**
 * Cross-field checks of a scenario: rules that no single field can state
 * (shares sum to 1, sites per round fit the sites there are) and the
 * machine-protecting limits on totals.
 */
import type { z } from "zod";
import type { ScenarioFields } from "./schema.ts";
import { distributionBounds } from "./distribution.ts";
import { MAX_SAMPLES_PER_SITE, MAX_SITES, MAX_TOTAL_SAMPLES, SHARE_TOLERANCE } from "./limits.ts";
import { groupCounts } from "./_resolve.ts";
import { checkWorld } from "./_world_checks.ts";
import { checkModelForm } from "./_model_checks.ts";

/** MNIST has ten digit classes; a scenario may use fewer. */
const MNIST_CLASSES = 10;

type Path = (string | number)[];

/** Adds every cross-field problem of `ctx.value` to `ctx.issues`. */
export function checkScenario(ctx: z.core.ParsePayload<ScenarioFields>): void {
  const s = ctx.value;
  const fail = (path: Path, message: string, input: unknown) =>
    ctx.issues.push({ code: "custom", path, message, input });

  const sizesOk = checkGroupSizes(s, fail);
  checkWorld(s, fail);
  checkModalities(s, fail);
  checkPartition(s, fail);
  checkLocalOptimizer(s, fail);
  checkFedProxSetting(s, fail);
  checkModelForm(s, fail);
  if (s.model.norm === "batch" && s.training.strategy.name === "dp-fedavg") {
    fail(
      ["model", "norm"],
      "must not be batch with dp-fedavg (expected layer or none: BatchNorm's running statistics " +
        "would be released with Gaussian noise, and a noised variance can turn negative)",
      s.model.norm,
    );
  }
  if (!sizesOk) return;

  const counts = groupCounts(s.sites, s.totalSites);
  const total = counts.reduce((a, b) => a + b, 0);
  if (total > MAX_SITES) {
    fail(
      ["sites"],
      `must hold at most ${MAX_SITES} sites (expected ≤ ${MAX_SITES}, got ${total})`,
      s.sites,
    );
  }
  if (total < 1) fail(["sites"], "must hold at least one site (expected ≥ 1, got 0)", s.sites);

  let expectedSamples = 0;
  s.sites.forEach((g, i) => {
    const { mean, high } = distributionBounds(g.samples);
    expectedSamples += counts[i] * Math.max(mean, 0);
    if (high > MAX_SAMPLES_PER_SITE) {
      fail(
        ["sites", i, "samples"],
        `must stay within the per-site limit (expected at most ${MAX_SAMPLES_PER_SITE} samples per site, got up to ${
          Math.round(high)
        })`,
        g.samples,
      );
    }
  });
  if (expectedSamples > MAX_TOTAL_SAMPLES) {
    fail(
      ["sites"],
      `must stay within the total sample limit (expected at most ${MAX_TOTAL_SAMPLES} samples in all, got about ${
        Math.round(expectedSamples)
      })`,
      s.sites,
    );
  }

  const t = s.training;
  if (t.sitesPerRound !== undefined && t.sitesPerRound > total) {
    fail(
      ["training", "sitesPerRound"],
      `must not exceed the number of sites (expected ≤ ${total}, got ${t.sitesPerRound})`,
      t.sitesPerRound,
    );
  }
  if (t.protocol === "async" && t.async.bufferSize > t.async.concurrency) {
    fail(
      ["training", "async", "bufferSize"],
      `must not exceed concurrency (expected ≤ ${t.async.concurrency}, got ${t.async.bufferSize})`,
      t.async.bufferSize,
    );
  }
  const groupsBy = t.hierarchical.groupsBy;
  if (t.protocol === "hierarchical" && typeof groupsBy === "number" && groupsBy > total) {
    fail(
      ["training", "hierarchical", "groupsBy"],
      `must not exceed the number of sites (expected ≤ ${total}, got ${groupsBy})`,
      groupsBy,
    );
  }
}

type Fail = (path: Path, message: string, input: unknown) => void;

/** Groups use all counts or all shares; shares sum to 1; names are unique. */
function checkGroupSizes(s: ScenarioFields, fail: Fail): boolean {
  let ok = true;
  const seen = new Set<string>();
  s.sites.forEach((g, i) => {
    if (seen.has(g.group)) {
      fail(
        ["sites", i, "group"],
        `must be unique (expected a new name, got "${g.group}" again)`,
        g.group,
      );
    }
    seen.add(g.group);
    if ((g.count === undefined) === (g.share === undefined)) ok = false; // reported per group
  });
  if (!ok) return false;

  const byShare = s.sites.filter((g) => g.share !== undefined).length;
  if (byShare > 0 && byShare < s.sites.length) {
    const i = s.sites.findIndex((g) => g.share !== undefined);
    fail(
      ["sites", i, "share"],
      "must not mix share and count groups (expected every group to give count, or every group share)",
      s.sites[i].share,
    );
    return false;
  }
  if (byShare > 0) {
    const sum = s.sites.reduce((a, g) => a + (g.share ?? 0), 0);
    if (Math.abs(sum - 1) > SHARE_TOLERANCE) {
      fail(
        ["sites"],
        `shares must sum to 1 (expected 1 ± ${SHARE_TOLERANCE}, got ${+sum.toFixed(9)})`,
        sum,
      );
      ok = false;
    }
    if (s.totalSites === undefined) {
      fail(
        ["totalSites"],
        "is required when groups give shares (expected an integer ≥ 1, got nothing)",
        undefined,
      );
      ok = false;
    }
    return ok;
  }
  const sum = s.sites.reduce((a, g) => a + (g.count ?? 0), 0);
  if (s.totalSites !== undefined && s.totalSites !== sum) {
    fail(
      ["totalSites"],
      `must equal the sum of group counts (expected ${sum}, got ${s.totalSites})`,
      s.totalSites,
    );
  }
  return true;
}

/** Modalities are listed once, and groups only mention modalities the data has. */
function checkModalities(s: ScenarioFields, fail: Fail): void {
  const mods = s.data.modalities;
  mods.forEach((m, i) => {
    if (mods.indexOf(m) !== i) {
      fail(
        ["data", "modalities", i],
        `must be listed once (expected distinct modalities, got "${m}" again)`,
        m,
      );
    }
  });
  const known = new Set<string>(mods);
  const expected = `expected one of ${mods.join(", ")}`;
  s.sites.forEach((g, i) => {
    for (const m of Object.keys(g.missing)) {
      if (!known.has(m)) {
        fail(
          ["sites", i, "missing", m],
          `names a modality the data lacks (${expected}, got "${m}")`,
          m,
        );
      }
    }
    if (typeof g.granularity === "object") {
      for (const m of Object.keys(g.granularity)) {
        if (!known.has(m)) {
          fail(
            ["sites", i, "granularity", m],
            `names a modality the data lacks (${expected}, got "${m}")`,
            m,
          );
        }
      }
    }
  });
}

/** Label partitions fit the number of classes; MNIST has ten. */
function checkPartition(s: ScenarioFields, fail: Fail): void {
  const label = s.data.partition.label;
  if (
    typeof label === "object" && "shards" in label && label.shards.classesPerSite > s.data.classes
  ) {
    fail(
      ["data", "partition", "label", "shards", "classesPerSite"],
      `must not exceed data.classes (expected ≤ ${s.data.classes}, got ${label.shards.classesPerSite})`,
      label.shards.classesPerSite,
    );
  }
  if (s.data.source === "mnist" && s.data.classes > MNIST_CLASSES) {
    fail(
      ["data", "classes"],
      `must be at most ${MNIST_CLASSES} for MNIST (expected ≤ ${MNIST_CLASSES}, got ${s.data.classes})`,
      s.data.classes,
    );
  }
}

/**
 * FedNova's normaliser aᵢ is defined for local SGD and SGD with (Nesterov)
 * momentum, whose updates are linear in the gradients; Adam's are not.
 * (Its removed `localMomentum` param is refused by FedNova's params schema.)
 */
function checkLocalOptimizer(s: ScenarioFields, fail: Fail): void {
  const t = s.training;
  if (t.strategy.name !== "fednova") return;
  if (t.optimizer.name === "adam") {
    fail(
      ["training", "optimizer", "name"],
      "must be sgd or momentum with FedNova (expected sgd or momentum, got adam: FedNova's " +
        "normalisation is defined only for updates linear in the gradients)",
      t.optimizer.name,
    );
  }
}

/** The authors' sample law is a FedProx Synthetic option; stragglers belong to sync rounds. */
function checkFedProxSetting(s: ScenarioFields, fail: Fail): void {
  const law = s.data.synthetic.sampleLaw;
  if (law !== undefined && s.data.source !== "fedprox-synthetic") {
    fail(
      ["data", "synthetic", "sampleLaw"],
      `must be left out unless data.source is fedprox-synthetic (expected no sampleLaw, got one with source ${s.data.source})`,
      law,
    );
  }
  const stragglers = s.training.stragglers;
  if (stragglers !== undefined && s.training.protocol !== "sync") {
    fail(
      ["training", "stragglers"],
      `must be left out unless training.protocol is sync (expected sync rounds, got ${s.training.protocol})`,
      stragglers,
    );
  }
  if (stragglers !== undefined && s.training.localEpochs < 2) {
    fail(
      ["training", "localEpochs"],
      `must be at least 2 with stragglers (expected ≥ 2: a straggler runs 1…E−1 epochs, got ${s.training.localEpochs})`,
      s.training.localEpochs,
    );
  }
}
