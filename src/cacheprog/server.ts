import type { Config } from './config.js';
import type { Logger } from './log.js';
import type { BodySink, ParsedRequest, Response } from './protocol/types.js';
import { hexToBase64, type ResponseWriter } from './protocol/writer.js';
import type { Backend } from './remote/backend.js';
import type { Stats } from './stats.js';
import type { LocalEntry, LocalStore, OutputWriter } from './store/local-store.js';
import type { Locker } from './store/locks.js';
import { Spool } from './uploads/spool.js';
import { UploadQueue, type UploadJob } from './uploads/upload-queue.js';

export interface ServerDeps {
  config: Config;
  store: LocalStore;
  locker: Locker;
  stats: Stats;
  log: Logger;
  writer: ResponseWriter;
  /**
   * The remote, set up on first call: a build served from the local cache never loads the SDK.
   * Resolves undefined for the disk backend or a remote that could not be set up.
   */
  backend(): Promise<Backend | undefined>;
  /** Called once close has been answered: the process may exit. */
  onClosed(): void;
}

/**
 * Answers get/put/close. Knows the local store and the remote only through their interfaces:
 * a get tries the local store, then the remote; a put is answered once it is on local disk and
 * uploaded in the background.
 */
export class Server {
  private readonly inflight = new Set<Promise<unknown>>();
  private readonly remoteFetches = new Map<string, Promise<LocalEntry | undefined>>();
  /** Every action served as a hit or stored by a put, in first-use order (a Set keeps insertion order). */
  private readonly used = new Set<string>();
  private uploads: Promise<UploadQueue | undefined> | undefined;
  private finished: Promise<void> | undefined;

  constructor(private readonly deps: ServerDeps) {}

  /** Called by the reader for each request; returns the sink of a put body. */
  onRequest(request: ParsedRequest): BodySink | undefined {
    const { stats } = this.deps;
    if (request.error) {
      stats.add('protocolErrors');
      this.deps.log.warn(`bad ${request.command || 'request'} (ID ${request.id}): ${request.error}`);
      this.reply({ ID: request.id, Err: request.error });
      return undefined;
    }
    switch (request.command) {
      case 'get':
        this.track(this.get(request.id, request.actionId as string));
        return undefined;
      case 'put':
        return this.put(request);
      case 'close':
        void this.close(request.id).catch((err: unknown) => this.deps.log.error(`close: ${(err as Error).message}`));
        return undefined;
      default:
        stats.add('protocolErrors');
        this.reply({ ID: request.id, Err: `unknown command "${request.command}" (known: get, put, close)` });
        return undefined;
    }
  }

  /**
   * Finishes pending work: waits for uploads up to the configured bound, hands what is left to the
   * spool, and writes the statistics. Safe to call more than once (close, then stdin EOF).
   */
  finish(uploadWaitMs = this.deps.config.uploadWaitMs): Promise<void> {
    this.finished ??= this.doFinish(uploadWaitMs);
    return this.finished;
  }

  /** What this process used, for the job's manifest: the next run prefetches exactly these. */
  usedActionIds(): string[] {
    return [...this.used];
  }

  private track(work: Promise<unknown>): void {
    const tracked = work.catch((err: unknown) => {
      this.deps.log.error(`internal error: ${(err as Error).stack ?? String(err)}`);
    });
    this.inflight.add(tracked);
    void tracked.finally(() => this.inflight.delete(tracked));
  }

  private reply(response: Response): void {
    this.deps.writer.send(response);
  }

  private replyHit(id: number, entry: LocalEntry): void {
    this.reply({
      ID: id,
      OutputID: hexToBase64(entry.outputId),
      Size: entry.size,
      Time: entry.time.toISOString(),
      DiskPath: entry.diskPath,
    });
  }

  private async get(id: number, actionId: string): Promise<void> {
    const { stats, store } = this.deps;
    const started = performance.now();
    stats.add('gets');
    const local = store.get(actionId);
    if (local) {
      stats.add('localHits');
      stats.add('bytesServedLocal', local.size);
      this.used.add(actionId);
      this.replyHit(id, local);
      stats.time('get', started);
      return;
    }
    let entry: LocalEntry | undefined;
    try {
      entry = await this.fetchOnce(actionId);
    } catch (err) {
      this.deps.log.error(`get ${actionId}: ${(err as Error).message}`);
    }
    if (entry) {
      this.used.add(actionId);
      this.replyHit(id, entry);
    } else {
      stats.add('misses');
      this.reply({ ID: id, Miss: true });
    }
    stats.time('get', started);
  }

  /** One remote fetch per action at a time in this process, and (fslock, while a prefetcher runs) across processes. */
  private fetchOnce(actionId: string): Promise<LocalEntry | undefined> {
    let fetch = this.remoteFetches.get(actionId);
    if (!fetch) {
      fetch = this.fetchRemote(actionId).finally(() => this.remoteFetches.delete(actionId));
      this.remoteFetches.set(actionId, fetch);
    }
    return fetch;
  }

  private async fetchRemote(actionId: string): Promise<LocalEntry | undefined> {
    const { stats, store, log, config } = this.deps;
    const backend = await this.deps.backend();
    if (!backend) return undefined;
    const lock = await this.deps.locker.acquire(`get-${actionId}`, config.remoteTimeoutMs);
    try {
      // Another go process may have fetched it while we waited for the lock.
      const local = store.get(actionId);
      if (local) {
        stats.add('localHits');
        return local;
      }
      const started = performance.now();
      let remote;
      try {
        remote = await backend.get(actionId);
      } catch (err) {
        if ((err as Error).name === 'IntegrityError') {
          stats.add('verifyRejects');
          log.warn(`rejected the remote object of action ${actionId}: ${(err as Error).message}; treating it as a miss`);
        } else {
          stats.add('remoteErrors');
          log.debug(`remote get ${actionId} failed: ${(err as Error).message}`);
        }
        return undefined;
      } finally {
        stats.time('remoteGet', started);
      }
      if (!remote) return undefined;
      const entry = store.putEntryWithOutput(actionId, { outputId: remote.outputId, size: remote.size, time: remote.time }, remote.body);
      stats.add('remoteHits');
      stats.add('bytesDownloaded', remote.transferredBytes);
      return entry;
    } finally {
      await lock.release();
    }
  }

  private put(request: ParsedRequest): BodySink | undefined {
    const { stats, store } = this.deps;
    const actionId = request.actionId as string;
    const outputId = request.outputId as string;
    const size = request.bodySize;
    const started = performance.now();
    stats.add('puts');
    stats.add('putBytes', size);
    let writer: OutputWriter | undefined;
    let failure: Error | undefined;
    try {
      writer = store.beginOutput(outputId, size);
    } catch (err) {
      failure = err as Error;
    }
    const end = (streamError?: Error): void => {
      const error = streamError ?? failure;
      try {
        if (error || !writer) throw error ?? new Error('no writer');
        writer.finish();
      } catch (err) {
        writer?.abort();
        stats.add('protocolErrors');
        this.deps.log.warn(`put ${actionId} refused: ${(err as Error).message}`);
        this.reply({ ID: request.id, Err: `put ${actionId}: ${(err as Error).message}` });
        return;
      }
      const entry = store.putEntry(actionId, { outputId, size, time: new Date() });
      this.used.add(actionId);
      this.track(this.afterPut(request.id, actionId, entry, started));
    };
    if (size === 0) {
      end();
      return undefined;
    }
    return {
      write: (chunk) => {
        if (failure || !writer) return;
        try {
          writer.write(chunk);
        } catch (err) {
          failure = err as Error;
          writer.abort();
        }
      },
      end,
    };
  }

  private async afterPut(id: number, actionId: string, entry: LocalEntry, started: number): Promise<void> {
    const job: UploadJob = {
      actionId,
      meta: { outputId: entry.outputId, size: entry.size, time: entry.time },
      path: entry.diskPath,
    };
    if (this.deps.config.asyncBackend) {
      this.reply({ ID: id, DiskPath: entry.diskPath });
      this.deps.stats.time('put', started);
      void (await this.uploadQueue())?.add(job);
    } else {
      await (await this.uploadQueue())?.uploadNow(job);
      this.reply({ ID: id, DiskPath: entry.diskPath });
      this.deps.stats.time('put', started);
    }
  }

  private uploadQueue(): Promise<UploadQueue | undefined> {
    this.uploads ??= this.deps.backend().then((backend) =>
      backend && !this.deps.config.readOnly
        ? new UploadQueue(backend, this.deps.stats, this.deps.log, { concurrency: this.deps.config.uploadConcurrency })
        : undefined,
    );
    return this.uploads;
  }

  private async close(id: number): Promise<void> {
    // Every get and put is answered before close is, as go expects.
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
    await this.finish();
    this.reply({ ID: id });
    this.deps.onClosed();
  }

  private async doFinish(uploadWaitMs: number): Promise<void> {
    const { stats, log, config } = this.deps;
    const queue = this.uploads ? await this.uploads : undefined;
    if (queue) {
      stats.add('uploadsPendingAtClose', queue.pending);
      if (queue.pending > 0) {
        log.debug(`waiting up to ${uploadWaitMs} ms for ${queue.pending} upload(s)`);
        await queue.waitIdle(uploadWaitMs);
      }
      const left = queue.unfinished();
      if (left.length > 0) {
        const spool = new Spool(config.spoolDir);
        for (const job of left) {
          const { actionId, meta, path } = job;
          spool.add({ actionId, outputId: meta.outputId, size: meta.size, time: meta.time.toISOString(), path });
        }
        stats.add('spooled', left.length);
        log.info(`${left.length} upload(s) not finished at close were saved to the spool ${config.spoolDir}; run "drain" (the action's post step does) to upload them`);
      }
    }
  }
}
