import * as m from "../../models/mod.ts";
import { syntheticDataset } from "./_fixtures.ts";
await m.initBackend();
function cpuSeconds(): number {
  const f = Deno.readTextFileSync("/proc/self/stat").split(") ")[1].split(" ");
  return (Number(f[11]) + Number(f[12])) / 100;
}
const shapes = { image: [32, 32, 3], series: [64, 6], tabular: [16] };
for (
  const [preset, fusion] of [["tiny", "gated"], ["tiny", "concat"], [
    "reference",
    "concat",
  ]] as const
) {
  const model = m.buildModel({ preset, shapes, classes: 8, seed: 1, fusion, modalityDropout: 0.1 });
  const data = syntheticDataset(640, 8, shapes);
  m.trainLocal(model, data, { epochs: 1, batchSize: 32, learningRate: 0.05, seed: 1 });
  const c0 = cpuSeconds(), t0 = performance.now();
  const r = m.trainLocal(model, data, {
    epochs: preset === "tiny" ? 5 : 1,
    batchSize: 32,
    learningRate: 0.05,
    seed: 2,
  });
  const cpu = cpuSeconds() - c0, wall = (performance.now() - t0) / 1000;
  console.log(
    preset,
    fusion,
    "samples/cpu-s",
    (r.samples / cpu).toFixed(0),
    "samples/wall-s",
    (r.samples / wall).toFixed(0),
  );
}
