/**
 * Prints every preset's exact parameter count and per-sample FLOPs.
 *
 *   deno run -A tools/describe.ts [classes]
 *
 * Shapes are the demo's (image 32×32×3, series 64×6, tabular 16); the paper
 * row also shows four modalities (tokens of length 32) since its trunk is
 * re-solved for each set of modalities.
 */
import { initBackend } from "../models/backend.ts";
import { presetInfo } from "../models/info.ts";
import type { FusionKind, ModelSpec, PresetName } from "../models/types.ts";

/** The demo scenario's per-sample shapes. */
export const DEMO_SHAPES: ModelSpec["shapes"] = {
  image: [32, 32, 3],
  series: [64, 6],
  tabular: [16],
};

function format(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} K`;
  return String(n);
}

/** Rows of the preset table for `classes` classes. */
export function presetTable(classes: number): string[][] {
  const rows: string[][] = [["preset", "modalities", "fusion", "params", "fwd FLOPs", "bwd FLOPs"]];
  const presets: PresetName[] = ["reference", "tiny", "small", "base", "paper"];
  for (const preset of presets) {
    const fusions: FusionKind[] = preset === "reference"
      ? ["concat"]
      : ["concat", "gated", "attention"];
    const shapeSets = preset === "paper"
      ? [DEMO_SHAPES, { ...DEMO_SHAPES, tokens: [32] }]
      : [DEMO_SHAPES];
    for (const shapes of shapeSets) {
      for (const fusion of fusions) {
        const info = presetInfo({ preset, shapes, classes, fusion, seed: 0 });
        rows.push([
          preset,
          Object.keys(shapes).join("+"),
          fusion,
          `${info.params.toLocaleString("en-US")}`,
          format(info.flops.forward),
          format(info.flops.backward),
        ]);
      }
    }
  }
  return rows;
}

if (import.meta.main) {
  const classes = Number(Deno.args[0] ?? 8);
  await initBackend();
  const rows = presetTable(classes);
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  for (const row of rows) {
    console.log(
      row.map((cell, c) => (c >= 3 ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join("  "),
    );
  }
}
