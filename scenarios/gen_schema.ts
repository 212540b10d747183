/**
 * The JSON Schema editors use to complete and check scenario files
 * (`scenarios/schema.json`), from the zod schema (the single source of
 * truth). Blocks whose schemas other layers own (strategy params, privacy)
 * are passed in; `tools/gen_schema.ts` assembles them and writes the file:
 * `deno task schema` (or `deno task schema --check` to fail when stale).
 */
import { z } from "zod";
import { ScenarioFieldsSchema, TrainingSchema } from "./schema.ts";

/** Schemas of other layers that the scenario file's JSON Schema describes in full. */
export interface SchemaBlocks {
  /** Each strategy's params schema, by strategy name. */
  strategyParams?: Readonly<Record<string, z.ZodType>>;
  /** The `privacy:` block. */
  privacy?: z.ZodType;
}

/** `training.strategy` as one form per strategy: its name and its own params. */
function strategyForms(params: Readonly<Record<string, z.ZodType>>): z.ZodType {
  const forms = Object.entries(params).map(([name, schema]) =>
    z.strictObject({
      // fedavg is the default: its form is also the one without a name.
      name: name === "fedavg" ? z.literal(name).optional() : z.literal(name),
      params: schema.optional(),
    })
  );
  return z.union(forms as unknown as [z.ZodType, z.ZodType, ...z.ZodType[]]);
}

/** The scenario JSON Schema (input form: what a person writes), as formatted text. */
export function scenarioJsonSchema(blocks: SchemaBlocks = {}): string {
  const training = blocks.strategyParams === undefined
    ? TrainingSchema
    : TrainingSchema.extend({ strategy: strategyForms(blocks.strategyParams).optional() });
  const fields = ScenarioFieldsSchema.extend({
    training: training.optional(),
    ...(blocks.privacy === undefined ? {} : { privacy: blocks.privacy.optional() }),
  });
  const schema = z.toJSONSchema(fields, { io: "input", unrepresentable: "any" });
  return JSON.stringify(
    {
      ...schema,
      title: "Renkei scenario",
      description:
        "A Renkei scenario: data, sites, devices, links, model, training and targets. Cross-field rules (shares sum to 1, limits) are checked by `renkei validate`.",
    },
    null,
    2,
  ) + "\n";
}
