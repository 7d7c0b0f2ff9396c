import type { Settings } from '../cache.js';
import type { Logger } from '../log.js';
import type { Backend } from '../remote/backend.js';
import type { Stats } from '../stats.js';
import { UploadJournal, type PendingUpload } from './pending.js';
import { Spool } from './spool.js';
import { UploadQueue } from './upload-queue.js';

export interface OwedUploadsDeps {
  config: Pick<Settings, 'asyncBackend' | 'uploadConcurrency' | 'spoolDir'>;
  stats: Stats;
  log: Logger;
  /** The remote, set up on the first upload; undefined when it could not be. */
  backend(): Promise<Backend | undefined>;
}

/**
 * What a cache that writes to the remote owes it: each stored put is in the journal before go
 * hears it was stored, then queued (or, without -async-backend, uploaded before go hears it);
 * at the end, whatever the wait did not finish goes to the spool for the post step's drain.
 */
export class OwedUploads {
  private readonly journal: UploadJournal;
  private uploads: Promise<UploadQueue | undefined> | undefined;

  constructor(private readonly deps: OwedUploadsDeps) {
    this.journal = new UploadJournal(deps.config.spoolDir);
  }

  /** Owed to the remote from here on: in the journal before the put is answered, then queued. */
  async add(pending: PendingUpload): Promise<void> {
    this.journal.add(pending);
    const settle = (outcome: string): void => {
      if (outcome !== 'failed') this.journal.done(pending);
    };
    if (this.deps.config.asyncBackend) {
      void this.queue().then((queue) => queue?.add(pending).then(settle));
      return;
    }
    const queue = await this.queue();
    if (queue) settle(await queue.uploadNow(pending));
  }

  private queue(): Promise<UploadQueue | undefined> {
    this.uploads ??= this.deps.backend().then((backend) =>
      backend
        ? new UploadQueue(backend, this.deps.stats, this.deps.log, {
            concurrency: this.deps.config.uploadConcurrency,
          })
        : undefined,
    );
    return this.uploads;
  }

  /** Uploads still owed. */
  get size(): number {
    return this.journal.size;
  }

  /** Waits for uploads up to `uploadWaitMs` and hands what is still owed to the spool for the post step's drain. Once. */
  async finish(uploadWaitMs: number): Promise<void> {
    const { stats, log, config } = this.deps;
    const queue = this.uploads ? await this.uploads : undefined;
    stats.add('uploadsPendingAtClose', this.journal.size);
    if (queue && queue.pending > 0) {
      log.debug(`waiting up to ${uploadWaitMs} ms for ${queue.pending} upload(s)`);
      await queue.waitIdle(uploadWaitMs);
    }
    const left = this.journal.list();
    if (left.length > 0) {
      const spool = new Spool(config.spoolDir);
      for (const pending of left) spool.add(pending);
      stats.add('spooled', left.length);
      log.info(
        `${left.length} upload(s) not finished were saved to the spool ${config.spoolDir}; run "drain" (the action's post step does) to upload them`,
      );
    }
    this.journal.remove();
  }
}
