/**
 * The bad-input corpus, part 2: strategy params, the privacy, attack and
 * robustness blocks, every cross-field rule, and misuse of every command.
 */
import { type BadInput, BASE } from "./_bad_scenarios.ts";

const strategy = (name: string, params: string) =>
  `training: {strategy: {name: ${name}, params: ${params}}}\n`;

const field = (name: string, extra: string, names: string): BadInput => ({
  name,
  files: { "s.yaml": BASE + extra },
  names,
  line: true,
});

/** Strategy params against each strategy's own schema. */
export const PARAMS: BadInput[] = [
  field(
    "a misspelt FedProx mu",
    strategy("fedprox", "{muu: 0.01}"),
    "training.strategy.params.muu",
  ),
  field("a negative FedProx mu", strategy("fedprox", "{mu: -1}"), "training.strategy.params.mu"),
  field("FedAdam beta1 of 1", strategy("fedadam", "{beta1: 1}"), "training.strategy.params.beta1"),
  field("FedYogi eta of 0", strategy("fedyogi", "{eta: 0}"), "training.strategy.params.eta"),
  field(
    "FedAvgM momentum as text",
    strategy("fedavgm", '{serverMomentum: "high"}'),
    "training.strategy.params.serverMomentum",
  ),
  field(
    "DP-FedAvg without clipNorm",
    strategy("dp-fedavg", "{noiseMultiplier: 1}"),
    "training.strategy.params.clipNorm",
  ),
  field(
    "a trim fraction of 0.6",
    strategy("trimmed-mean", "{trimFraction: 0.6}"),
    "training.strategy.params.trimFraction",
  ),
  field(
    "SCAFFOLD with 0 total sites",
    strategy("scaffold", "{totalSites: 0}"),
    "training.strategy.params.totalSites",
  ),
  field(
    "krum told to use the mean",
    strategy("krum", "{aggregator: mean}"),
    "training.strategy.params.aggregator",
  ),
  field(
    "FedNova's removed localMomentum",
    strategy("fednova", "{localMomentum: 1}"),
    "training.strategy.params.localMomentum",
  ),
  field(
    "a fractional Byzantine count",
    strategy("krum", "{byzantine: 0.5}"),
    "training.strategy.params.byzantine",
  ),
  field("params that are a list", strategy("fedavg", "[1, 2]"), "training.strategy.params"),
];

/** The privacy, attack and robustness blocks, strictly. */
export const BLOCKS: BadInput[] = [
  field("a misspelt privacy key", "privacy: {secureAgg: {enabled: true}}\n", "privacy.secureAgg"),
  field(
    "a DP delta of 2",
    "privacy: {dp: {clipNorm: 1, noiseMultiplier: 1, delta: 2}}\n" +
      strategy("dp-fedavg", "{}"),
    "privacy.dp.delta",
  ),
  field(
    "a secure-aggregation threshold of 0.4",
    "privacy: {secureAggregation: {enabled: true, threshold: 0.4}}\n",
    "privacy.secureAggregation.threshold",
  ),
  field("an attack fraction of 2", "attack: {kind: scale, fraction: 2}\n", "attack.fraction"),
  field(
    "an unknown attack key",
    "attack: {kind: scale, fraction: 0.1, power: 3}\n",
    "attack.power",
  ),
  field("an unknown robustness key", "robustness: {armour: true}\n", "robustness.armour"),
  field("zero personalisation steps", "personalization: {steps: 0}\n", "personalization.steps"),
];

/** Every cross-field rule. */
export const CROSS_FIELD: BadInput[] = [
  field(
    "more sites per round than sites",
    "training: {sitesPerRound: 9}\n",
    "training.sitesPerRound",
  ),
  field(
    "Krum with n < 2f + 3",
    "training: {sitesPerRound: 4, strategy: {name: krum}}\n",
    "training.sitesPerRound",
  ),
  field(
    "Multi-Krum selecting more than n - f",
    "training: {strategy: {name: multi-krum, params: {byzantine: 0, multiKrumSelect: 5}}}\n",
    "training.strategy.params.multiKrumSelect",
  ),
  field(
    "Krum over an async buffer too small",
    "training:\n  protocol: async\n  strategy: {name: krum}\n  async: {bufferSize: 2, concurrency: 4}\n",
    "training.async.bufferSize",
  ),
  field(
    "secure aggregation over a cohort of 1",
    "training: {sitesPerRound: 1}\nprivacy: {secureAggregation: {enabled: true}}\n",
    "training.sitesPerRound",
  ),
  field(
    "a buffer larger than the concurrency",
    "training: {protocol: async, async: {bufferSize: 5, concurrency: 2}}\n",
    "training.async.bufferSize",
  ),
  field(
    "more edge groups than sites",
    "training: {protocol: hierarchical, hierarchical: {groupsBy: 10}}\n",
    "training.hierarchical.groupsBy",
  ),
  field(
    "secure aggregation with async",
    "training: {protocol: async, async: {bufferSize: 2, concurrency: 4}}\n" +
      "privacy: {secureAggregation: {enabled: true}}\n",
    "training.protocol",
  ),
  field(
    "secure aggregation with SCAFFOLD",
    "training: {strategy: {name: scaffold}}\nprivacy: {secureAggregation: {enabled: true}}\n",
    "training.strategy.name",
  ),
  field(
    "secure aggregation with a robust aggregator",
    strategy("fedavg", "{aggregator: median}") + "privacy: {secureAggregation: {enabled: true}}\n",
    "training.strategy.params.aggregator",
  ),
  field(
    "privacy.dp without DP-FedAvg",
    "privacy: {dp: {clipNorm: 1, noiseMultiplier: 1}}\n",
    "privacy.dp",
  ),
  field(
    "DP-FedAvg params against privacy.dp",
    strategy("dp-fedavg", "{clipNorm: 2}") + "privacy: {dp: {clipNorm: 1, noiseMultiplier: 1}}\n",
    "training.strategy.params.clipNorm",
  ),
  {
    name: "shares that do not sum to 1",
    files: {
      "s.yaml": "name: t\ntotalSites: 10\nsites:\n  - {group: a, share: 0.5, samples: 20}\n" +
        "  - {group: b, share: 0.2, samples: 20}\n",
    },
    names: "sites: shares must sum to 1",
    line: true,
  },
  field(
    "more classes per shard than classes",
    "data: {classes: 4, partition: {label: {shards: {classesPerSite: 5}}}}\n",
    "data.partition.label.shards.classesPerSite",
  ),
  field("a total that is not the sum", "totalSites: 7\n", "totalSites"),
  {
    name: "a group name twice",
    files: {
      "s.yaml": "name: t\nsites:\n  - {group: a, count: 1, samples: 20}\n" +
        "  - {group: a, count: 1, samples: 20}\n",
    },
    names: "sites[1].group",
    line: true,
  },
  field("MNIST with 12 classes", "data: {source: mnist, classes: 12}\n", "data.classes"),
];

/** Misuse of every command. `@/s.yaml` is a valid scenario unless the case writes one. */
export const COMMANDS: BadInput[] = [
  { name: "validate without files", args: ["validate"], names: "missing required argument" },
  {
    name: "validate with an unknown option",
    args: ["validate", "--nope", "@/s.yaml"],
    names: "--nope",
  },
  { name: "run without a file", args: ["run"], names: "missing required argument" },
  { name: "run --seed abc", args: ["run", "@/s.yaml", "--seed", "abc"], names: "--seed" },
  { name: "run --seed -1", args: ["run", "@/s.yaml", "--seed", "-1"], names: "--seed" },
  { name: "run --workers -1", args: ["run", "@/s.yaml", "--workers", "-1"], names: "--workers" },
  {
    name: "run --out naming a file",
    files: { "taken": "x" },
    args: ["run", "@/s.yaml", "--out", "@/taken"],
    names: "--out",
  },
  {
    name: "run --redis that is no address",
    args: ["run", "@/s.yaml", "--out", "@/r", "--redis", "not a url"],
    names: "--redis",
  },
  { name: "run --backend gpu", args: ["run", "@/s.yaml", "--backend", "gpu"], names: "--backend" },
  {
    name: "run --set without a value",
    args: ["run", "@/s.yaml", "--out", "@/r", "--set", "training.rounds"],
    names: "training.rounds",
  },
  {
    name: "run --set on an unknown field",
    args: ["run", "@/s.yaml", "--out", "@/r", "--set", "training.roundz=3"],
    names: "training.roundz",
  },
  {
    name: "sweep --out naming a file",
    files: { "taken": "x" },
    args: ["sweep", "@/s.yaml", "--out", "@/taken", "--set", "training.rounds=1,2"],
    names: "--out",
  },
  {
    name: "sweep with a bad value in the last combination",
    args: ["sweep", "@/s.yaml", "--out", "@/r", "--set", "training.strategy.name=fedavg,fedprx"],
    names: "training.strategy.name",
  },
  {
    name: "check on a folder that is not a run",
    files: { "empty": null },
    args: ["check", "@/empty"],
    names: "not a run directory",
  },
  { name: "check on a scenario file", args: ["check", "@/s.yaml"], names: "not a run directory" },
  {
    name: "compare on a missing folder",
    args: ["compare", "@/none", "@/none-either"],
    names: "not a run directory",
  },
  {
    name: "compare with a single run",
    args: ["compare", "@/none"],
    names: "at least two run directories",
  },
  {
    name: "compare --out naming a folder",
    files: { "out": null },
    args: ["compare", "@/none", "@/none-either", "--out", "@/out"],
    names: "--out",
  },
  {
    name: "worker --redis that is no address",
    args: ["worker", "--redis", "ftp://x"],
    names: "--redis",
  },
  {
    name: "worker --concurrency 0",
    args: ["worker", "--concurrency", "0"],
    names: "--concurrency",
  },
  { name: "split without a file", args: ["split"], names: "missing required argument" },
  { name: "split --steps 0", args: ["split", "@/s.yaml", "--steps", "0"], names: "--steps" },
  {
    name: "bench train --preset huge",
    args: ["bench", "train", "--preset", "huge"],
    names: "--preset",
  },
  { name: "an unknown command", args: ["frobnicate"], names: "frobnicate" },
];
