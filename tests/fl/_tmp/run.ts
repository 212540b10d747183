import { loadScenario } from "../../../scenarios/mod.ts";
import { runScenario } from "../../../sim/fl/mod.ts";
const s = await loadScenario(Deno.args[0]);
const r = await runScenario(s, { workers: Number(Deno.args[1] ?? 2), quiet: true });
console.log(JSON.stringify({ summary: r.summary, backend: r.extras.backend, params: r.extras.params, acc: r.rounds.map((x) => +x.accuracy.toFixed(3)) }));
const byGroup = new Map<string, number[]>();
for (const x of r.sites) byGroup.set(x.group, [...(byGroup.get(x.group) ?? []), x.accuracy]);
for (const [g, a] of byGroup) console.log(g, (a.reduce((p, q) => p + q, 0) / a.length).toFixed(3));
