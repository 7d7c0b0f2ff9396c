import type { Bucket } from '@google-cloud/storage';
import type { GcsConfig } from '../../config.js';
import type { UploadResult } from '../backend.js';
import { underDeadline, uploadDeadlineMs } from '../deadline.js';
import {
  checkObjectKey,
  type GetOptions,
  type ListOptions,
  type ObjectInfo,
  type ObjectStore,
} from '../object-store.js';
import { MemorySink, type ResponseSink } from '../spill-sink.js';
import { describeGcsError, GcsRequestError, statusOf } from './errors.js';
import { giveUpOn } from '../../../util/abort.js';

export interface GcsStoreOptions {
  gcs: GcsConfig;
  /** Deadline of one request, retries included. */
  remoteTimeoutMs: number;
  /** Where STORAGE_EMULATOR_HOST and the credentials are read from; process.env by default. */
  env?: NodeJS.ProcessEnv;
  /** Objects per list page; GCS caps it at 1000. */
  listPageSize?: number;
}

/**
 * Finds the credentials before the first request (Application Default Credentials); absent
 * against an emulator. Without it the client would send a request without credentials when it
 * finds none, and report whatever that answer is instead of what was missing.
 */
export type CredentialsLookup = () => Promise<unknown>;

/** Deletes in flight at once: GCS has no multi-object delete in its JSON API. */
const DELETE_CONCURRENCY = 16;

/**
 * The objects under one prefix of a Google Cloud Storage bucket, through the official client
 * (@google-cloud/storage, JSON API): every request under a deadline, every failure a
 * GcsRequestError. The client's own requests take no AbortSignal except the streams' ones, so a
 * deadline ends a download or an upload by destroying its stream, and a listing or a metadata
 * read by giving up on it.
 */
export class GcsObjectStore implements ObjectStore {
  readonly name: string;
  readonly listsAnyPrefix = true;
  private readonly listPageSize: number;

  constructor(
    private readonly bucket: Bucket,
    private readonly options: GcsStoreOptions,
    /** Shared with the views: resolves once the credentials are found (see CredentialsLookup). */
    private readonly credentials: { lookup?: CredentialsLookup; found?: Promise<unknown> },
    /** The endpoint as users may see it: the emulator's address, or storage.googleapis.com. */
    private readonly endpointText: string,
    /** Every key this store reads or writes starts with it. */
    readonly prefix: string = options.gcs.prefix,
  ) {
    this.name = `gs://${bucket.name}/${prefix}`;
    this.listPageSize = Math.min(1000, Math.max(1, options.listPageSize ?? 1000));
  }

  view(subPrefix: string): GcsObjectStore {
    if (!subPrefix.endsWith('/') || subPrefix.startsWith('/'))
      throw new TypeError(`a view's prefix must end in '/', got "${subPrefix}"`);
    return new GcsObjectStore(
      this.bucket,
      this.options,
      this.credentials,
      this.endpointText,
      `${this.prefix}${subPrefix}`,
    );
  }

  /** -remote-timeout bounds the wait for the answer's headers; after that only a stall of as long ends it. */
  get(key: string, { signal, sink }: GetOptions = {}): Promise<Buffer | undefined> {
    const fullKey = this.fullKey(key);
    const timeoutMs = this.options.remoteTimeoutMs;
    return this.request(
      'objects.get',
      this.url(fullKey),
      signal,
      timeoutMs,
      (abortSignal, progress) =>
        new Promise<Buffer | undefined>((resolve, reject) => {
          const stream = this.bucket.file(fullKey).createReadStream({ validation: false, decompress: false });
          let target: ResponseSink | undefined;
          const open = (length: number): ResponseSink => (target ??= sink ? sink(length) : new MemorySink(length));
          const onAbort = (): void => void stream.destroy(abortSignal.reason as Error);
          abortSignal.addEventListener('abort', onAbort, { once: true });
          const settle = (): void => abortSignal.removeEventListener('abort', onAbort);
          stream.on('response', (res: { headers?: Record<string, string | undefined> }) => {
            progress();
            open(Number(res.headers?.['content-length'] ?? NaN));
          });
          stream.on('data', (chunk: Buffer) => {
            progress();
            open(NaN).push(chunk);
          });
          stream.on('end', () => {
            settle();
            open(0).end().then(resolve, reject);
          });
          stream.on('error', (err) => {
            settle();
            target?.abort();
            if (statusOf(err) === 404) resolve(undefined);
            else reject(err);
          });
        }),
      timeoutMs,
    );
  }

  /** A simple (non-resumable) upload; the parts of a body are written to it one after another. */
  async put(key: string, body: Buffer | readonly Buffer[], signal?: AbortSignal): Promise<UploadResult> {
    const fullKey = this.fullKey(key);
    const parts = Buffer.isBuffer(body) ? [body] : body;
    const length = parts.reduce((n, p) => n + p.length, 0);
    const timeoutMs = uploadDeadlineMs(this.options.remoteTimeoutMs, length);
    await this.request(
      'objects.insert',
      this.url(fullKey),
      signal,
      timeoutMs,
      (abortSignal, progress) =>
        new Promise<void>((resolve, reject) => {
          const stream = this.bucket.file(fullKey).createWriteStream({
            resumable: false,
            validation: false,
            contentType: 'application/octet-stream',
          });
          const onAbort = (): void => void stream.destroy(abortSignal.reason as Error);
          abortSignal.addEventListener('abort', onAbort, { once: true });
          stream.on('finish', () => {
            abortSignal.removeEventListener('abort', onAbort);
            resolve();
          });
          stream.on('error', (err) => {
            abortSignal.removeEventListener('abort', onAbort);
            reject(err);
          });
          for (const part of parts) stream.write(part, () => progress());
          stream.end();
        }),
    );
    return { transferredBytes: length };
  }

  /** objects.list page by page, each under a deadline of its own; a token handed back twice is an error. */
  async *list(keyPrefix: string, { signal, maintenance = false }: ListOptions = {}): AsyncIterable<ObjectInfo[]> {
    const fullPrefix = `${this.prefix}${keyPrefix}`;
    const timeoutMs = maintenance ? Math.max(this.options.remoteTimeoutMs, 60_000) : this.options.remoteTimeoutMs;
    const target = this.url(fullPrefix);
    let pageToken: string | undefined;
    for (;;) {
      const [files, next] = await this.request('objects.list', target, signal, timeoutMs, (abortSignal) =>
        giveUpOn(
          this.bucket.getFiles({ prefix: fullPrefix, maxResults: this.listPageSize, pageToken, autoPaginate: false }),
          abortSignal,
        ),
      );
      yield files.flatMap((f) =>
        f.name.startsWith(fullPrefix)
          ? [
              {
                key: f.name.slice(this.prefix.length),
                size: f.metadata.size === undefined ? undefined : Number(f.metadata.size),
                lastModified: f.metadata.updated ? new Date(f.metadata.updated) : undefined,
              },
            ]
          : [],
      );
      const token = (next as { pageToken?: string } | null | undefined)?.pageToken;
      if (!token) return;
      if (token === pageToken)
        throw new GcsRequestError(
          `objects.list on ${target} returned the same page token twice (${this.endpointText})`,
          'objects.list',
        );
      pageToken = token;
    }
  }

  /** objects.delete of each key, DELETE_CONCURRENCY at a time; a key already gone counts as deleted. */
  async delete(keys: readonly string[]): Promise<number> {
    const timeoutMs = Math.max(this.options.remoteTimeoutMs, 60_000);
    const fullKeys = keys.map((k) => this.fullKey(k));
    let deleted = 0;
    let first: unknown;
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < fullKeys.length && first === undefined) {
        const key = fullKeys[next++];
        try {
          await this.request('objects.delete', this.url(key), undefined, timeoutMs, (abortSignal) =>
            giveUpOn(this.bucket.file(key).delete({ ignoreNotFound: true }), abortSignal),
          );
          deleted++;
        } catch (err) {
          first ??= err;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(DELETE_CONCURRENCY, fullKeys.length) }, worker));
    if (first !== undefined) {
      throw new GcsRequestError(
        `deleting ${keys.length} objects in ${this.name} stopped after ${deleted}: ${(first as Error).message}`,
        'objects.delete',
        (first as GcsRequestError).status,
        (first as GcsRequestError).code,
      );
    }
    return deleted;
  }

  /**
   * A one-object listing of the prefix: proves endpoint, credentials, bucket and list permission,
   * and warms the connection and the access token. Not buckets.get, which a role limited to
   * objects (roles/storage.objectUser) does not grant.
   */
  async check(signal?: AbortSignal): Promise<void> {
    const target = this.url(this.prefix);
    await this.request('objects.list', target, signal, this.options.remoteTimeoutMs, (abortSignal) =>
      giveUpOn(this.bucket.getFiles({ prefix: this.prefix, maxResults: 1, autoPaginate: false }), abortSignal),
    );
  }

  /** objects.get of key's metadata: found or missing passes, anything else (a denial) fails. */
  async probe(key: string, signal?: AbortSignal): Promise<void> {
    const fullKey = this.fullKey(key);
    await this.request('objects.get', this.url(fullKey), signal, this.options.remoteTimeoutMs, async (abortSignal) => {
      try {
        await giveUpOn(this.bucket.file(fullKey).getMetadata(), abortSignal);
      } catch (err) {
        if (statusOf(err) !== 404) throw err;
      }
    });
  }

  /** The client keeps no connections of its own to close: its agent's idle sockets do not hold the process. */
  async close(): Promise<void> {}

  /** Keys can never reach outside the prefix. */
  private fullKey(key: string): string {
    checkObjectKey(key);
    return `${this.prefix}${key}`;
  }

  private url(fullKey: string): string {
    return `gs://${this.bucket.name}/${fullKey}`;
  }

  /** Runs one request under a deadline and turns any failure into a GcsRequestError. */
  private request<T>(
    operation: string,
    target: string,
    signal: AbortSignal | undefined,
    timeoutMs: number,
    call: (abortSignal: AbortSignal, progress: () => void) => Promise<T>,
    stallMs?: number,
  ): Promise<T> {
    return underDeadline(
      timeoutMs,
      signal,
      stallMs,
      async (abortSignal, progress) => {
        const { lookup } = this.credentials;
        if (lookup !== undefined) {
          // A failed lookup is tried again by the next request (a metadata server that was slow).
          this.credentials.found ??= lookup().catch((err: unknown) => {
            this.credentials.found = undefined;
            throw err;
          });
          await giveUpOn(this.credentials.found, abortSignal);
        }
        return call(abortSignal, progress);
      },
      (err, deadline) =>
        describeGcsError(
          err,
          { bucket: this.bucket.name, endpointText: this.endpointText, operation, target },
          deadline,
          signal,
        ),
    );
  }
}
