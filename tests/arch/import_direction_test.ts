import { assertEquals } from "../_assert.ts";
import { fileURLToPath } from "node:url";
import {
  importsOf,
  layerViolations,
  longFunctions,
  repositoryImports,
  sourceFiles,
  topFolder,
} from "./_imports.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

Deno.test("every import between top folders goes downward, with no folder cycles", () => {
  assertEquals(layerViolations(repositoryImports(ROOT)), []);
});

Deno.test("the import check flags an upward import and a cycle", () => {
  const edges = [
    ...importsOf("sim/data/x.ts", 'import { a } from "../fl/mod.ts";'),
    ...importsOf("sim/fl/y.ts", 'export { b } from "../split/mod.ts";'),
    ...importsOf("sim/split/z.ts", 'const m = await import("../fl/mod.ts");'),
  ];
  const problems = layerViolations(edges);
  assertEquals(problems.length, 3);
  assertEquals(problems[0].startsWith("sim/data/x.ts -> sim/fl/mod.ts"), true);
  assertEquals(problems.filter((p) => p.includes("cycle")).length, 2);
});

Deno.test("the import check ignores JSDoc examples and imports within a folder", () => {
  const text = ' * import { x } from "../../reports/mod.ts";\nimport { y } from "./y.ts";';
  assertEquals(layerViolations(importsOf("sim/fl/a.ts", text)), []);
  assertEquals(topFolder("sim/fl/run/run.ts"), "sim/fl");
  assertEquals(topFolder("cli.ts"), "cli.ts");
});

Deno.test("no file in sim/ is over 300 lines", () => {
  const over = sourceFiles(ROOT).filter((f) => f.startsWith("sim/")).flatMap((f) => {
    const n = Deno.readTextFileSync(`${ROOT}/${f}`).split("\n").length - 1;
    return n > 300 ? [`${f}: ${n} lines`] : [];
  });
  assertEquals(over, []);
});

Deno.test("no function or method in sim/ is over 120 lines", () => {
  const long = sourceFiles(ROOT).filter((f) => f.startsWith("sim/")).flatMap((f) =>
    longFunctions(f, Deno.readTextFileSync(`${ROOT}/${f}`), 120)
  ).map((l) => `${l.path}:${l.line} ${l.name} (${l.lines} lines)`);
  assertEquals(long, []);
});

Deno.test("the function-length check finds a long function and a long method", () => {
  const body = Array.from({ length: 130 }, () => "  x++;").join("\n");
  const text = `export function big() {\n${body}\n}\nclass A {\n  m(): void {\n${body}\n  }\n}\n`;
  const found = longFunctions("a.ts", text, 120).map((l) => `${l.name}:${l.lines}`);
  assertEquals(found, ["big:132", "m:132"]);
});
