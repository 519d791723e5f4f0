/** The part of a stream the progress line needs (process.stderr in the CLI, a fake in tests). */
export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

export interface ProgressOptions {
  env?: NodeJS.ProcessEnv;
  /** Scans of at most this many files show nothing. */
  threshold?: number;
  /** Minimum time between redraws. */
  intervalMs?: number;
  now?: () => number;
}

export const PROGRESS_THRESHOLD = 200;
const CLEAR_LINE = "\r\x1b[2K";

function isCi(env: NodeJS.ProcessEnv): boolean {
  const ci = env.CI;
  return ci !== undefined && ci !== "" && ci !== "0" && ci.toLowerCase() !== "false";
}

/**
 * A one-line "reading files n/total" indicator on stderr for long scans. It draws only on a
 * terminal outside CI and for more than `threshold` files, so logs, pipes and CI stay clean.
 *
 * @example
 * const progress = new ProgressReporter(process.stderr);
 * progress.start(files.length);
 * for (const file of files) { read(file); progress.tick(); }
 * progress.done();
 */
export class ProgressReporter {
  /** Whether this stream and environment may show progress at all (a TTY, not CI, not TERM=dumb). */
  readonly enabled: boolean;
  private readonly threshold: number;
  private readonly intervalMs: number;
  private readonly now: () => number;
  private total = 0;
  private count = 0;
  private active = false;
  private drawn = false;
  private lastDraw = -Infinity;

  constructor(
    private readonly stream: ProgressStream,
    options: ProgressOptions = {},
  ) {
    const env = options.env ?? process.env;
    this.enabled = stream.isTTY === true && !isCi(env) && env.TERM !== "dumb";
    this.threshold = options.threshold ?? PROGRESS_THRESHOLD;
    this.intervalMs = options.intervalMs ?? 100;
    this.now = options.now ?? Date.now;
  }

  start(total: number): void {
    this.total = total;
    this.count = 0;
    this.active = this.enabled && total > this.threshold;
    if (this.active) this.draw(true);
  }

  tick(): void {
    if (!this.active) return;
    this.count++;
    this.draw(this.count >= this.total);
  }

  /** Clears the line; the report that follows starts on a clean line. */
  done(): void {
    if (this.drawn) this.stream.write(CLEAR_LINE);
    this.active = false;
    this.drawn = false;
  }

  private draw(force: boolean): void {
    const now = this.now();
    if (!force && now - this.lastDraw < this.intervalMs) return;
    this.lastDraw = now;
    this.drawn = true;
    const text =
      this.count >= this.total
        ? `modelgate: read ${this.total} files, evaluating...`
        : `modelgate: reading files ${this.count}/${this.total} (${Math.floor((this.count / this.total) * 100)}%)`;
    this.stream.write(CLEAR_LINE + text);
  }
}
