/**
 * The declared-model part of `model:`: one encoder per modality and a head,
 * each a list of layers written as a bare name (`flatten`) or a one-key
 * object (`conv2d: {filters: 6, kernel: 5}`), and the weights to start from.
 * Shapes (does each layer fit its input?) need the data's shapes and are
 * checked by the preflight (models/declared_check.ts).
 */
import { z } from "zod";
import { ACTIVATIONS, BARE_LAYERS, type WrittenLayer } from "../models/declared.ts";
import { between, integer } from "./_fields.ts";
import { listNames, showValue } from "./_show.ts";

/** Activations a declared layer may apply (`linear`: none): the model zoo's own list. */
export const LAYER_ACTIVATIONS = ACTIVATIONS;
/** Layers written as a bare name: the model zoo's own list. */
export const BARE_LAYER_NAMES = BARE_LAYERS;

const MAX_WIDTH = 65_536;
const MAX_KERNEL = 64;
const activation = z.enum(LAYER_ACTIVATIONS).optional();
const conv = z.strictObject({
  filters: integer(1, MAX_WIDTH),
  kernel: integer(1, MAX_KERNEL),
  /** Step between windows; default 1. */
  stride: integer(1, MAX_KERNEL).optional(),
  /** `valid` (default, PyTorch's padding 0) or `same`. */
  padding: z.enum(["same", "valid"]).optional(),
  /** Default linear (none); ReLU at stride 1 trains through the zoo's fused op. */
  activation,
});
const pool = z.strictObject({
  size: integer(1, MAX_KERNEL),
  /** Default the window size. */
  stride: integer(1, MAX_KERNEL).optional(),
});

/** Layers written as `{kind: {settings}}`, with their settings. */
const SET_LAYERS = {
  conv2d: conv,
  conv1d: conv,
  dense: z.strictObject({ units: integer(1, MAX_WIDTH), activation }),
  maxPool: pool,
  avgPool: pool,
  dropout: z.strictObject({ rate: between(0, 1, true) }),
  embedding: z.strictObject({
    dim: integer(1, MAX_WIDTH),
    /** Token ids 0 … vocab − 1; default 256. */
    vocab: integer(2, 1_000_000).optional(),
  }),
} as const;
/** Every layer name a declaration may use. */
export const LAYER_NAMES = [...Object.keys(SET_LAYERS), ...BARE_LAYER_NAMES];

function unknownLayer(input: unknown): string {
  const kind = typeof input === "string"
    ? input
    : input !== null && typeof input === "object" && Object.keys(input).length === 1
    ? Object.keys(input)[0]
    : undefined;
  const known = kind !== undefined && LAYER_NAMES.includes(kind);
  if (known) {
    return `must be ${kind} with its settings (got ${showValue(input)})`;
  }
  return `must be a layer (expected ${listNames(LAYER_NAMES)}, as a name or a one-key ` +
    `object such as {conv2d: {filters: 6, kernel: 5}}; got ${showValue(input)})`;
}

/** One declared layer (typed as the model zoo reads it; the union checks each form). */
export const LayerSchema = z.union(
  [
    z.enum(BARE_LAYER_NAMES),
    ...Object.entries(SET_LAYERS).map(([kind, settings]) => z.strictObject({ [kind]: settings })),
  ] as unknown as [z.ZodType, z.ZodType, ...z.ZodType[]],
  { error: (i) => unknownLayer(i.input) },
) as unknown as z.ZodType<WrittenLayer>;

// One definition in schema.json, referenced by every layer list.
const layers = z.array(LayerSchema.meta({ id: "layer", description: "A declared layer" }));

/** The declared-model fields of `model:` (all optional: a preset model has none). */
export const DeclaredModelFields = {
  /** One layer list per modality of the data, in any order; `[]` passes a flat input through. */
  encoders: z.strictObject({
    image: layers.optional(),
    series: layers.optional(),
    tabular: layers.optional(),
    tokens: layers.optional(),
  }).optional(),
  /** Layers after the fusion; the last is the output, `dense: {units: <classes>}` (softmax). */
  head: layers.optional(),
  /** A TF.js `model.json` whose weights the model starts from (every tensor's shape must match). */
  init: z.string().min(1, { error: "must name a model.json file (got an empty string)" })
    .optional(),
};
