import type { Backend, EntryMeta, RemoteEntry, UploadResult } from './backend.js';

/** Thrown by clear() on a read-only remote. */
export class ReadOnlyError extends Error {
  override readonly name = 'ReadOnlyError';
}

/**
 * -read-only: jobs that must not publish (pull requests from forks, say) still read the
 * shared cache. Puts succeed without sending anything, so the upload layer neither retries
 * nor spools them.
 */
export class ReadOnlyBackend implements Backend {
  readonly name: string;

  constructor(private readonly inner: Backend) {
    this.name = `${inner.name} (read-only)`;
  }

  get(actionId: string, signal?: AbortSignal): Promise<RemoteEntry | undefined> {
    return this.inner.get(actionId, signal);
  }

  async put(_actionId: string, _meta: EntryMeta, _body: Buffer, _signal?: AbortSignal): Promise<UploadResult> {
    return { transferredBytes: 0 };
  }

  check(signal?: AbortSignal): Promise<void> {
    return this.inner.check(signal);
  }

  async clear(): Promise<number> {
    throw new ReadOnlyError(`${this.inner.name} is read-only (-read-only): refusing to delete remote objects`);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
