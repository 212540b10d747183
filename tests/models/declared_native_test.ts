/** A declared CNN trains on the native (BLAS) backend too; skipped where no BLAS loads (outside CI). */
import { initBackend } from "../../models/mod.ts";
import { skipUnlessTestable } from "./_kernel_cases.ts";
import { assertSimpleCnnLearns } from "./_declared_fixtures.ts";

Deno.test({
  name: "a declared CNN trains on the native backend and learns",
  ignore: await skipUnlessTestable("native"),
  fn: async () => {
    await initBackend("native");
    try {
      assertSimpleCnnLearns();
    } finally {
      await initBackend("wasm");
    }
  },
});
