import crypto from 'node:crypto';
import {
  BackendDecorator,
  IntegrityError,
  type EntryMeta,
  type RemoteEntry,
  type UploadResult,
  type BodySpill,
} from './backend.js';

/**
 * Small bodies hash in one call; big ones a slice at a time with the loop let go in between, so
 * a 50 MB archive does not freeze the loop that reads go's stdin. Not WebCrypto on the
 * threadpool: it copies its input first, which for a big output doubled the server's peak memory.
 */
const SYNC_HASH_LIMIT = 1024 * 1024;

export async function sha256Hex(body: Buffer): Promise<string> {
  const hash = crypto.createHash('sha256');
  if (body.length <= SYNC_HASH_LIMIT) return hash.update(body).digest('hex');
  for (let at = 0; at < body.length; at += SYNC_HASH_LIMIT) {
    hash.update(body.subarray(at, at + SYNC_HASH_LIMIT));
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return hash.digest('hex');
}

/** Throws IntegrityError unless body is exactly the output that meta describes. */
export async function verifyEntry(actionId: string, meta: EntryMeta, body: Buffer, what: string): Promise<void> {
  checkSize(actionId, meta, body, what);
  checkHash(actionId, meta, await sha256Hex(body), what);
}

/** verifyEntry on the calling thread whatever the size (the pack part writer's own thread). */
export function verifyEntrySync(actionId: string, meta: EntryMeta, body: Buffer, what: string): void {
  checkSize(actionId, meta, body, what);
  checkHash(actionId, meta, crypto.createHash('sha256').update(body).digest('hex'), what);
}

function checkSize(actionId: string, meta: EntryMeta, body: Buffer, what: string): void {
  if (body.length !== meta.size) {
    throw new IntegrityError(
      `${what} for action ${actionId.slice(0, 16)}…: body is ${body.length} bytes, expected ${meta.size}`,
    );
  }
}

function checkHash(actionId: string, meta: EntryMeta, actual: string, what: string): void {
  if (actual !== meta.outputId) {
    throw new IntegrityError(
      `${what} for action ${actionId.slice(0, 16)}…: sha256 is ${actual.slice(0, 16)}…, expected ${meta.outputId.slice(0, 16)}…`,
    );
  }
}

/**
 * The compiler must never see bytes a remote store mangled (or a writer lied about): the go
 * command itself checks only the size of package archives. Puts are checked too, so a body
 * damaged on local disk (spool, drain) is never published for every other job to reject.
 */
export class VerifyingBackend extends BackendDecorator {
  override async get(actionId: string, signal?: AbortSignal, spill?: BodySpill): Promise<RemoteEntry | undefined> {
    const entry = await this.inner.get(actionId, signal, spill);
    if (entry === undefined) return undefined;
    // A spilled body was hashed as it was written, and the writer refused it unless it matched.
    if (entry.spilled) return entry;
    await verifyEntry(actionId, entry, entry.body, 'downloaded object');
    return entry;
  }

  override async put(actionId: string, meta: EntryMeta, body: Buffer, signal?: AbortSignal): Promise<UploadResult> {
    await verifyEntry(actionId, meta, body, 'upload');
    return this.inner.put(actionId, meta, body, signal);
  }
}
