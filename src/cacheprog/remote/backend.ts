/** What the remote keeps for one action: enough to rebuild the local entry in one round trip. */
export interface EntryMeta {
  /** sha256 of the output, 32 bytes, as lower-case hex. */
  outputId: string;
  /** Output length in bytes. */
  size: number;
  /** When go stored the entry (go clean -testcache compares against it). */
  time: Date;
}

export interface RemoteEntry extends EntryMeta {
  /** Empty when the body was spilled: it is then on disk, checked against outputId (see BodySpill). */
  body: Buffer;
  spilled?: boolean;
  /** Bytes that crossed the network (after compression), for statistics. */
  transferredBytes: number;
}

/**
 * Where a big body goes as it downloads, instead of into memory: a download of a 60 MB output
 * would otherwise hold it whole (and the network's chunks until collected) in the job server.
 */
export interface BodySpill {
  /** Bodies (their decoded size) at least this long are spilled; smaller ones come back in memory. */
  minBytes: number;
  /** A writer for the output meta names; its finish throws unless what was written is that output. */
  open(meta: EntryMeta): SpillWriter;
}

export interface SpillWriter {
  write(chunk: Buffer): void;
  finish(): void;
  abort(): void;
}

export interface UploadResult {
  transferredBytes: number;
}

/**
 * A remote cache, keyed by action id (lower-case hex). Implementations are chained as
 * decorators (circuit breaker ▶ verifying ▶ read-only ▶ entries; see open-remote.ts), so each one does a single job.
 */
export interface Backend {
  readonly name: string;
  /** Resolves undefined on a miss; rejects on a failure (the caller treats that as a miss too). */
  get(actionId: string, signal?: AbortSignal, spill?: BodySpill): Promise<RemoteEntry | undefined>;
  put(actionId: string, meta: EntryMeta, body: Buffer, signal?: AbortSignal): Promise<UploadResult>;
  /** Rejects with a message a user can act on when the remote cannot be used. */
  check(signal?: AbortSignal): Promise<void>;
  /** Deletes every object under the backend's prefix; returns how many were deleted. */
  clear(): Promise<number>;
  close(): Promise<void>;
}

/** A verification failure: the remote object is not what its key promises. */
export class IntegrityError extends Error {
  override readonly name = 'IntegrityError';
}

/** Forwards every call to the inner backend, so a decorator overrides only what it changes. */
export abstract class BackendDecorator implements Backend {
  readonly name: string;

  constructor(
    protected readonly inner: Backend,
    suffix = '',
  ) {
    this.name = `${inner.name}${suffix}`;
  }

  get(actionId: string, signal?: AbortSignal, spill?: BodySpill): Promise<RemoteEntry | undefined> {
    return this.inner.get(actionId, signal, spill);
  }

  put(actionId: string, meta: EntryMeta, body: Buffer, signal?: AbortSignal): Promise<UploadResult> {
    return this.inner.put(actionId, meta, body, signal);
  }

  check(signal?: AbortSignal): Promise<void> {
    return this.inner.check(signal);
  }

  clear(): Promise<number> {
    return this.inner.clear();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
