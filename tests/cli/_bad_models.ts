/**
 * The bad-input corpus, part 3: declared models (`model.encoders`, `head`,
 * `init`). Each message names the layer (its path, with its line) and, for a
 * shape that cannot work, the shapes.
 */
import { type BadInput, BASE } from "./_bad_scenarios.ts";

/** FedProx's 60 tabular features and 10 classes, and a model over them. */
const TABULAR = "data: {source: fedprox-synthetic, classes: 10, modalities: [tabular]}\n";
const MNIST = "data: {source: mnist, classes: 10, modalities: [image]}\n";

const model = (name: string, data: string, body: string, names: string | RegExp): BadInput => ({
  name,
  files: { "s.yaml": `${BASE}${data}model:\n${body}` },
  names,
  line: true,
});

/** Declared models the schema or the preflight's shape check refuses. */
export const MODELS: BadInput[] = [
  model(
    "an unknown layer",
    TABULAR,
    "  encoders: {tabular: [{conv3d: {filters: 2}}]}\n  head: [{dense: {units: 10}}]\n",
    "model.encoders.tabular[0]: must be a layer",
  ),
  model(
    "a misspelt bare layer",
    MNIST,
    "  encoders: {image: [flaten]}\n  head: [{dense: {units: 10}}]\n",
    'model.encoders.image[0]: must be a layer (expected "conv2d"',
  ),
  model(
    "a conv layer without filters",
    MNIST,
    "  encoders: {image: [{conv2d: {kernel: 5}}, flatten]}\n  head: [{dense: {units: 10}}]\n",
    "model.encoders.image[0].conv2d.filters",
  ),
  model(
    "a conv kernel larger than its input",
    MNIST,
    "  encoders:\n    image:\n      - maxPool: {size: 4}\n      - conv2d: {filters: 4, kernel: 9}\n" +
      "      - flatten\n  head: [{dense: {units: 10}}]\n",
    "model.encoders.image[1]: conv2d kernel 9 does not fit its input [7, 7, 1]",
  ),
  model(
    "a dense layer on an image",
    MNIST,
    "  encoders: {image: [{dense: {units: 4}}]}\n  head: [{dense: {units: 10}}]\n",
    "model.encoders.image[0]: dense needs a flat input but gets [28, 28, 1]",
  ),
  model(
    "an encoder that does not end flat",
    MNIST,
    "  encoders: {image: [{conv2d: {filters: 2, kernel: 3}}]}\n  head: [{dense: {units: 10}}]\n",
    "model.encoders.image: must end with a flat feature vector but ends with [26, 26, 2]",
  ),
  model(
    "an output that is not one unit per class",
    TABULAR,
    "  encoders: {tabular: []}\n  head: [{dense: {units: 8}}]\n",
    "model.head[0]: must end with the output layer dense(units: 10)",
  ),
  model(
    "an encoder for a modality the data lacks",
    TABULAR,
    "  encoders: {tabular: [], image: [flatten]}\n  head: [{dense: {units: 10}}]\n",
    "model.encoders.image: is an encoder for image",
  ),
  model(
    "a preset beside declared layers",
    TABULAR,
    "  preset: tiny\n  encoders: {tabular: []}\n  head: [{dense: {units: 10}}]\n",
    "model.preset: must be left out (or declared)",
  ),
  model(
    "declared encoders without a head",
    TABULAR,
    "  encoders: {tabular: []}\n",
    "model.head: must list the head's layers",
  ),
  model(
    "a width multiplier on a declared model",
    TABULAR,
    "  encoders: {tabular: []}\n  head: [{dense: {units: 10}}]\n  width: 2\n",
    "model.width: does not apply to a declared model",
  ),
  model(
    "init weights that cannot be read",
    TABULAR,
    "  encoders: {tabular: []}\n  head: [{dense: {units: 10}}]\n  init: no/such/model.json\n",
    "model.init: must name a readable TF.js model.json",
  ),
];
