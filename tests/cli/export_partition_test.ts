import assert from "node:assert/strict";
import { main } from "../../cli/mod.ts";

const quiet = {
  out: () => {},
  err: () => {},
  env: (k: string) => (k === "RENKEI_QUIET" ? "1" : undefined),
};
const SCENARIO = "scenarios/reproductions/ci/niid-bench-mnist.yaml";
const SHORT = ["--set", "training.rounds=1", "--set", "training.localEpochs=1"];

interface ArrayFile {
  file: string;
  dtype: string;
  shape: number[];
}

Deno.test("export-partition writes each site's data as the run partitions it", async () => {
  const dir = await Deno.makeTempDir();
  try {
    assert.equal(
      await main(["run", SCENARIO, ...SHORT, "--workers", "0", "--out", `${dir}/run`], quiet),
      0,
    );
    assert.equal(await main(["export-partition", SCENARIO, "--out", `${dir}/data`], quiet), 0);
    const manifest = JSON.parse(await Deno.readTextFile(`${dir}/data/partition.json`));
    assert.equal(manifest.classes, 10);
    assert.deepEqual(manifest.shapes, { image: [28, 28, 1] });
    // The run's partition.csv: every site's class counts (training and held-out rows).
    const csv = (await Deno.readTextFile(`${dir}/run/partition.csv`)).trim().split("\n").slice(1);
    const expected = new Map(csv.map((line) => {
      const [site, cls, count] = line.split(",").map(Number);
      return [`${site}/${cls}`, count];
    }));
    assert.equal(manifest.sites.length, 4);
    for (const site of manifest.sites) {
      const counts = new Array(10).fill(0);
      for (const part of [site.train, site.test]) {
        const labels = new Int32Array(
          (await Deno.readFile(`${dir}/data/${part.labels.file}`)).buffer,
        );
        assert.equal(labels.length, part.labels.shape[0]);
        labels.forEach((y) => counts[y]++);
        const image: ArrayFile = part.image;
        const bytes = (await Deno.stat(`${dir}/data/${image.file}`)).size;
        assert.equal(bytes, 4 * image.shape.reduce((a, b) => a * b, 1));
      }
      counts.forEach((n, cls) =>
        assert.equal(n, expected.get(`${site.siteId}/${cls}`), `site ${site.siteId} class ${cls}`)
      );
    }
    const test = new Int32Array((await Deno.readFile(`${dir}/data/global-test.labels.bin`)).buffer);
    assert.equal(test.length, 1000);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("export-partition exits 2 without --out or with a bad scenario", async () => {
  assert.equal(await main(["export-partition", SCENARIO], quiet), 2);
  assert.equal(
    await main(["export-partition", "scenarios/none.yaml", "--out", "/tmp/x"], quiet),
    2,
  );
});
