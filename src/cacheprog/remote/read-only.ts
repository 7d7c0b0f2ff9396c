import { BackendDecorator, type Backend, type EntryMeta, type UploadResult } from './backend.js';

/** Thrown by clear() on a read-only remote. */
export class ReadOnlyError extends Error {
  override readonly name = 'ReadOnlyError';
}

/**
 * A put refused because this process's credentials may not write (a 403 AccessDenied on an
 * earlier put). Final: the upload layer drops the job instead of retrying or spooling it, since
 * no later attempt with the same key can succeed.
 */
export class WritesDeniedError extends Error {
  override readonly name = 'WritesDeniedError';
}

/** The answer a store gives a key that may not write: S3 and versitygw say 403 AccessDenied. */
export function isWriteDenied(err: unknown): boolean {
  const e = err as { status?: number; code?: string } | undefined;
  return e?.status === 403 && (e.code === 'AccessDenied' || e.code === 'AllAccessDisabled');
}

export interface ReadOnlyOptions {
  /** -read-only: never write, from the start. */
  configured: boolean;
  /** Called once, when a denied put switches writes off (the one warning). */
  onWritesDenied?(reason: string): void;
}

/**
 * Where a process decides that it does not write to the remote. With -read-only (pull requests
 * from forks, say) it never does: puts succeed without sending anything, so the upload layer
 * neither retries nor spools them. Otherwise the first put the store denies (a key that may
 * read but not write) switches writes off for the rest of the process with one warning: that
 * put and every later one fail at once with WritesDeniedError, without a request, and reads go on.
 */
export class ReadOnlyBackend extends BackendDecorator {
  private deniedReason: string | undefined;

  constructor(
    inner: Backend,
    private readonly options: ReadOnlyOptions = { configured: true },
  ) {
    super(inner, options.configured ? ' (read-only)' : '');
  }

  /** Whether puts are off: configured so, or denied by the store. */
  get readOnly(): boolean {
    return this.options.configured || this.deniedReason !== undefined;
  }

  override async put(actionId: string, meta: EntryMeta, body: Buffer, signal?: AbortSignal): Promise<UploadResult> {
    if (this.options.configured) return { transferredBytes: 0 };
    if (this.deniedReason !== undefined) throw new WritesDeniedError(this.deniedReason);
    try {
      return await this.inner.put(actionId, meta, body, signal);
    } catch (err) {
      if (!isWriteDenied(err)) throw err;
      if (this.deniedReason === undefined) {
        this.deniedReason = `${this.inner.name} denied a write: ${(err as Error).message}`;
        this.options.onWritesDenied?.(this.deniedReason);
      }
      throw new WritesDeniedError(this.deniedReason);
    }
  }

  override async clear(): Promise<number> {
    if (this.options.configured)
      throw new ReadOnlyError(`${this.inner.name} is read-only (-read-only): refusing to delete remote objects`);
    return this.inner.clear();
  }
}
