import fs from 'node:fs';
import type { Backend } from '../remote/backend.js';
import type { Logger } from '../log.js';
import type { Stats } from '../stats.js';
import { metaOf, type PendingUpload } from './pending.js';
import { setTimeout as sleep } from 'node:timers/promises';

/** The output on local disk is read when the upload starts, so a long queue costs no memory. */
type UploadJob = PendingUpload;

/** uploaded: on the remote; failed: still owed (spool it); dropped: can never be made (its local output is gone or wrong). */
export type UploadOutcome = 'uploaded' | 'failed' | 'dropped';

export interface UploadQueueOptions {
  concurrency: number;
  /** Attempts per upload on top of the SDK's own retries (which cover single request failures). */
  attempts?: number;
  backoffMs?: number;
}

/** Errors after which retrying cannot help: the breaker is open, or the job itself is broken. */
function isFinal(err: unknown): boolean {
  const name = (err as Error | undefined)?.name;
  return (
    name === 'RemoteDisabledError' ||
    name === 'IntegrityError' ||
    name === 'LocalOutputError' ||
    name === 'WritesDeniedError'
  );
}

class LocalOutputError extends Error {
  override readonly name = 'LocalOutputError';
}

/**
 * Uploads in the background with bounded concurrency and retries. Nothing is dropped: a job that
 * has not reached the remote stays listed in `unfinished()` for the spool.
 */
export class UploadQueue {
  private readonly waiting = new Map<string, { job: UploadJob; done: ((outcome: UploadOutcome) => void)[] }>();
  private readonly active = new Map<string, UploadJob>();
  private readonly failed = new Map<string, UploadJob>();
  /**
   * Jobs dropped because the store denies writes to these credentials (see ReadOnlyBackend):
   * not failures to retry or spool, since no later attempt with the same key can succeed.
   */
  readonly denied = new Set<string>();
  private idleWaiters: (() => void)[] = [];
  private readonly attempts: number;
  private readonly backoffMs: number;

  constructor(
    private readonly backend: Backend,
    private readonly stats: Stats,
    private readonly log: Logger,
    private readonly options: UploadQueueOptions,
  ) {
    this.attempts = options.attempts ?? 3;
    this.backoffMs = options.backoffMs ?? 200;
  }

  /**
   * Queues a job; a newer job for the same action replaces one that has not started. A failed
   * job stays in `unfinished()`.
   */
  add(job: UploadJob): Promise<UploadOutcome> {
    this.failed.delete(job.actionId);
    this.denied.delete(job.actionId);
    const done = this.waiting.get(job.actionId)?.done ?? [];
    const result = new Promise<UploadOutcome>((resolve) => done.push(resolve));
    this.waiting.set(job.actionId, { job, done });
    this.pump();
    return result;
  }

  /** Uploads now and resolves when done (the synchronous mode, -async-backend=false). */
  async uploadNow(job: UploadJob): Promise<UploadOutcome> {
    this.active.set(job.actionId, job);
    try {
      return await this.run(job);
    } finally {
      this.active.delete(job.actionId);
      this.notifyIfIdle();
    }
  }

  get pending(): number {
    return this.waiting.size + this.active.size;
  }

  /** Resolves true when everything queued has finished, false when the wait ran out first. */
  waitIdle(timeoutMs: number): Promise<boolean> {
    if (this.pending === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.idleWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  /** Everything not yet on the remote: waiting, still in flight, or failed. */
  unfinished(): UploadJob[] {
    return [...this.active.values(), ...[...this.waiting.values()].map((w) => w.job), ...this.failed.values()];
  }

  private pump(): void {
    while (this.active.size < this.options.concurrency && this.waiting.size > 0) {
      const [actionId, { job, done }] = this.waiting.entries().next().value as [
        string,
        { job: UploadJob; done: ((outcome: UploadOutcome) => void)[] },
      ];
      this.waiting.delete(actionId);
      this.active.set(actionId, job);
      void this.run(job).then((outcome) => {
        if (this.active.get(actionId) === job) this.active.delete(actionId);
        for (const resolve of done) resolve(outcome);
        this.pump();
        this.notifyIfIdle();
      });
    }
  }

  private notifyIfIdle(): void {
    if (this.pending > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const wake of waiters) wake();
  }

  private async run(job: UploadJob): Promise<UploadOutcome> {
    for (let attempt = 1; ; attempt++) {
      const started = performance.now();
      try {
        const body = await this.readBody(job);
        const { transferredBytes } = await this.backend.put(job.actionId, metaOf(job), body);
        this.stats.time('upload', started);
        this.stats.add('uploads');
        this.stats.add('bytesUploaded', transferredBytes);
        return 'uploaded';
      } catch (err) {
        const message = (err as Error).message;
        if ((err as Error).name === 'WritesDeniedError') {
          this.stats.add('uploadsDenied');
          this.denied.add(job.actionId);
          return 'dropped';
        }
        if (isFinal(err) || attempt >= this.attempts) {
          this.stats.add('uploadFailures');
          this.log.debug(`upload of ${job.actionId} failed after ${attempt} attempt(s): ${message}`);
          // A local file that is gone or wrong can never be uploaded: keeping it would only fail again.
          if ((err as Error).name !== 'LocalOutputError') {
            this.failed.set(job.actionId, job);
            return 'failed';
          }
          this.stats.add('uploadsLost');
          // Counted, and warned about once by the post step: a cleanup can take hundreds at once.
          this.log.debug(`cannot upload ${job.actionId}: ${message}`);
          return 'dropped';
        }
        this.stats.add('uploadRetries');
        this.log.debug(`upload of ${job.actionId} failed (attempt ${attempt}), retrying: ${message}`);
        await sleep(this.backoffMs * 4 ** (attempt - 1) * (0.5 + Math.random()));
      }
    }
  }

  private async readBody(job: UploadJob): Promise<Buffer> {
    let body: Buffer;
    try {
      body = await fs.promises.readFile(job.path);
    } catch (err) {
      throw new LocalOutputError(`local output ${job.path} is unreadable: ${(err as Error).message}`);
    }
    if (body.length !== job.size) {
      throw new LocalOutputError(`local output ${job.path} is ${body.length} bytes, expected ${job.size}`);
    }
    return body;
  }
}
