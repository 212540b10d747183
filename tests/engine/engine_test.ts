import assert from "node:assert/strict";
import { Engine, Rng } from "../../sim/engine/mod.ts";

Deno.test("Engine dispatches events in time order and moves the clock to each", () => {
  const engine = new Engine();
  const seen: [string, number][] = [];
  engine.schedule(3, (e) => void seen.push(["c", e.now]));
  engine.schedule(1, (e) => void seen.push(["a", e.now]));
  engine.after(2, (e) => void seen.push(["b", e.now]));
  assert.equal(engine.now, 0);
  assert.equal(engine.run(), 3);
  assert.deepEqual(seen, [["a", 1], ["b", 2], ["c", 3]]);
  assert.equal(engine.now, 3);
  assert.equal(engine.dispatched, 3);
});

Deno.test("Engine breaks ties at the same time by priority, then by scheduling order", () => {
  const engine = new Engine();
  const seen: string[] = [];
  engine.schedule(5, () => void seen.push("normal-1"));
  engine.schedule(5, () => void seen.push("late"), { priority: 10 });
  engine.schedule(5, () => void seen.push("urgent"), { priority: -1 });
  engine.schedule(5, () => void seen.push("normal-2"));
  engine.run();
  assert.deepEqual(seen, ["urgent", "normal-1", "normal-2", "late"]);
});

Deno.test("Engine runs events that handlers schedule for the current time after earlier ones", () => {
  const engine = new Engine();
  const seen: string[] = [];
  engine.schedule(1, (e) => {
    seen.push("first");
    e.after(0, () => void seen.push("spawned"));
  });
  engine.schedule(1, () => void seen.push("second"));
  engine.run();
  assert.deepEqual(seen, ["first", "second", "spawned"]);
});

Deno.test("Engine never runs a cancelled event and reports pending counts", () => {
  const engine = new Engine();
  const seen: string[] = [];
  const keep = engine.schedule(1, () => void seen.push("keep"), { kind: "keep" });
  const drop = engine.schedule(2, () => void seen.push("drop"), { kind: "drop" });
  assert.equal(engine.pending, 2);
  assert.equal(engine.cancel(drop), true);
  assert.equal(engine.cancel(drop), false);
  assert.equal(engine.pending, 1);
  assert.equal(drop.cancelled, true);
  engine.run();
  assert.deepEqual(seen, ["keep"]);
  assert.equal(engine.cancel(keep), false, "an event already dispatched cannot be cancelled");
  assert.equal(keep.cancelled, false);
});

Deno.test("Engine lets a handler cancel a later event such as a deadline", () => {
  const engine = new Engine();
  const seen: string[] = [];
  const deadline = engine.schedule(10, () => void seen.push("deadline"), { kind: "deadline" });
  engine.schedule(4, (e) => {
    seen.push("arrived");
    e.cancel(deadline);
  });
  engine.run();
  assert.deepEqual(seen, ["arrived"]);
  assert.equal(engine.now, 4);
});

Deno.test("Engine.run with until stops before later events and sets the clock to until", () => {
  const engine = new Engine();
  const seen: number[] = [];
  for (const t of [1, 2, 3, 4]) engine.schedule(t, (e) => void seen.push(e.now));
  assert.equal(engine.run({ until: 2.5 }), 2);
  assert.deepEqual(seen, [1, 2]);
  assert.equal(engine.now, 2.5);
  assert.equal(engine.pending, 2);
  assert.equal(engine.run({ until: 3 }), 1, "an event exactly at until is dispatched");
  assert.equal(engine.now, 3);
  assert.equal(engine.run(), 1);
  assert.deepEqual(seen, [1, 2, 3, 4]);
});

Deno.test("Engine.run with until advances the clock to until when the queue empties first", () => {
  const engine = new Engine();
  engine.schedule(1, () => {});
  assert.equal(engine.run({ until: 100 }), 1);
  assert.equal(engine.now, 100);
  assert.throws(() => engine.run({ until: 50 }), RangeError);
  engine.run({ until: Infinity });
  assert.equal(engine.now, 100, "until = Infinity never moves the clock to Infinity");
});

Deno.test("Engine.run stops as soon as the while predicate is false", () => {
  const engine = new Engine();
  let count = 0;
  for (let t = 1; t <= 10; t++) engine.schedule(t, () => void count++);
  assert.equal(engine.run({ while: () => count < 4 }), 4);
  assert.equal(engine.now, 4, "the clock stays at the last dispatched event");
  assert.equal(engine.pending, 6);
});

Deno.test("Engine.run returns after the current event when a handler calls stop()", () => {
  const engine = new Engine();
  const seen: number[] = [];
  for (let t = 1; t <= 5; t++) {
    engine.schedule(t, (e) => {
      seen.push(t);
      if (t === 2) e.stop();
    });
  }
  assert.equal(engine.run(), 2);
  assert.deepEqual(seen, [1, 2]);
  assert.equal(engine.run(), 3, "a later run continues where the stopped one left off");
});

Deno.test("Engine.step dispatches one event at a time and reports an empty queue", () => {
  const engine = new Engine();
  engine.schedule(2, () => {});
  engine.schedule(1, () => {});
  assert.equal(engine.nextTime, 1);
  assert.equal(engine.step(), true);
  assert.equal(engine.now, 1);
  assert.equal(engine.step(), true);
  assert.equal(engine.now, 2);
  assert.equal(engine.step(), false);
  assert.equal(engine.nextTime, undefined);
});

Deno.test("Engine keeps its clock monotonic while handlers schedule random follow-ups", () => {
  const engine = new Engine();
  const rng = new Rng("engine-monotonic");
  const times: number[] = [];
  const spawn = (e: Engine) => {
    times.push(e.now);
    if (times.length < 2000) e.after(rng.exponential(1) * (rng.bernoulli(0.2) ? 0 : 1), spawn);
  };
  for (let i = 0; i < 20; i++) engine.schedule(rng.uniform() * 5, spawn);
  engine.run();
  assert.ok(times.length >= 2000);
  for (let i = 1; i < times.length; i++) {
    assert.ok(times[i] >= times[i - 1], `clock went back from ${times[i - 1]} to ${times[i]}`);
  }
});

Deno.test("Engine rejects events in the past, non-finite times and negative delays", () => {
  const engine = new Engine();
  engine.schedule(5, () => {});
  engine.run();
  assert.throws(() => engine.schedule(4.999, () => {}), RangeError);
  assert.throws(() => engine.schedule(NaN, () => {}), RangeError);
  assert.throws(() => engine.schedule(Infinity, () => {}), RangeError);
  assert.throws(() => engine.after(-1, () => {}), RangeError);
  assert.throws(() => engine.schedule(6, "not a function" as never), TypeError);
  assert.equal(engine.schedule(5, () => {}).time, 5, "scheduling at now is allowed");
});

Deno.test("Engine.run throws TypeError when a handler returns a Promise", () => {
  const engine = new Engine();
  engine.schedule(1, async () => {}, { kind: "train" });
  assert.throws(() => engine.run(), (err: unknown) => {
    return err instanceof TypeError && /runAsync/.test(err.message) && /train/.test(err.message);
  });
});

Deno.test("Engine refuses a nested run and recovers after a handler throws", () => {
  const engine = new Engine();
  engine.schedule(1, (e) => {
    e.run();
  });
  assert.throws(() => engine.run(), TypeError);
  engine.schedule(2, () => {
    throw new Error("boom");
  });
  assert.throws(() => engine.run(), /boom/);
  engine.schedule(3, () => {});
  assert.equal(engine.run(), 1, "the engine is usable after a handler failed");
});

Deno.test("Engine.runAsync awaits each promise-returning handler before the next event", async () => {
  const engine = new Engine();
  const seen: string[] = [];
  engine.schedule(1, async (e) => {
    seen.push(`a-start@${e.now}`);
    for (let i = 0; i < 5; i++) await Promise.resolve();
    seen.push(`a-end@${e.now}`);
    e.after(0.5, () => void seen.push(`c@${e.now}`));
  });
  engine.schedule(2, (e) => void seen.push(`b@${e.now}`));
  assert.equal(await engine.runAsync(), 3);
  assert.deepEqual(seen, ["a-start@1", "a-end@1", "c@1.5", "b@2"]);
});

Deno.test("Engine.runAsync honours until and while like run", async () => {
  const engine = new Engine();
  let count = 0;
  for (let t = 1; t <= 6; t++) {
    engine.schedule(t, async () => {
      await Promise.resolve();
      count++;
    });
  }
  assert.equal(await engine.runAsync({ until: 3 }), 3);
  assert.equal(engine.now, 3);
  assert.equal(await engine.runAsync({ while: () => count < 5 }), 2);
  assert.equal(engine.pending, 1);
});
