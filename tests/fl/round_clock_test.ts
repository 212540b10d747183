import assert from "node:assert/strict";
import { playRound, type Trip } from "../../sim/fl/round/round_clock.ts";

const trip = (siteId: number, download: number, compute: number, upload: number): Trip => ({
  siteId,
  download,
  compute,
  upload,
  dropAt: null,
});

Deno.test("playRound() reports a site whose compute is too slow as late, not accepted", () => {
  // Site 0: 1 + 2 + 1 = 4 s. Site 1: 1 + 50 + 1 = 52 s > 30 s deadline.
  const out = playRound([trip(0, 1, 2, 1), trip(1, 1, 50, 1)], {
    start: 100,
    needed: 2,
    deadline: 30,
  });
  assert.deepEqual(out.accepted, [0]);
  assert.deepEqual(out.late, [1]);
  assert.equal(out.closeTime, 130);
  assert.equal(out.arrivals.get(1), 152);
});

Deno.test("playRound() closes as soon as the needed updates arrive and keeps the rest as surplus", () => {
  const out = playRound([trip(0, 1, 5, 1), trip(1, 1, 2, 1), trip(2, 1, 3, 1)], {
    start: 0,
    needed: 2,
    deadline: 60,
  });
  assert.deepEqual(out.accepted, [1, 2]);
  assert.deepEqual(out.surplus, [0]);
  assert.equal(out.closeTime, 5);
});

Deno.test("playRound() without a deadline waits for the last arrival", () => {
  const out = playRound([trip(0, 1, 100, 1), trip(1, 1, 2, 1)], { start: 10, needed: 5 });
  assert.deepEqual(out.accepted, [1, 0]);
  assert.equal(out.closeTime, 112);
});

Deno.test("playRound() drops a site that goes offline before its upload is delivered", () => {
  const out = playRound([{ ...trip(0, 1, 10, 1), dropAt: 5 }, trip(1, 1, 1, 1)], {
    start: 0,
    needed: 2,
    deadline: 20,
  });
  assert.deepEqual(out.dropped, [0]);
  assert.deepEqual(out.accepted, [1]);
  // Both resolved by t = 5, so the round closes then, not at the deadline.
  assert.equal(out.closeTime, 5);
  const offline = out.spans.filter((s) => s.siteId === 0 && s.state === "offline");
  assert.deepEqual(offline, []);
  const compute = out.spans.find((s) => s.siteId === 0 && s.state === "compute");
  assert.deepEqual(compute, { siteId: 0, state: "compute", start: 1, end: 5 });
});

Deno.test("playRound() records download, compute, upload and idle spans on the virtual clock", () => {
  const out = playRound([trip(0, 0.5, 2, 0.25), trip(1, 1, 4, 1)], { start: 10, needed: 2 });
  const mine = out.spans.filter((s) => s.siteId === 0);
  assert.deepEqual(mine, [
    { siteId: 0, state: "download", start: 10, end: 10.5 },
    { siteId: 0, state: "compute", start: 10.5, end: 12.5 },
    { siteId: 0, state: "upload", start: 12.5, end: 12.75 },
    { siteId: 0, state: "idle", start: 12.75, end: 16 },
  ]);
});

Deno.test("playRound() with no site closes at once", () => {
  const out = playRound([], { start: 7, needed: 1, deadline: 5 });
  assert.equal(out.closeTime, 7);
  assert.deepEqual(out.accepted, []);
});
