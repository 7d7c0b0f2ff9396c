/**
 * The slowest transfer rate an upload is allowed before it counts as dead: its deadline is
 * -remote-timeout plus its size at this rate (a 3.6 MB object: 10 s + 110 s). It is a floor for
 * cutting a dead connection, not a speed anyone should build with: far below any link a CI
 * runner has, and uploads run beside the build, so a slow one delays nothing but itself.
 */
export const MIN_UPLOAD_BYTES_PER_SECOND = 32 * 1024;

/** The deadline of an upload of this many bytes (see MIN_UPLOAD_BYTES_PER_SECOND). */
export function uploadDeadlineMs(remoteTimeoutMs: number, bytes: number): number {
  return remoteTimeoutMs + Math.ceil((bytes * 1000) / MIN_UPLOAD_BYTES_PER_SECOND);
}

/**
 * Per-request deadline joined with the caller's signal, cleared as soon as the request ends.
 * A download's size is unknown until its headers arrive, so a fixed total would cut big objects
 * on slow links: once the answer starts (progress()), the deadline turns into a stall timeout
 * that fires only when no byte has arrived for stallMs.
 *
 * Hand-rolled, not AbortSignal.timeout(): a fixed timeout cannot turn into a stall timeout, and
 * AbortSignal.any(timeout, outer) pins a live timer per request until it fires and has leaked
 * dependants of long-lived outer signals (the job server's) in Node 20/22.
 */
export class Deadline {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout;
  private lastProgress = 0;
  private streaming = false;
  timedOut = false;

  constructor(
    readonly ms: number,
    private readonly outer?: AbortSignal,
    readonly stallMs = ms,
  ) {
    this.timer = this.arm(ms);
    if (outer?.aborted) this.controller.abort(outer.reason);
    else outer?.addEventListener('abort', this.onOuterAbort, { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Whether the deadline fired after the answer had started (a stall, not a missing answer). */
  get stalled(): boolean {
    return this.timedOut && this.streaming;
  }

  /** Bytes (or headers) arrived. Costs a clock read: the timer is re-armed only when it fires. */
  readonly progress = (): void => {
    this.lastProgress = performance.now();
    if (this.streaming) return;
    this.streaming = true;
    clearTimeout(this.timer);
    this.timer = this.arm(this.stallMs);
  };

  private arm(ms: number): NodeJS.Timeout {
    const timer = setTimeout(() => {
      const idle = performance.now() - this.lastProgress;
      if (this.streaming && idle < this.stallMs) {
        this.timer = this.arm(this.stallMs - idle);
        return;
      }
      this.timedOut = true;
      this.controller.abort(
        new Error(this.streaming ? `no bytes for ${this.stallMs} ms` : `deadline of ${this.ms} ms exceeded`),
      );
    }, ms);
    timer.unref();
    return timer;
  }

  private readonly onOuterAbort = (): void => {
    this.controller.abort(this.outer?.reason);
  };

  dispose(): void {
    clearTimeout(this.timer);
    this.outer?.removeEventListener('abort', this.onOuterAbort);
  }
}

/**
 * One store request under a Deadline of its own (`stallMs` once bytes flow): `call` gets the
 * deadline's signal and progress; any failure is rethrown as `describe` words it, knowing whether
 * the deadline fired.
 */
export async function underDeadline<T>(
  timeoutMs: number,
  signal: AbortSignal | undefined,
  stallMs: number | undefined,
  call: (abortSignal: AbortSignal, progress: () => void) => Promise<T>,
  describe: (err: unknown, deadline: Deadline) => Error,
): Promise<T> {
  const deadline = new Deadline(timeoutMs, signal, stallMs);
  try {
    return await call(deadline.signal, deadline.progress);
  } catch (err) {
    throw describe(err, deadline);
  } finally {
    deadline.dispose();
  }
}
