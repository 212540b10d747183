import * as m from "../../models/mod.ts";
import * as tf from "@tensorflow/tfjs-core";
import { syntheticDataset } from "./_fixtures.ts";
await m.initBackend();
const shapes = { image: [32, 32, 3], series: [64, 6], tabular: [16] };
const model = m.buildModel({ preset: "tiny", shapes, classes: 8, seed: 1, fusion: "gated" });
const data = syntheticDataset(640, 8, shapes);
m.trainLocal(model, data, { epochs: 1, batchSize: 32, learningRate: 0.05, seed: 1 });
const info = await tf.profile(() => {
  m.trainLocal(model, data, { epochs: 1, batchSize: 32, learningRate: 0.05, seed: 1, maxSteps: 5 });
});
const agg = new Map<string, [number, number]>();
for (const k of info.kernels) {
  const a = agg.get(k.name) ?? [0, 0];
  a[0] += k.kernelTimeMs as number;
  a[1]++;
  agg.set(k.name, a);
}
console.log(
  [...agg].sort((a, b) => b[1][0] - a[1][0]).slice(0, 25).map(([k, [t, c]]) =>
    `${k} ${t.toFixed(1)}ms x${c}`
  ).join("\n"),
);
console.log("kernels", info.kernels.length);
const names = info.kernels.slice(0, info.kernels.length / 5).map((k) => k.name);
const out: string[] = [];
let prev = "", c = 0;
for (const n of names) {
  if (n === prev) c++;
  else {
    if (prev) out.push(c > 1 ? `${prev}x${c}` : prev);
    prev = n;
    c = 1;
  }
}
out.push(`${prev}x${c}`);
console.log(out.join(" "));
