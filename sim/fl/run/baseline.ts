/**
 * Where the centralised baseline trains, in one of three places: on a pool
 * worker beside the site tasks, on a local thread of its own when site tasks
 * run on other machines, or in this thread before the rounds. Its epochs show
 * in the rounds' progress line while it trains beside them, and a bar of its
 * own only while the run waits for it at the end.
 */
import { createProgress } from "../../engine/mod.ts";
import { type BaselineSettings, trainCentral } from "../baseline.ts";
import {
  baselineRun as runningBaseline,
  type FinishedBaseline,
  startBaselineWorker,
} from "../baseline_worker.ts";
import type { RunContext } from "./setup.ts";
import type { RunProgress } from "./resume.ts";

/** The baseline of one run: where it trains, how far it is, and the wait for it. */
export class Baseline {
  readonly settings: BaselineSettings;
  #epochs = 0;
  #wait: ReturnType<typeof createProgress> | null = null;

  constructor(private readonly run: RunContext, private readonly progress: RunProgress) {
    const t = run.scenario.training;
    this.settings = {
      epochs: run.scenario.baseline.epochs,
      batchSize: t.batchSize,
      learningRate: t.learningRate,
      optimizer: { ...t.optimizer },
    };
  }

  /** Starts (or, in this thread, trains) the baseline unless it is off or already done. */
  place(): void {
    const { run, progress, settings } = this;
    const { scenario, seed, pool, initial } = run;
    const onEpoch = (epoch: number) => {
      this.#epochs = epoch;
      this.#wait?.tick();
    };
    if (!scenario.baseline.enabled || progress.state.central !== null) return;
    if (pool !== null) {
      // Site tasks run on the pool, so this thread would wait through the
      // baseline with the workers idle: one worker trains it while the others
      // take site tasks (and only that worker ever holds the pooled data).
      run.baselineRun = runningBaseline(pool.trainBaseline(initial, settings, seed, onEpoch));
    } else if (run.options.siteExecutor !== undefined) {
      // Site tasks run on other machines: a local thread of its own trains it.
      run.baselineRun = startBaselineWorker(run.setup, initial, settings, onEpoch);
    } else {
      const bar = createProgress("baseline", settings.epochs, { quiet: run.quiet });
      progress.state.central = run.profile.measure(
        "baseline",
        () => trainCentral(run.main, initial, settings, run.streams, () => bar.tick()),
      );
      bar.done();
      progress.checkpoint();
    }
  }

  /** The rounds' progress-line note while the baseline trains beside them. */
  note(): string {
    return this.run.baselineRun !== null && this.progress.state.central === null
      ? `  baseline ${this.#epochs}/${this.settings.epochs}`
      : "";
  }

  /** Throws the baseline worker's error as soon as it has one. */
  throwIfFailed(): void {
    const failure = this.run.baselineRun?.failure() ?? null;
    if (failure !== null) throw failure;
  }

  /** Waits for a baseline trained beside the rounds; its worker's host seconds, else null. */
  async finish(): Promise<FinishedBaseline["times"] | null> {
    const { run, progress } = this;
    const baselineRun = run.baselineRun;
    if (baselineRun === null) return null;
    const { state } = progress;
    // Usually finished long ago; else the wait for it is the baseline's share of the wall time.
    if (state.central === null) {
      this.#wait = createProgress("baseline", this.settings.epochs, { quiet: run.quiet });
      this.#wait.tick(this.#epochs);
    }
    const finished = state.central === null
      ? await run.profile.track("baseline", () => baselineRun.result)
      : await baselineRun.result;
    this.#wait?.done();
    state.central = finished.central;
    progress.checkpoint();
    return finished.times;
  }
}
