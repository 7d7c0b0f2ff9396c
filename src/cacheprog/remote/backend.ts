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
  body: Buffer;
  /** Bytes that crossed the network (after compression), for statistics. */
  transferredBytes: number;
}

export interface UploadResult {
  transferredBytes: number;
}

/**
 * A remote cache, keyed by action id (lower-case hex). Implementations are chained as
 * decorators (circuit breaker ▶ verifying ▶ read-only ▶ s3), so each one does a single job.
 */
export interface Backend {
  readonly name: string;
  /** Resolves undefined on a miss; rejects on a failure (the caller treats that as a miss too). */
  get(actionId: string, signal?: AbortSignal): Promise<RemoteEntry | undefined>;
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

  constructor(protected readonly inner: Backend, suffix = '') {
    this.name = `${inner.name}${suffix}`;
  }

  get(actionId: string, signal?: AbortSignal): Promise<RemoteEntry | undefined> {
    return this.inner.get(actionId, signal);
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
