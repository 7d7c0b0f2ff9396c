import { BackendDecorator, type Backend, type EntryMeta, type UploadResult } from './backend.js';

/** Thrown by clear() on a read-only remote. */
export class ReadOnlyError extends Error {
  override readonly name = 'ReadOnlyError';
}

/**
 * -read-only: jobs that must not publish (pull requests from forks, say) still read the
 * shared cache. Puts succeed without sending anything, so the upload layer neither retries
 * nor spools them.
 */
export class ReadOnlyBackend extends BackendDecorator {
  constructor(inner: Backend) {
    super(inner, ' (read-only)');
  }

  override async put(_actionId: string, _meta: EntryMeta, _body: Buffer, _signal?: AbortSignal): Promise<UploadResult> {
    return { transferredBytes: 0 };
  }

  override async clear(): Promise<number> {
    throw new ReadOnlyError(`${this.inner.name} is read-only (-read-only): refusing to delete remote objects`);
  }
}
