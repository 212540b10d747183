/**
 * `renkei`: validate and run federated-learning scenarios.
 *
 *   deno run -A cli.ts validate scenarios/demo.yaml
 *   deno run -A cli.ts run scenarios/demo.yaml --set training.rounds=5 --check
 *
 * Exit codes: 0 ok, 1 unexpected failure, 2 invalid scenario or usage,
 * 3 targets missed (`run --check`).
 *
 * @module
 */
import { main } from "./cli/mod.ts";

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
