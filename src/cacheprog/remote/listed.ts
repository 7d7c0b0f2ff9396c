import type { Stats } from '../stats.js';
import {
  BackendDecorator,
  type Backend,
  type EntryMeta,
  type RemoteEntry,
  type UploadResult,
  type BodySpill,
} from './backend.js';

/**
 * What the bucket held when the job server started, listed once: a get for an action that was
 * not there (and not uploaded since by this job) is a miss without a round trip, so a populating
 * run pays no remote lookup per compile. Until the listing arrives, and when the bucket was too
 * big to list, every get asks the bucket. An entry another job uploads meanwhile is missed: that
 * costs a compile, never a wrong result.
 */
export class ListedBackend extends BackendDecorator {
  private known: Set<string> | undefined;

  constructor(
    inner: Backend,
    listing: Promise<Set<string> | undefined>,
    private readonly stats?: Stats,
  ) {
    super(inner);
    void listing.then(
      (ids) => (this.known = ids),
      () => {},
    );
  }

  override get(actionId: string, signal?: AbortSignal, spill?: BodySpill): Promise<RemoteEntry | undefined> {
    if (this.known && !this.known.has(actionId)) {
      this.stats?.add('listedAbsent');
      return Promise.resolve(undefined);
    }
    return this.inner.get(actionId, signal, spill);
  }

  override async put(actionId: string, meta: EntryMeta, body: Buffer, signal?: AbortSignal): Promise<UploadResult> {
    const result = await this.inner.put(actionId, meta, body, signal);
    this.known?.add(actionId);
    return result;
  }
}
