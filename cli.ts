/**
 * `renkei`: validate and run federated-learning scenarios.
 *
 *   deno run -A cli.ts validate scenarios/demo.yaml
 *   deno run -A cli.ts run scenarios/demo.yaml --set training.rounds=5 --check
 *
 * Exit codes: 0 ok; 1 a missed target (`run --check`, `check`) or an internal failure;
 * 2 any mistake in the scenario or the command (reported before any training).
 *
 * @module
 */
import { main } from "./cli/mod.ts";

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
