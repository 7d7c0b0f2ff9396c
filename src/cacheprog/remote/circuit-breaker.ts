import {
  IntegrityError,
  type Backend,
  type EntryMeta,
  type RemoteEntry,
  type UploadResult,
  type BodySpill,
} from './backend.js';
import { errorMessage } from '../../util/text.js';

/**
 * A put refused because the remote is switched off. The upload layer should spool the entry
 * (for the post step's drain) instead of retrying: retrying is what the breaker prevents.
 */
export class RemoteDisabledError extends Error {
  override readonly name = 'RemoteDisabledError';
}

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the breaker. */
  threshold?: number;
  /** How long to stay open before one request may probe the remote again; Infinity: never. */
  coolDownMs?: number;
  /** Called once, the first time the breaker opens: the one warning a user sees. */
  onOpen(reason: string): void;
  now?: () => number;
}

export type BreakerState = 'closed' | 'open' | 'half-open';

type Admission = 'pass' | 'probe' | 'reject';

export const DEFAULT_THRESHOLD = 3;
export const DEFAULT_COOL_DOWN_MS = 30_000;

/**
 * Stops a broken remote from costing every build step a timeout. While open, gets are misses
 * and puts fail at once; after the cool-down a single request probes the remote and closes the
 * breaker if it answers. A miss, an IntegrityError or a denied write is an answer, so none counts as a failure;
 * nor does a request its caller cancelled.
 */
export class CircuitBreakerBackend implements Backend {
  readonly name: string;
  private readonly threshold: number;
  private readonly coolDownMs: number;
  private readonly now: () => number;
  private consecutiveFailures = 0;
  private openedAt: number | undefined;
  private reason = '';
  private probing = false;
  private notified = false;

  constructor(
    private readonly inner: Backend,
    private readonly options: CircuitBreakerOptions,
  ) {
    this.name = inner.name;
    this.threshold = options.threshold ?? DEFAULT_THRESHOLD;
    this.coolDownMs = options.coolDownMs ?? DEFAULT_COOL_DOWN_MS;
    this.now = options.now ?? Date.now;
    if (!(this.threshold >= 1)) throw new RangeError(`breaker threshold must be at least 1, got ${this.threshold}`);
  }

  get state(): BreakerState {
    if (this.openedAt === undefined) return 'closed';
    return this.probing ? 'half-open' : 'open';
  }

  async get(actionId: string, signal?: AbortSignal, spill?: BodySpill): Promise<RemoteEntry | undefined> {
    const admission = this.admit();
    if (admission === 'reject') return undefined;
    return this.track(admission, signal, () => this.inner.get(actionId, signal, spill));
  }

  async put(actionId: string, meta: EntryMeta, body: Buffer, signal?: AbortSignal): Promise<UploadResult> {
    const admission = this.admit();
    if (admission === 'reject') throw this.disabledError();
    return this.track(admission, signal, () => this.inner.put(actionId, meta, body, signal));
  }

  /** A failed check opens the breaker at once: the remote is unusable, not merely flaky. */
  async check(signal?: AbortSignal): Promise<void> {
    const admission = this.admit();
    if (admission === 'reject') throw this.disabledError();
    try {
      await this.inner.check(signal);
    } catch (err) {
      if (admission === 'probe') this.probing = false;
      if (!signal?.aborted) this.open(`remote check failed: ${errorMessage(err)}`);
      throw err;
    }
    this.succeeded(admission);
  }

  /** Maintenance (the clear-remote subcommand) reports its own errors; the breaker stays out of it. */
  clear(): Promise<number> {
    return this.inner.clear();
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  private admit(): Admission {
    if (this.openedAt === undefined) return 'pass';
    if (this.probing || this.now() - this.openedAt < this.coolDownMs) return 'reject';
    this.probing = true;
    return 'probe';
  }

  private async track<T>(admission: Admission, signal: AbortSignal | undefined, call: () => Promise<T>): Promise<T> {
    let result: T;
    try {
      result = await call();
    } catch (err) {
      // A corrupt object or a denied write is an answer from a working remote, not an outage:
      // a key that may read but not write must keep reading.
      if (err instanceof IntegrityError || (err as Error | undefined)?.name === 'WritesDeniedError') {
        this.succeeded(admission);
      } else if (signal?.aborted) {
        // Cancelled by our own side (shutdown): says nothing about the remote.
        if (admission === 'probe') this.probing = false;
      } else {
        this.failed(admission, err);
      }
      throw err;
    }
    this.succeeded(admission);
    return result;
  }

  private succeeded(admission: Admission): void {
    if (admission === 'probe') {
      this.probing = false;
      this.openedAt = undefined;
    }
    // A straggler admitted before the breaker opened proves little; only a probe closes it.
    if (this.openedAt === undefined) this.consecutiveFailures = 0;
  }

  private failed(admission: Admission, err: unknown): void {
    if (admission === 'probe') {
      this.probing = false;
      this.open(`the remote still fails after ${Math.round(this.coolDownMs / 1000)} s: ${errorMessage(err)}`);
      return;
    }
    if (this.openedAt !== undefined) return;
    this.consecutiveFailures++;
    if (this.consecutiveFailures >= this.threshold) {
      this.open(`${this.consecutiveFailures} remote requests failed in a row, the last with: ${errorMessage(err)}`);
    }
  }

  private open(reason: string): void {
    this.openedAt = this.now();
    this.reason = reason;
    if (this.notified) return;
    this.notified = true;
    this.options.onOpen(reason);
  }

  private disabledError(): RemoteDisabledError {
    return new RemoteDisabledError(`remote cache ${this.name} is disabled after errors (${this.reason})`);
  }
}
