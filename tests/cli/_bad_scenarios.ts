/**
 * The bad-input corpus, part 1: scenario files a person (or an attacker)
 * might hand to `renkei`. Each case names the field its message must name.
 */

/** One bad input: files to write, the command, and what its message must name. */
export interface BadInput {
  name: string;
  /** Files to write in the case's folder (text, bytes, or null for a folder). */
  files?: Record<string, string | Uint8Array | null>;
  /** The command line; `@/` stands for the case's folder. Default: validate @/s.yaml. */
  args?: string[];
  /** Text (or pattern) the error output must contain: the field, flag or file named. */
  names: string | RegExp;
  /** When true, the problem is reported as `file:line  names`. */
  line?: boolean;
}

/** A valid scenario with four sites; cases append blocks to it. */
export const BASE = "name: corpus\nseed: 1\nsites:\n  - group: a\n    count: 4\n    samples: 20\n";

/** The base scenario with `extra` YAML appended, as the case's s.yaml. */
const withYaml = (extra: string) => ({ "s.yaml": BASE + extra });

/** A case whose scenario is the base plus `extra`, whose message names `field` with a line. */
const field = (name: string, extra: string, names: string): BadInput => ({
  name,
  files: withYaml(extra),
  names,
  line: true,
});

function aliasBomb(): string {
  let text = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n';
  for (let i = 1; i < 10; i++) {
    const prev = String.fromCharCode(96 + i);
    text += `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${
      Array(9).fill(`*${prev}`).join(",")
    }]\n`;
  }
  return text;
}

const utf16 = (text: string) => {
  const bytes = new Uint8Array(2 + text.length * 2);
  bytes.set([0xff, 0xfe]);
  for (let i = 0; i < text.length; i++) bytes[2 + 2 * i] = text.charCodeAt(i);
  return bytes;
};

/** Hostile and malformed files. */
export const HOSTILE: BadInput[] = [
  { name: "an alias bomb", files: { "s.yaml": aliasBomb() }, names: /alias/i },
  {
    name: "20,000-deep nesting",
    files: { "s.yaml": `name: t\nsites: ${"[".repeat(20000)}${"]".repeat(20000)}\n` },
    names: "nested too deeply",
  },
  {
    name: "a __proto__ key",
    files: withYaml("__proto__: {polluted: true}\n"),
    names: "__proto__",
    line: true,
  },
  field("a constructor key", "constructor: 1\n", "constructor"),
  field("a nested __proto__ key", "training:\n  __proto__: {rounds: 1}\n", "training.__proto__"),
  { name: "duplicate keys", files: withYaml("seed: 2\n"), names: /unique/, line: true },
  {
    name: "tab indentation",
    files: { "s.yaml": "name: t\nsites:\n\t- group: a\n" },
    names: /not valid YAML/,
    line: true,
  },
  { name: "a UTF-16 file", files: { "s.yaml": utf16(BASE) }, names: /not UTF-8 text/ },
  {
    name: "a binary file",
    files: { "s.yaml": Uint8Array.from({ length: 4096 }, (_, i) => (i * 37) % 256) },
    names: /not UTF-8 text/,
  },
  {
    name: "invalid UTF-8 without NUL bytes",
    files: { "s.yaml": Uint8Array.from([0x6e, 0x3a, 0x20, 0xc3, 0x28, 0x0a]) },
    names: /not UTF-8 text/,
  },
  {
    name: "a 10 MB line",
    files: { "s.yaml": BASE + `description: ${"a".repeat(10_000_000)}\n` },
    names: /too large/,
  },
  { name: "a directory named like a file", files: { "s.yaml": null }, names: "is a folder" },
  { name: "a missing file", files: {}, names: "file not found" },
  { name: "an empty file", files: { "s.yaml": "" }, names: "empty document" },
  { name: "a list at the top", files: { "s.yaml": "- name: t\n" }, names: "a list" },
  {
    name: "JSON with a syntax error",
    files: { "s.json": '{"name": "t", "sites": [}' },
    args: ["validate", "@/s.json"],
    names: /not valid YAML/,
  },
];

/** Numbers that are not numbers, and values past their limits. */
export const NUMBERS: BadInput[] = [
  field("NaN for rounds", "training: {rounds: .nan}\n", "training.rounds"),
  field(
    "Infinity for a learning rate",
    "training: {learningRate: .inf}\n",
    "training.learningRate",
  ),
  field("-Infinity for a latency", "links: {latency: -.inf}\n", "links.latency"),
  field("1e309 for a learning rate", "training: {learningRate: 1e309}\n", "training.learningRate"),
  field("a string for rounds", 'training: {rounds: "ten"}\n', "training.rounds"),
  field("a negative site total", "totalSites: -1\n", "totalSites"),
  field("a fractional batch size", "training: {batchSize: 2.5}\n", "training.batchSize"),
  field("zero local epochs", "training: {localEpochs: 0}\n", "training.localEpochs"),
  field("rounds past the limit", "training: {rounds: 100000000}\n", "training.rounds"),
  field("one class", "data: {classes: 1}\n", "data.classes"),
  field("a width past the limit", "model: {width: 1000}\n", "model.width"),
  field("overcommit below 1", "training: {overcommit: 0.5}\n", "training.overcommit"),
  field("a test fraction of 1", "data: {localTestFraction: 1}\n", "data.localTestFraction"),
  field("a string for a boolean", 'baseline: {enabled: "yes"}\n', "baseline.enabled"),
  field("workers past the limit", "training: {workers: 1000}\n", "training.workers"),
];

/** World values out of range, as numbers and as distributions. */
export const WORLD: BadInput[] = [
  field("a negative latency", "links: {latency: -1}\n", "links.latency"),
  field("a zero uplink", "links: {uplink: 0}\n", "links.uplink"),
  field(
    "a normal downlink (can draw negatives)",
    "links: {downlink: {normal: {mean: 1.0e7, sd: 1.0e6}}}\n",
    "links.downlink",
  ),
  field(
    "a uniform compute reaching 0",
    "devices: {compute: {uniform: {min: 0, max: 1.0e9}}}\n",
    "devices.compute",
  ),
  field("a negative memory", "devices: {memory: -5}\n", "devices.memory"),
  field("a negative jitter", "links: {jitter: -0.1}\n", "links.jitter"),
  field("a probability above 1", "availability: {probability: 1.5}\n", "availability.probability"),
  field(
    "an on-period that can be 0",
    "availability: {onPeriod: {choice: {values: [0, 10]}}, offPeriod: 5}\n",
    "availability.onPeriod",
  ),
  {
    name: "a group latency constant below 0",
    files: {
      "s.yaml": "name: t\nsites:\n  - group: a\n    count: 2\n    samples: 20\n" +
        "    links: {latency: {constant: -2}}\n",
    },
    names: "sites[0].links.latency",
    line: true,
  },
  {
    name: "samples that can be negative",
    files: {
      "s.yaml": "name: t\nsites:\n  - group: a\n    count: 2\n" +
        "    samples: {uniform: {min: -5, max: 5}}\n",
    },
    names: "sites[0].samples",
    line: true,
  },
  {
    name: "an IoT link of zero bandwidth",
    files: {
      "s.yaml": "name: t\nsites:\n  - group: a\n    count: 1\n    samples: 20\n    iot:\n" +
        "      - {name: cam, compute: 1.0e9, memory: 1.0e9, link: {latency: 0.01, bandwidth: 0}}\n",
    },
    names: "sites[0].iot[0].link.bandwidth",
    line: true,
  },
  {
    name: "a missing-modality probability of 2",
    files: {
      "s.yaml": "name: t\nsites:\n  - group: a\n    count: 2\n    samples: 20\n" +
        "    missing: {image: 2}\n",
    },
    names: "sites[0].missing.image",
    line: true,
  },
];

/** Every enum of a scenario, given a value it does not have. */
export const ENUMS: BadInput[] = [
  field("an unknown data source", "data: {source: imagenet}\n", "data.source"),
  field("an unknown preset", "model: {preset: huge}\n", "model.preset"),
  field("an unknown fusion", "model: {fusion: sum}\n", "model.fusion"),
  field("an unknown protocol", "training: {protocol: gossip}\n", "training.protocol"),
  field("an unknown modality", "data: {modalities: [smell]}\n", "data.modalities[0]"),
  field("an unknown attack kind", "attack: {kind: poison, fraction: 0.1}\n", "attack.kind"),
  field(
    "an unknown split optimizer",
    "split: {dataNode: cam, optimizer: lbfgs}\n",
    "split.optimizer",
  ),
  field("an unknown strategy", "training: {strategy: {name: fedprx}}\n", "training.strategy.name"),
  field(
    "an unknown aggregator",
    "training: {strategy: {name: fedavg, params: {aggregator: mode}}}\n",
    "training.strategy.params.aggregator",
  ),
  field(
    "an unknown FedBN norm rule",
    "training: {strategy: {name: fedbn, params: {globalNorm: sometimes}}}\n",
    "training.strategy.params.globalNorm",
  ),
  field(
    "an unknown staleness rule",
    "training: {strategy: {name: fedavg, params: {staleness: linear}}}\n",
    "training.strategy.params.staleness",
  ),
  field(
    "an unknown weighting",
    "training: {strategy: {name: fedavg, params: {weighting: random}}}\n",
    "training.strategy.params.weighting",
  ),
  field(
    "an unknown imputation kind",
    "robustness: {imputation: {kind: zero}}\n",
    "robustness.imputation.kind",
  ),
];
