import fs from 'node:fs';
import type { Config } from './config.js';
import type { Logger } from './log.js';
import type { Backend, BodySpill, EntryMeta } from './remote/backend.js';
import type { Stats } from './stats.js';
import type { LocalEntry, LocalStore, OutputWriter } from './store/local-store.js';
import type { Locker } from './store/locks.js';
import { RemoteLookups } from './remote-lookups.js';
import { OwedUploads } from './uploads/owed-uploads.js';
import type { CacheHandler, PutBody } from './handler.js';

export type Settings = Pick<
  Config,
  'backend' | 'readOnly' | 'asyncBackend' | 'uploadConcurrency' | 'remoteTimeoutMs' | 'spoolDir'
>;

export interface CacheDeps {
  config: Settings;
  store: LocalStore;
  /** Spares duplicate downloads across processes; in one process, fetches are shared anyway. */
  locker: Locker;
  stats: Stats;
  log: Logger;
  /**
   * The remote, set up on first call: a build served from the local cache never loads the SDK.
   * Resolves undefined for the disk backend or a remote that could not be set up.
   */
  backend(): Promise<Backend | undefined>;
}

/** Downloads of bodies this big go to disk as they arrive (see BodySpill); smaller ones are cheaper in memory. */
const SPILL_BYTES = 4 * 1024 * 1024;

/** How one remote fetch ended, for callers that count (the prefetcher). */
export type FetchOutcome =
  | { kind: 'fetched'; entry: LocalEntry; transferredBytes: number }
  | { kind: 'local'; entry: LocalEntry }
  | { kind: 'absent' }
  /** Another process holds the download and the caller would not wait. */
  | { kind: 'busy' }
  | { kind: 'failed'; error: Error };

/**
 * The cache behind every session of a process: the local store with an in-memory index in front,
 * the remote (one fetch-verify-store path for go's gets and the prefetcher, go's waits on it timed
 * by RemoteLookups), the actions known to be absent remotely, and the uploads it owes
 * (OwedUploads: journal, queue, spool). In a job server one of these serves every go command of
 * the job; in per-process mode, one go command.
 */
export class Cache implements CacheHandler {
  private readonly index = new Map<string, LocalEntry>();
  private readonly fetches = new Map<string, Promise<FetchOutcome>>();
  /** Entries on their way by another path (a pack part being downloaded), until they land. */
  private readonly arrivals = new Map<string, Promise<void>>();
  /** Entries whose own remote download is under way. */
  private readonly downloading = new Set<string>();
  /** Remote misses of this process: a second get of the same action (go build, then go test) skips the round trip. */
  private readonly absent = new Set<string>();
  /** Every action served as a hit or stored by a put, in first-use order (a Set keeps insertion order). */
  private readonly used = new Set<string>();
  private readonly lookups: RemoteLookups;
  /** undefined for a cache that writes nothing to a remote. */
  private readonly owed: OwedUploads | undefined;
  private finished: Promise<void> | undefined;

  constructor(private readonly deps: CacheDeps) {
    this.lookups = new RemoteLookups(deps);
    // Read-only is decided once, here: a read-only cache owes the remote nothing.
    const writes = deps.config.backend !== 'disk' && !deps.config.readOnly;
    this.owed = writes ? new OwedUploads(deps) : undefined;
  }

  /** The local store behind this cache (a pack prefetch's writer threads store into it). */
  get store(): LocalStore {
    return this.deps.store;
  }

  /**
   * The local entry, from memory when this process has seen it and its output is still there (a
   * cleanup may have deleted it under a live server), else from disk.
   */
  local(actionId: string): LocalEntry | undefined {
    const known = this.index.get(actionId);
    if (known && fs.statSync(known.diskPath, { throwIfNoEntry: false })?.size === known.size) return known;
    if (known) this.index.delete(actionId);
    const entry = this.deps.store.get(actionId);
    if (entry) this.index.set(actionId, entry);
    return entry;
  }

  getLocal(actionId: string): LocalEntry | undefined {
    const local = this.local(actionId);
    if (local) {
      this.deps.stats.add('localHits');
      this.deps.stats.add('bytesServedLocal', local.size);
      this.used.add(actionId);
    }
    return local;
  }

  /**
   * Hits the job server's bridge answered from the local store's files itself: counted, and
   * recorded for the manifest, as if answered here (the bridge marked them used for the trim).
   */
  servedElsewhere(actionIds: readonly string[], bytes: number): void {
    const { stats } = this.deps;
    stats.add('gets', actionIds.length);
    stats.add('localHits', actionIds.length);
    stats.add('bridgeHits', actionIds.length);
    stats.add('bytesServedLocal', bytes);
    for (const actionId of actionIds) this.used.add(actionId);
  }

  async getRemote(actionId: string): Promise<LocalEntry | undefined> {
    const { stats } = this.deps;
    const outcome = await this.lookups.wait(
      actionId,
      this.fetch(actionId, this.deps.config.remoteTimeoutMs, undefined, true),
    );
    if (outcome?.kind === 'fetched' || outcome?.kind === 'local') {
      stats.add(outcome.kind === 'local' ? 'localHits' : 'remoteHits');
      this.used.add(actionId);
      return outcome.entry;
    }
    stats.add('misses');
    return undefined;
  }

  /**
   * Fetches an entry from the remote into the local store, once per action at a time: a get and
   * the prefetcher asking for the same entry share one download. `lockWaitMs` bounds the wait for
   * another process fetching it (the prefetcher passes 0: that process makes its download moot).
   */
  fetch(actionId: string, lockWaitMs: number, signal?: AbortSignal, goWaits = false): Promise<FetchOutcome> {
    let fetch = this.fetches.get(actionId);
    if (!fetch) {
      const arrival = this.arrivals.get(actionId);
      // An entry whose pack part is downloading: wait for the part, download alone only if it did not bring it.
      const remote = (): Promise<FetchOutcome> => {
        const entry = arrival && this.local(actionId);
        return entry
          ? Promise.resolve({ kind: 'local', entry })
          : this.fetchRemote(actionId, lockWaitMs, signal, goWaits);
      };
      fetch = (arrival ? arrival.then(remote) : remote()).finally(() => this.fetches.delete(actionId));
      this.fetches.set(actionId, fetch);
    }
    return fetch;
  }

  /**
   * Announces an entry that `arrival` is bringing (its pack part is downloading): until it
   * settles, a fetch of that entry waits for it instead of starting a download of its own.
   */
  expect(actionId: string, arrival: Promise<void>): void {
    if (this.arrivals.has(actionId)) return;
    const settled = arrival
      .then(
        () => {},
        () => {},
      )
      .finally(() => this.arrivals.delete(actionId));
    this.arrivals.set(actionId, settled);
  }

  /** Whether a download of this entry alone is under way (a pack part that brings it too can skip it). */
  isDownloading(actionId: string): boolean {
    return this.downloading.has(actionId);
  }

  /** Big downloads stream into the store, hashed as they land, instead of into memory. */
  private readonly spill: BodySpill = {
    minBytes: SPILL_BYTES,
    open: (meta) => this.deps.store.beginOutput(meta.outputId, meta.size),
  };

  /** Stores a verified remote body (a fetch) and indexes it. */
  adopt(actionId: string, meta: EntryMeta, body: Buffer): LocalEntry {
    this.deps.store.putEntryWithOutput(actionId, meta, body);
    return this.stored(actionId, meta);
  }

  /** Indexes an entry another thread stored (a pack part writer): verified, and on disk. */
  stored(actionId: string, meta: EntryMeta): LocalEntry {
    const entry = { ...meta, diskPath: this.deps.store.outputPath(meta.outputId) };
    this.index.set(actionId, entry);
    this.absent.delete(actionId);
    return entry;
  }

  /** goWaits: a lookup of go's, timed for the slow-remote bypass (the prefetcher's downloads are not). */
  private async fetchRemote(
    actionId: string,
    lockWaitMs: number,
    signal: AbortSignal | undefined,
    goWaits: boolean,
  ): Promise<FetchOutcome> {
    const { stats, log } = this.deps;
    if (this.absent.has(actionId) || this.lookups.bypassed) return { kind: 'absent' };
    const backend = await this.deps.backend();
    if (!backend) return { kind: 'absent' };
    const lock = await this.deps.locker.acquire(`get-${actionId}`, lockWaitMs);
    try {
      // Another process may have fetched it while we waited for the lock, or be fetching it now.
      const local = this.local(actionId);
      if (local) return { kind: 'local', entry: local };
      if (!lock.acquired && lockWaitMs === 0) return { kind: 'busy' };
      log.debug(`remote get ${actionId}`);
      const started = performance.now();
      const lookup = goWaits ? this.lookups.time(actionId) : undefined;
      let remote;
      this.downloading.add(actionId);
      try {
        remote = await backend.get(actionId, signal, this.spill);
      } catch (err) {
        if ((err as Error).name === 'IntegrityError') {
          stats.add('verifyRejects');
          log.warnLimited(
            'verification rejects',
            `rejected the remote object of action ${actionId}: ${(err as Error).message}; treating it as a miss`,
          );
        } else if (!signal?.aborted) {
          stats.add('remoteErrors');
          log.debug(`remote get ${actionId} failed: ${(err as Error).message}`);
        }
        return { kind: 'failed', error: err as Error };
      } finally {
        this.downloading.delete(actionId);
        lookup?.done();
        stats.time('remoteGet', started);
      }
      if (!remote) {
        this.absent.add(actionId);
        return { kind: 'absent' };
      }
      const meta = { outputId: remote.outputId, size: remote.size, time: remote.time };
      // A spilled body is already in place (written by the store's verifying writer).
      const entry = remote.spilled
        ? this.stored(actionId, this.deps.store.putEntry(actionId, meta))
        : this.adopt(actionId, meta, remote.body);
      stats.add('bytesDownloaded', remote.transferredBytes);
      return { kind: 'fetched', entry, transferredBytes: remote.transferredBytes };
    } finally {
      await lock.release();
    }
  }

  /** Whether lookups skip a remote slower than compiling (see RemoteLookups). */
  get remoteBypassed(): boolean {
    return this.lookups.bypassed;
  }

  put(actionId: string, outputId: string, size: number): PutBody {
    const { stats, store } = this.deps;
    stats.add('puts');
    stats.add('putBytes', size);
    let writer: OutputWriter | undefined;
    let failure: Error | undefined;
    try {
      writer = store.beginOutput(outputId, size);
    } catch (err) {
      failure = err as Error;
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
      end: async (streamError) => {
        if (streamError) {
          writer?.abort();
          throw streamError;
        }
        let entry: LocalEntry;
        try {
          if (failure || !writer) throw failure ?? new Error('no writer');
          writer.finish();
          entry = store.putEntry(actionId, { outputId, size, time: new Date() });
        } catch (err) {
          writer?.abort();
          if ((err as Error).name === 'BodyMismatchError') throw err;
          return this.notStored(outputId, size, err as NodeJS.ErrnoException);
        }
        this.index.set(actionId, entry);
        this.absent.delete(actionId);
        this.used.add(actionId);
        await this.owed?.add({ actionId, outputId, size, time: entry.time.toISOString(), path: entry.diskPath });
        return entry;
      },
    };
  }

  /**
   * A put the local disk refused (full, read-only, gone for good): go treats a put error as a
   * build error in places (its module index, `go list -export`), so the put is answered as if
   * stored, at the path the output would have had, and nothing is indexed or uploaded. go reads
   * that path again only for `go list -export`. No emergency trim to make room: any entry may
   * have been handed to a live go command (by this process, the bridge, or another process on
   * the cache dir) that has yet to read it; the post step trims to cache-max-size.
   */
  private notStored(outputId: string, size: number, err: NodeJS.ErrnoException): LocalEntry {
    const { stats, log, store } = this.deps;
    stats.add('putsNotStored');
    log.warnOnce(
      `put-${err.code ?? 'local'}`,
      `the local cache cannot store new entries (${err.message}); go keeps building without caching them`,
    );
    return { outputId, size, time: new Date(), diskPath: store.outputPath(outputId) };
  }

  /** Uploads still owed. */
  get pendingUploads(): number {
    return this.owed?.size ?? 0;
  }

  /** What this process used, for the job's manifest: the next run prefetches exactly these. */
  usedActionIds(): string[] {
    return [...this.used];
  }

  /**
   * Waits for uploads up to `uploadWaitMs` and hands what is still owed to the spool for the post
   * step's drain. Safe to call more than once.
   */
  finish(uploadWaitMs: number): Promise<void> {
    this.finished ??= (async () => {
      this.deps.log.flushLimited();
      await this.owed?.finish(uploadWaitMs);
    })();
    return this.finished;
  }
}
