import { assert, assertEquals } from "../_assert.ts";
import { runScenario } from "../../sim/fl/mod.ts";
import { personalAccuracyTable } from "../../reports/sections.ts";
import { tinyScenario } from "../fl/_tiny.ts";

for (const name of ["fedbn", "local-only"]) {
  Deno.test(`${name} with personalisation keeps its own personalised accuracy next to the fine-tuned head's`, async () => {
    const training = { strategy: { name }, rounds: 2, evalEvery: 1 };
    const plain = await runScenario(tinyScenario(training), { workers: 0, quiet: true });
    const tuned = await runScenario(
      tinyScenario(training, { personalization: { enabled: true, steps: 3 } }),
      { workers: 0, quiet: true },
    );
    // The strategy's own personal model is measured the same with the pass on or off.
    assertEquals(
      tuned.sites.map((s) => s.personalizedAccuracy),
      plain.sites.map((s) => s.personalizedAccuracy),
    );
    for (const s of plain.sites) assert(Number.isNaN(s.fineTunedAccuracy!), "no pass, no head");
    for (const s of tuned.sites) {
      assert(s.personalizedAccuracy >= 0 && s.personalizedAccuracy <= 1, `site ${s.siteId}`);
      assert(s.fineTunedAccuracy! >= 0 && s.fineTunedAccuracy! <= 1, `site ${s.siteId}`);
    }
    const html = personalAccuracyTable(tuned.sites);
    assert(
      html.includes("strategy&#39;s personal model") || html.includes("strategy's personal model"),
    );
    assert(html.includes("fine-tuned head"));
    assertEquals(personalAccuracyTable(withoutStrategyPersonal(plain.sites)), "");
  });
}

function withoutStrategyPersonal<T extends { personalizedAccuracy: number }>(sites: T[]): T[] {
  return sites.map((s) => ({ ...s, personalizedAccuracy: NaN }));
}
