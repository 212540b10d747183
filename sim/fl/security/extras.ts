/**
 * What the security layer adds to `results.extras`: the privacy curve, the
 * secure-aggregation log, the attack and the rejected updates. Reports read
 * these keys (see reports/security_section.ts).
 */

import type { RoundRecord, SecurityRecords } from "../../results/mod.ts";
import type { Federation } from "../round/federation.ts";
import { privacyCurve } from "./accounting.ts";
import { securityOf } from "./context.ts";
import { clipWarning } from "./secure_clip.ts";

/**
 * The security extras of a finished run (keys only for what was enabled,
 * plus `rejected` whenever an update was refused):
 * - `privacy`: `[{round, epsilon, delta, order}]`, and `privacySettings`;
 * - `secureAggregation`: `{clip, clipNorm, clippedCoordinates, warnings, threshold, dropout,
 *   rounds: SecAggRoundRecord[]}` — a warning per round that clipped more than 0.1 % of its
 *   delta coordinates;
 * - `attack`: `{kind, fraction, scale?, std?, attackers}`;
 * - `rejected`: `[{round, siteId, message}]`.
 */
export function securityExtras(
  fed: Federation,
  rounds: readonly RoundRecord[],
): SecurityRecords {
  const { settings, attackers, log, privacyLoads } = securityOf(fed);
  const out: SecurityRecords = {};
  if (settings.dp !== null) {
    out.privacy = privacyCurve(rounds, fed.world.size, settings.dp, privacyLoads);
    out.privacySettings = { ...settings.dp, totalSites: fed.world.size };
  }
  const sa = settings.secureAggregation;
  if (sa !== null) {
    const warnings = log.secureAggregation.flatMap((r) => {
      const w = clipWarning(r.key, r.clippedCoordinates ?? 0, r.coordinates ?? 0, sa.clip);
      return w === null ? [] : [w];
    });
    out.secureAggregation = {
      clip: sa.clip,
      clipNorm: sa.clipNorm ?? null,
      clippedCoordinates: log.secureAggregation.reduce(
        (s, r) => s + (r.clippedCoordinates ?? 0),
        0,
      ),
      warnings,
      threshold: sa.threshold ?? null,
      dropout: sa.dropout,
      rounds: log.secureAggregation.map((r) => ({ ...r })),
    };
  }
  if (settings.attack !== null) {
    out.attack = { ...settings.attack, attackers: [...attackers] };
  }
  if (log.rejected.length > 0) out.rejected = log.rejected.map((r) => ({ ...r }));
  return out;
}
