/**
 * Progress for long runs, on stderr: a redrawn bar on a terminal, sparse
 * plain lines in logs (CI), nothing when RENKEI_QUIET=1. Progress uses the
 * host's wall clock only for display; it never touches simulated time.
 */

/** What a caller drives: tick as work completes, done once at the end. */
export interface Progress {
  /** Marks `n` more units complete (default 1); `note` is shown beside the count. */
  tick(n?: number, note?: string): void;
  /** Prints the final line (total and elapsed time); later calls do nothing. */
  done(): void;
}

/** Options for {@linkcode createProgress}. */
export interface ProgressOptions {
  /** Where to write; only stderr, so stdout stays clean for results. */
  stream?: "stderr";
  /** Overrides output (defaults to stderr); lets tests capture what would be printed. */
  write?: (text: string) => void;
  /** Overrides terminal detection (default: Deno.stderr.isTerminal()). */
  terminal?: boolean;
  /** Overrides quiet detection (default: env RENKEI_QUIET=1). */
  quiet?: boolean;
  /** Overrides the clock in milliseconds (default: performance.now). */
  clock?: () => number;
}

/** In logs, a line at least this often while work goes on... */
const LOG_INTERVAL_MS = 5000;
/** ...and one each time another tenth of the work is done. */
const LOG_FRACTION_STEP = 0.1;
/** A terminal bar is redrawn at most this often. */
const BAR_INTERVAL_MS = 100;
const BAR_WIDTH = 24;

function envQuiet(): boolean {
  try {
    return Deno.env.get("RENKEI_QUIET") === "1";
  } catch {
    return false; // no env permission: fall back to showing progress
  }
}

function stderrIsTerminal(): boolean {
  try {
    return Deno.stderr.isTerminal();
  } catch {
    return false;
  }
}

const encoder = new TextEncoder();

function writeStderr(text: string): void {
  Deno.stderr.writeSync(encoder.encode(text));
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/**
 * Starts a progress display for `total` units of work named `label`.
 *
 * @example
 * ```ts
 * import { createProgress } from "./progress.ts";
 * const lines: string[] = [];
 * const p = createProgress("rounds", 2, { write: (t) => lines.push(t), terminal: false, quiet: false });
 * p.tick(); p.tick(); p.done();
 * if (!lines.at(-1)?.includes("2/2")) throw new Error("no final line");
 * ```
 */
export function createProgress(label: string, total: number, opts: ProgressOptions = {}): Progress {
  if (!Number.isFinite(total) || total < 0) {
    throw new RangeError(`Expected total to be a finite number ≥ 0 but found ${total}`);
  }
  const quiet = opts.quiet ?? envQuiet();
  if (quiet) return { tick() {}, done() {} };
  const write = opts.write ?? writeStderr;
  const terminal = opts.terminal ?? stderrIsTerminal();
  const clock = opts.clock ?? (() => performance.now());
  const start = clock();
  let count = 0;
  let note = "";
  let finished = false;
  let lastShown = start;
  let lastStep = 0;

  const fraction = () => (total === 0 ? 1 : Math.min(1, count / total));
  const counts = () => `${count}/${total}${note ? `  ${note}` : ""}`;

  const drawBar = (now: number) => {
    const filled = Math.round(fraction() * BAR_WIDTH);
    const bar = "█".repeat(filled) + "░".repeat(BAR_WIDTH - filled);
    const pct = `${Math.floor(fraction() * 100)}%`.padStart(4);
    // \x1b[K clears what a longer previous line left behind.
    write(`\r${label} ${bar} ${pct} ${counts()}  ${seconds(now - start)}\x1b[K`);
  };

  return {
    tick(n = 1, text?: string) {
      if (finished) return;
      count += n;
      if (text !== undefined) note = text;
      const now = clock();
      if (terminal) {
        if (now - lastShown >= BAR_INTERVAL_MS || count >= total) {
          lastShown = now;
          drawBar(now);
        }
        return;
      }
      const step = Math.floor(fraction() / LOG_FRACTION_STEP + 1e-9);
      if (step > lastStep || now - lastShown >= LOG_INTERVAL_MS) {
        lastStep = Math.max(lastStep, step);
        lastShown = now;
        write(
          `${label}: ${counts()} (${Math.floor(fraction() * 100)}%, ${seconds(now - start)})\n`,
        );
      }
    },
    done() {
      if (finished) return;
      finished = true;
      const now = clock();
      if (terminal) {
        drawBar(now);
        write("\n");
      } else {
        write(`${label}: ${counts()} done in ${seconds(now - start)}\n`);
      }
    },
  };
}
