import assert from "node:assert/strict";
import {
  formatScenarioError,
  loadScenario,
  MAX_ROUNDS,
  MAX_SITES,
  parseScenario,
  type ScenarioError,
  type ScenarioIssue,
} from "../../scenarios/mod.ts";
import { MINIMAL, scenarioErrorOf } from "./_helpers.ts";

/** The one issue of an error, with file, line and path checked. */
function only(err: ScenarioError): ScenarioIssue {
  assert.equal(err.issues.length, 1, formatScenarioError(err));
  return err.issues[0];
}

Deno.test("a missing file is a ScenarioError naming the file", async () => {
  const err = await scenarioErrorOf(() => loadScenario("scenarios/no-such-file.yaml"));
  const issue = only(err);
  assert.equal(issue.file, "scenarios/no-such-file.yaml");
  assert.equal(issue.line, null);
  assert.match(issue.message, /file not found/);
});

Deno.test("invalid YAML syntax is reported with its line", async () => {
  const text = "name: t\nsites:\n  - group: a\n    count: 4\n    count: 5\n";
  const issue = only(await scenarioErrorOf(() => parseScenario(text, "bad.yaml")));
  assert.deepEqual([issue.file, issue.line], ["bad.yaml", 5]);
  assert.match(issue.message, /not valid YAML \(Map keys must be unique/);

  const unclosed = "name: t\nsites: [\n";
  const err = await scenarioErrorOf(() => parseScenario(unclosed, "bad.yaml"));
  assert.ok(err.issues.every((i) => i.line !== null && i.line >= 2), formatScenarioError(err));
});

Deno.test("an unknown key is reported at its own line with a suggestion", async () => {
  const text = MINIMAL + "training:\n  rounds: 3\n  sitesPerRond: 2\n";
  const issue = only(await scenarioErrorOf(() => parseScenario(text, "k.yaml")));
  assert.deepEqual([issue.file, issue.line, issue.path], ["k.yaml", 8, "training.sitesPerRond"]);
  assert.match(issue.message, /did you mean "sitesPerRound"/);
});

Deno.test("a wrong type says what was expected and what was found", async () => {
  const text = MINIMAL + "training:\n  rounds: ten\n";
  const issue = only(await scenarioErrorOf(() => parseScenario(text, "w.yaml")));
  assert.deepEqual([issue.line, issue.path], [7, "training.rounds"]);
  assert.match(issue.message, /expected integer ≥ 1, got "ten"/);
});

Deno.test("an out-of-range value is formatted as file:line  path: message", async () => {
  const text = MINIMAL + "training:\n  rounds: -3\n";
  const err = await scenarioErrorOf(() => parseScenario(text, "scenarios/x.yaml"));
  assert.equal(
    formatScenarioError(err),
    "scenarios/x.yaml:7  training.rounds: must be a positive integer (expected integer ≥ 1, got -3)",
  );
});

Deno.test("a problem inside a distribution points into the distribution", async () => {
  const text = `name: t
sites:
  - group: a
    count: 4
    samples:
      uniform: { min: 50, max: 10 }
`;
  const issue = only(await scenarioErrorOf(() => parseScenario(text, "d.yaml")));
  assert.deepEqual([issue.line, issue.path], [6, "sites[0].samples.uniform.min"]);
  assert.match(issue.message, /min ≤ 10, got 50/);
});

Deno.test("an unrecognisable distribution lists the allowed forms", async () => {
  const text = MINIMAL.replace("samples: 20", "samples: { unifrom: { min: 1, max: 2 } }");
  const issue = only(await scenarioErrorOf(() => parseScenario(text, "u.yaml")));
  assert.deepEqual([issue.line, issue.path], [5, "sites[0].samples"]);
  assert.match(issue.message, /\{lognormal: \{median, sigma\}\}/);
});

Deno.test("shares that do not sum to 1 are reported at the site list", async () => {
  const text = `name: t
totalSites: 10
sites:
  - group: a
    share: 0.5
    samples: 20
  - group: b
    share: 0.4
    samples: 20
`;
  const issue = only(await scenarioErrorOf(() => parseScenario(text, "s.yaml")));
  assert.deepEqual([issue.line, issue.path], [3, "sites"]);
  assert.match(issue.message, /shares must sum to 1 .*got 0\.9/);
});

Deno.test("sitesPerRound above the number of sites is an error", async () => {
  const text = MINIMAL + "training:\n  sitesPerRound: 5\n";
  const issue = only(await scenarioErrorOf(() => parseScenario(text, "p.yaml")));
  assert.deepEqual([issue.line, issue.path], [7, "training.sitesPerRound"]);
  assert.match(issue.message, /expected ≤ 4, got 5/);
});

Deno.test("machine-protecting limits are enforced with the same error format", async () => {
  const tooMany = MINIMAL.replace("count: 4", "count: 1500") +
    "  - group: b\n    count: 1500\n    samples: 20\n";
  const sites = only(await scenarioErrorOf(() => parseScenario(tooMany, "l.yaml")));
  assert.deepEqual([sites.line, sites.path], [2, "sites"]);
  assert.match(sites.message, new RegExp(`expected ≤ ${MAX_SITES}, got 3000`));

  const bigSite = MINIMAL.replace(
    "samples: 20",
    "samples: { lognormal: { median: 50000, sigma: 1 } }",
  );
  const perSite = only(await scenarioErrorOf(() => parseScenario(bigSite, "l.yaml")));
  assert.deepEqual([perSite.line, perSite.path], [5, "sites[0].samples"]);
  assert.match(perSite.message, /per-site limit/);

  const manySamples = MINIMAL.replace("count: 4", "count: 1000").replace(
    "samples: 20",
    "samples: 6000",
  );
  const total = only(await scenarioErrorOf(() => parseScenario(manySamples, "l.yaml")));
  assert.equal(total.path, "sites");
  assert.match(total.message, /total sample limit .*got about 6000000/);

  const rounds = only(
    await scenarioErrorOf(() =>
      parseScenario(MINIMAL + `training:\n  rounds: ${MAX_ROUNDS + 1}\n`, "l.yaml")
    ),
  );
  assert.deepEqual([rounds.line, rounds.path], [7, "training.rounds"]);
});

Deno.test("every problem in a file is reported at once, in line order", async () => {
  const text = `name: t
seed: -1
data:
  clases: 8
  modalities: [image, sound]
sites:
  - group: a
    count: 4
    samples: 20
    missing: { image: 2 }
training:
  rounds: 0
`;
  const err = await scenarioErrorOf(() => parseScenario(text, "m.yaml"));
  assert.deepEqual(
    err.issues.map((i) => [i.line, i.path]),
    [
      [2, "seed"],
      [4, "data.clases"],
      [5, "data.modalities[1]"],
      [10, "sites[0].missing.image"],
      [12, "training.rounds"],
    ],
  );
  assert.equal(formatScenarioError(err).split("\n").length, 5);
});

Deno.test("a missing required field points at its parent", async () => {
  const text = "name: t\nsites:\n  - group: a\n    count: 4\n";
  const issue = only(await scenarioErrorOf(() => parseScenario(text, "r.yaml")));
  assert.deepEqual([issue.line, issue.path], [3, "sites[0].samples"]);
  assert.match(issue.message, /^is required/);
});

Deno.test("an empty file says a mapping of scenario fields is expected", async () => {
  const issue = only(await scenarioErrorOf(() => parseScenario("# nothing\n", "e.yaml")));
  assert.equal(issue.file, "e.yaml");
  assert.match(issue.message, /mapping of scenario fields/);
});

Deno.test("a problem introduced by --set is attributed to the override", async () => {
  const err = await scenarioErrorOf(() =>
    parseScenario(MINIMAL, "o.yaml", { sets: ["training.rounds=-1"] })
  );
  const issue = only(err);
  assert.deepEqual([issue.file, issue.line, issue.path], [
    "--set training.rounds=-1",
    null,
    "training.rounds",
  ]);
});

Deno.test("a JSON scenario gets lines too", async () => {
  const text =
    '{\n  "name": "t",\n  "sites": [\n    {"group": "a", "count": 0.5, "samples": 3}\n  ]\n}\n';
  const issue = only(await scenarioErrorOf(() => parseScenario(text, "j.json")));
  assert.deepEqual([issue.line, issue.path], [4, "sites[0].count"]);
});
