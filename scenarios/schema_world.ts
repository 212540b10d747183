/**
 * Zod schemas for the simulated world: devices, links, availability and the
 * site groups that use them. Composed into the scenario in `schema.ts`.
 */
import { z } from "zod";
import { MODALITIES } from "../sim/data/types.ts";
import { integer, name, nonNegative, probability, unionError, unitFraction } from "./_fields.ts";
import { DistributionSchema } from "./distribution.ts";
import { MAX_IOT_NODES_PER_SITE, MAX_SITES } from "./limits.ts";
import { listNames, showValue } from "./_show.ts";

/** A modality name, one of `MODALITIES`. */
export const ModalitySchema = z.enum(MODALITIES, {
  error: (i) => `must be a modality (expected ${listNames(MODALITIES)}, got ${showValue(i.input)})`,
});

/** Compute and memory budget of a site's edge server. */
export const DevicesSchema = z.strictObject({
  /** Sustained compute, FLOP/s. */
  compute: DistributionSchema.default({ lognormal: { median: 2e9, sigma: 0.5 } }),
  /** Memory available to training, bytes. */
  memory: DistributionSchema.default(4e9),
});
export type Devices = z.infer<typeof DevicesSchema>;

/** A group's device overrides: any subset of `devices`, no defaults (the top level supplies them). */
export const DevicesOverrideSchema = z.strictObject({
  compute: DistributionSchema,
  memory: DistributionSchema,
}).partial();

/** Network link between a site and the server. */
export const LinksSchema = z.strictObject({
  /** One-way latency, seconds. */
  latency: DistributionSchema.default(0.05),
  /** Site → server bandwidth, bits/s. */
  uplink: DistributionSchema.default(1e7),
  /** Server → site bandwidth, bits/s. */
  downlink: DistributionSchema.default(5e7),
  /** Relative standard deviation of each transfer's time. */
  jitter: nonNegative().default(0),
});
export type Links = z.infer<typeof LinksSchema>;

/** A group's link overrides: any subset of `links`, no defaults. */
export const LinksOverrideSchema = z.strictObject({
  latency: DistributionSchema,
  uplink: DistributionSchema,
  downlink: DistributionSchema,
  jitter: nonNegative(),
}).partial();

/**
 * When a site is online: a fixed chance each time it is asked, or
 * alternating online/offline periods (seconds) drawn from distributions.
 */
export const AvailabilitySchema = z.union([
  z.strictObject({ probability: probability() }),
  z.strictObject({ onPeriod: DistributionSchema, offPeriod: DistributionSchema }),
], { error: unionError("a way of being available", "{probability} or {onPeriod, offPeriod}") });
export type Availability = z.infer<typeof AvailabilitySchema>;

/** Resolution of each modality: one number for all, or per modality (1 = full, 0.1 = 1/10). */
export const GranularitySchema = z.union([
  unitFraction(),
  z.partialRecord(ModalitySchema, unitFraction()),
], {
  error: unionError(
    "a fraction or a mapping of modality to fraction",
    "0 < g ≤ 1 or {image: 0.1, ...}",
  ),
});

/** Modalities a group's sites lack: `{modality: probability}` drawn once per site, or a list (always missing). */
export const MissingSchema = z.union([
  z.partialRecord(ModalitySchema, probability()),
  z.array(ModalitySchema),
], {
  error: unionError(
    "a mapping of modality to probability or a list of modalities",
    "{image: 1.0} or [image]",
  ),
}).transform((m): Partial<Record<typeof MODALITIES[number], number>> =>
  Array.isArray(m) ? Object.fromEntries(m.map((k) => [k, 1])) : m
);

/**
 * Feature shift (sensor calibration) of a group's sites: per site and channel,
 * x' = g·x + o + noise·ε with g = exp(N(0, gain²)) and o ~ N(0, offset²), drawn
 * once per site. The fields are spreads: 0 everywhere (the default) is no shift.
 */
export const ShiftSchema = z.strictObject({
  /** Spread of the log-gain per channel (0.2 ≈ ±20% sensor gain). */
  gain: nonNegative().default(0),
  /** Spread of the offset per channel, in input units. */
  offset: nonNegative().default(0),
  /** Standard deviation of extra per-reading noise. */
  noise: nonNegative().default(0),
});

/** An IoT node (sensor box, gateway) behind a site, for split learning. */
export const IotNodeSchema = z.strictObject({
  name: name(),
  /** FLOP/s. */
  compute: DistributionSchema,
  /** Bytes. */
  memory: DistributionSchema,
  /** Link from the node to its site's edge server. */
  link: z.strictObject({
    /** Seconds. */
    latency: DistributionSchema,
    /** Bits/s, both directions. */
    bandwidth: DistributionSchema,
  }),
});
export type IotNode = z.infer<typeof IotNodeSchema>;

/** One group of similar sites, as written; `resolve.ts` fills counts and world defaults. */
export const SiteGroupSchema = z.strictObject({
  group: name("group name"),
  /** Number of sites in the group; give this or `share`. */
  count: integer(0, MAX_SITES).optional(),
  /** Fraction of `totalSites` in the group; give this or `count`. */
  share: probability().optional(),
  /** Training samples per site. */
  samples: DistributionSchema,
  granularity: GranularitySchema.default(1),
  missing: MissingSchema.default({}),
  shift: ShiftSchema.prefault({}),
  devices: DevicesOverrideSchema.optional(),
  links: LinksOverrideSchema.optional(),
  availability: AvailabilitySchema.optional(),
  iot: z.array(IotNodeSchema).max(MAX_IOT_NODES_PER_SITE, {
    error: (i) =>
      `must list at most ${MAX_IOT_NODES_PER_SITE} nodes (expected ≤ ${MAX_IOT_NODES_PER_SITE}, got ${
        showValue(i.input)
      })`,
  }).default([]),
}).check((ctx) => {
  const { count, share } = ctx.value;
  if (count === undefined && share === undefined) {
    ctx.issues.push({
      code: "custom",
      input: ctx.value,
      path: [],
      message: "must give the group's size (expected count or share, got neither)",
    });
  } else if (count !== undefined && share !== undefined) {
    ctx.issues.push({
      code: "custom",
      input: share,
      path: ["share"],
      message: `must not be given with count (expected count or share, got both)`,
    });
  }
});
