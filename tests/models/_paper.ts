import * as m from "../../models/mod.ts";
await m.initBackend();
for (
  const shapes of [{ image: [32, 32, 3], series: [64, 6], tabular: [16] }, {
    image: [32, 32, 3],
    series: [64, 6],
    tabular: [16],
    tokens: [32],
  }]
) {
  for (const fusion of ["concat", "gated", "attention"] as const) {
    const t = performance.now();
    const info = m.presetInfo({ preset: "paper", shapes, classes: 8, seed: 1, fusion });
    console.log(
      fusion,
      Object.keys(shapes).length,
      info.params,
      (info.flops.forward / 1e6).toFixed(1),
      "MFLOP",
      (performance.now() - t).toFixed(0),
      "ms",
    );
  }
}
