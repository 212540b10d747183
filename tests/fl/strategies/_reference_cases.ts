/**
 * Every registered strategy with the params it runs under in the
 * reference-equation suite, and its paper's server step (from _reference.ts).
 */
import type {
  StrategyContext,
  StrategyParams,
  WeightLayoutEntry,
} from "../../../sim/fl/strategies/mod.ts";
import {
  type Controls,
  coordinateMedian,
  dpFedAvgNoiseless,
  fedAdamCorrected,
  fedAdaptive,
  fedAvg,
  fedAvgM,
  fedNova,
  multiKrum,
  scaffold,
  type ServerMoments,
  type ToyUpdate,
  trimmedMean,
} from "./_reference.ts";

/** The toy model's five weights; the last two are a normalisation layer (FedBN keeps them). */
export const TOY_LAYOUT: WeightLayoutEntry[] = [
  { name: "dense/kernel", offset: 0, size: 3, isNormalization: false },
  { name: "norm/gamma", offset: 3, size: 2, isNormalization: true },
];
/** Local learning rate every toy site reports (SCAFFOLD's control update divides by it). */
export const TOY_LR = 0.1;

/** A paper's server step with its own state: the next global from the current one and the replies. */
export interface ReferenceStep {
  step(x: number[], us: ToyUpdate[], totalSites: number): number[];
  /** Server state the strategy must also hold (name → expected vector), after the last step. */
  state?(): Record<string, number[]>;
}

/** A strategy as the suite runs it. */
export interface ReferenceCase {
  strategy: string;
  params: StrategyParams;
  context?: StrategyContext;
  reference(): ReferenceStep;
}

const adaptive = { eta: 0.1, beta1: 0.9, beta2: 0.99, tau: 1e-3 };
const moments = (): ServerMoments => ({
  m: [0, 0, 0, 0, 0],
  v: [0, 0, 0, 0, 0].map(() => adaptive.tau ** 2),
});
const ys = (us: ToyUpdate[]) => us.map((u) => u.y);
const stateless = (f: (x: number[], us: ToyUpdate[]) => number[]) => () => ({ step: f });

function adaptiveCase(rule: "adagrad" | "adam" | "yogi"): ReferenceCase["reference"] {
  return () => {
    const s = moments();
    return { step: (x, us) => fedAdaptive(rule, x, us, s, adaptive) };
  };
}

/** Case name → case; a strategy may appear under several names with other params. */
export const REFERENCE_CASES: Record<string, ReferenceCase> = {
  "fedavg": { strategy: "fedavg", params: {}, reference: stateless(fedAvg) },
  "fedprox": { strategy: "fedprox", params: { mu: 0.1 }, reference: stateless(fedAvg) },
  "fedavgm": {
    strategy: "fedavgm",
    params: { serverLearningRate: 0.5, serverMomentum: 0.9 },
    reference: () => {
      const s = moments();
      return { step: (x, us) => fedAvgM(x, us, s, 0.9, 0.5), state: () => ({ momentum: s.m }) };
    },
  },
  "fedadam": { strategy: "fedadam", params: adaptive, reference: adaptiveCase("adam") },
  "fedadam (biasCorrection)": {
    strategy: "fedadam",
    params: { ...adaptive, biasCorrection: true },
    reference: () => {
      const s = { ...moments(), t: 0 };
      return { step: (x, us) => fedAdamCorrected(x, us, s, adaptive) };
    },
  },
  "fedadagrad": { strategy: "fedadagrad", params: adaptive, reference: adaptiveCase("adagrad") },
  "fedyogi": { strategy: "fedyogi", params: adaptive, reference: adaptiveCase("yogi") },
  "scaffold": {
    strategy: "scaffold",
    params: { serverLearningRate: 0.8 },
    reference: () => {
      const s: Controls = { c: [0, 0, 0, 0, 0], ci: new Map() };
      return {
        step: (x, us, totalSites) => scaffold(x, us, s, { eta: 0.8, totalSites, lr: TOY_LR }),
        state: () => ({ control: s.c }),
      };
    },
  },
  "fednova": { strategy: "fednova", params: {}, reference: stateless((x, us) => fedNova(x, us)) },
  "fednova (momentum 0.9)": {
    strategy: "fednova",
    params: {},
    context: {
      localOptimizer: { name: "momentum", momentum: 0.9, nesterov: false, weightDecay: 0 },
    },
    reference: stateless((x, us) => fedNova(x, us, 0.9)),
  },
  // FedBN's global is the sample-weighted average (globalNorm: average); sites keep their own norm.
  "fedbn": { strategy: "fedbn", params: {}, reference: stateless(fedAvg) },
  // The no-collaboration baseline reports the sample-weighted average of the local models.
  "local-only": { strategy: "local-only", params: {}, reference: stateless(fedAvg) },
  "dp-fedavg": {
    strategy: "dp-fedavg",
    params: { clipNorm: 1.5, noiseMultiplier: 0, serverLearningRate: 0.9 },
    reference: stateless((x, us) => dpFedAvgNoiseless(x, us, 1.5, 0.9)),
  },
  "median": {
    strategy: "median",
    params: {},
    reference: stateless((_x, us) => coordinateMedian(ys(us))),
  },
  "trimmed-mean": {
    // ⌊0.34·3⌋ = 1 value cut at each end of three.
    strategy: "trimmed-mean",
    params: { trimFraction: 0.34 },
    reference: stateless((_x, us) => trimmedMean(ys(us), 0.34)),
  },
  "krum": {
    strategy: "krum",
    params: { byzantine: 0 },
    reference: stateless((_x, us) => multiKrum(ys(us), 0, 1)),
  },
  "multi-krum": {
    strategy: "multi-krum",
    params: { byzantine: 0, multiKrumSelect: 2 },
    reference: stateless((_x, us) => multiKrum(ys(us), 0, 2)),
  },
};
