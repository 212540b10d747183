import assert from "node:assert/strict";
import { loadCheckpoint, MessageLedger, saveCheckpoint, summarize } from "../../sim/fl/mod.ts";

Deno.test("saveCheckpoint() then loadCheckpoint() restores vectors bit-identically and NaN as NaN", async () => {
  const dir = await Deno.makeTempDir({ prefix: "renkei-ckpt-" });
  try {
    const w = Float32Array.from([1.5, -0, 3e-38, 7]);
    saveCheckpoint(dir, 1, { global: w, nested: [{ c: w.subarray(1, 3) }], acc: NaN, n: 2 });
    saveCheckpoint(dir, 2, { global: w.map((x) => x * 2), nested: [], acc: 0.5, n: 3 });
    const back = loadCheckpoint<{ global: Float32Array; acc: number; n: number }>(dir)!;
    assert.equal(back.round, 2);
    assert.deepEqual([...back.state.global], [...w.map((x) => x * 2)]);
    assert.equal(back.state.acc, 0.5);
    // The older binary file is removed once the newer checkpoint points elsewhere.
    const files = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
    assert.deepEqual(files, ["state.json", "weights-2.bin"]);
    saveCheckpoint(dir, 3, { acc: NaN });
    assert.ok(Number.isNaN(loadCheckpoint<{ acc: number }>(dir)!.state.acc));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("MessageLedger rejects a kind that was not declared", () => {
  const ledger = new MessageLedger();
  ledger.record("model-down", 100);
  ledger.record("model-down", 50);
  assert.deepEqual(ledger.bytesByKind(), { "model-down": 150 });
  assert.throws(() => ledger.record("raw-samples" as never, 1), TypeError);
});

Deno.test("summarize() finds the first round reaching 95% and 99% of the centralised accuracy", () => {
  const r = (round: number, accuracy: number) => ({
    round,
    time: round * 10,
    accuracy,
    loss: 0,
    sampled: 1,
    completed: 1,
    failed: 0,
    bytesDown: 0,
    bytesUp: 0,
  });
  const central = { accuracy: 0.8, loss: 0, epochs: 1, curve: [] };
  // 95% of 0.8 = 0.76; 99% = 0.792
  const s = summarize([r(1, 0.5), r(2, 0.77), r(3, NaN), r(4, 0.79), r(5, 0.8)], central, {}, 1);
  assert.equal(s.roundsTo95, 2);
  assert.equal(s.timeTo95, 20);
  assert.equal(s.roundsTo99, 5);
  assert.equal(s.finalAccuracy, 0.8);
  assert.equal(s.gap, 0);
  assert.equal(s.simulatedSeconds, 50);
  assert.equal(summarize([r(1, 0.5)], null, {}, 1).roundsTo95, null);
});
