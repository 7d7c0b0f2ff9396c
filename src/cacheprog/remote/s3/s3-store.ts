import type { S3Config } from '../../config.js';
import { displayEndpoint } from '../../redact.js';
import type { UploadResult } from '../backend.js';
import { underDeadline, uploadDeadlineMs } from '../deadline.js';
import {
  checkObjectKey,
  type GetOptions,
  type ListOptions,
  type ObjectInfo,
  type ObjectStore,
} from '../object-store.js';
import { configuredRegion, isDirectoryBucket, secretsIn } from './client.js';
import { S3ErrorTranslator, S3RequestError, serviceErrorOf } from './errors.js';
import type { SdkTransport } from './sdk-transport.js';
import { getOutcome, type FallbackTransport, type ObjectAnswer } from './transport.js';

export interface S3StoreOptions {
  s3: S3Config;
  /** Deadline of one request, retries included. */
  remoteTimeoutMs: number;
  /** For problems worth one line on stderr that are not failures (a 403 read as a miss). */
  warn(message: string): void;
  /** Where GOBUILDCACHE_AWS_* credentials are read from; process.env by default. */
  env?: NodeJS.ProcessEnv;
  /** Keys per ListObjectsV2 page; S3 caps it at 1000. */
  listPageSize?: number;
}

/** What a store and its views (other prefixes of the same bucket) share: one client's state. */
interface Shared {
  /** Object GETs and PUTs: the direct signed path, falling back to the SDK. */
  objects: FallbackTransport;
  /** Everything else: HeadBucket, listings, deletes, the probe. */
  sdk: SdkTransport;
  errors: S3ErrorTranslator;
  warnedAccessDenied: boolean;
}

/** The objects under one prefix of an S3 bucket: every request under a deadline, every failure an S3RequestError. */
export class S3ObjectStore implements ObjectStore {
  readonly name: string;
  readonly listsAnyPrefix: boolean;
  private readonly bucket: string;
  private readonly listPageSize: number;

  /** Sends nothing; openS3Store (index.ts) makes the transports. */
  static create(objects: FallbackTransport, sdk: SdkTransport, options: S3StoreOptions): S3ObjectStore {
    const { s3 } = options;
    const errors = new S3ErrorTranslator(
      s3.bucket,
      displayEndpoint(s3.endpoint, configuredRegion(s3)),
      secretsIn(options.env ?? process.env, s3.endpoint),
    );
    return new S3ObjectStore({ objects, sdk, errors, warnedAccessDenied: false }, options, s3.prefix, true);
  }

  private constructor(
    private readonly shared: Shared,
    private readonly options: S3StoreOptions,
    /** Every key this store reads or writes starts with it. */
    readonly prefix: string,
    /** A view shares its parent's client, which only the parent closes. */
    private readonly ownsClient: boolean,
  ) {
    this.bucket = options.s3.bucket;
    this.name = `s3://${this.bucket}/${prefix}`;
    this.listsAnyPrefix = !isDirectoryBucket(this.bucket);
    this.listPageSize = Math.min(1000, Math.max(1, options.listPageSize ?? 1000));
  }

  /** Whether object GETs and PUTs still take the direct signed path (-s3-direct-requests). */
  get directRequests(): boolean {
    return this.shared.objects.directRequests;
  }

  view(subPrefix: string): S3ObjectStore {
    if (!subPrefix.endsWith('/') || subPrefix.startsWith('/'))
      throw new TypeError(`a view's prefix must end in '/', got "${subPrefix}"`);
    return new S3ObjectStore(this.shared, this.options, `${this.prefix}${subPrefix}`, false);
  }

  /**
   * GetObject of a whole body. -remote-timeout bounds the wait for the answer's headers; after
   * that, only a stall of -remote-timeout (no bytes at all) ends it, however big the object and
   * slow the link.
   */
  get(key: string, { signal, sink }: GetOptions = {}): Promise<Buffer | undefined> {
    const fullKey = this.fullKey(key);
    const timeoutMs = this.options.remoteTimeoutMs;
    return this.request(
      'GetObject',
      fullKey,
      signal,
      timeoutMs,
      async (abortSignal, progress) => {
        const answer = await this.shared.objects.get(fullKey, { signal: abortSignal, progress }, sink);
        switch (getOutcome(answer)) {
          case 'found':
            return answer.body;
          case 'missing':
            return undefined;
          case 'denied':
            this.warnAccessDeniedOnce(fullKey);
            return undefined;
          default:
            throw failureOf(answer);
        }
      },
      timeoutMs,
    );
  }

  async put(key: string, body: Buffer | readonly Buffer[], signal?: AbortSignal): Promise<UploadResult> {
    const fullKey = this.fullKey(key);
    const length = Buffer.isBuffer(body) ? body.length : body.reduce((n, p) => n + p.length, 0);
    const timeoutMs = uploadDeadlineMs(this.options.remoteTimeoutMs, length);
    await this.request('PutObject', fullKey, signal, timeoutMs, async (abortSignal, progress) => {
      const answer = await this.shared.objects.put(fullKey, body, { signal: abortSignal, progress });
      if (answer.status !== 200) throw failureOf(answer);
    });
    return { transferredBytes: length };
  }

  /**
   * ListObjectsV2 through the SDK's paginator, each page under a deadline of its own. Keys a
   * server returns outside the prefix are skipped, and a server that hands back the token it was
   * given would loop for ever: that is an error. (S3 Express lists in no particular order, so no
   * StartAfter tricks.)
   */
  async *list(keyPrefix: string, { signal, maintenance = false }: ListOptions = {}): AsyncIterable<ObjectInfo[]> {
    const fullPrefix = `${this.prefix}${keyPrefix}`;
    // Maintenance may be slower than the build path: a 1000-key page of a delete can take seconds.
    const timeoutMs = maintenance ? Math.max(this.options.remoteTimeoutMs, 60_000) : this.options.remoteTimeoutMs;
    const send: { abortSignal?: AbortSignal } = {};
    const pages = this.shared.sdk.listPages(fullPrefix, this.listPageSize, send);
    const target = `s3://${this.bucket}/${fullPrefix}`;
    let sent: string | undefined;
    try {
      for (;;) {
        const page = await this.request('ListObjectsV2', target, signal, timeoutMs, (abortSignal) => {
          send.abortSignal = abortSignal;
          return pages.next();
        });
        if (page.done) return;
        const { Contents, IsTruncated, NextContinuationToken: next } = page.value;
        yield (Contents ?? []).flatMap((o) =>
          o.Key?.startsWith(fullPrefix)
            ? [{ key: o.Key.slice(this.prefix.length), size: o.Size, lastModified: o.LastModified }]
            : [],
        );
        if (!IsTruncated || next === undefined) return;
        if (next === sent) {
          throw new S3RequestError(
            `ListObjectsV2 on ${target} returned the same continuation token twice (${this.shared.errors.endpointText})`,
            'ListObjectsV2',
          );
        }
        sent = next;
      }
    } finally {
      // Not awaited: after a deadline, the paginator settles only once its aborted request does.
      void pages.return?.()?.catch(() => {});
    }
  }

  async delete(keys: readonly string[]): Promise<number> {
    const timeoutMs = Math.max(this.options.remoteTimeoutMs, 60_000);
    let deleted = 0;
    for (let i = 0; i < keys.length; i += 1000) {
      const batch = keys.slice(i, i + 1000).map((k) => this.fullKey(k));
      const errors = await this.request(
        'DeleteObjects',
        `${batch.length} objects in ${this.name}`,
        undefined,
        timeoutMs,
        (abortSignal) => this.shared.sdk.deleteObjects(batch, abortSignal),
      );
      deleted += batch.length - errors.length;
      const first = errors[0];
      if (first !== undefined) {
        throw new S3RequestError(
          this.shared.errors.redact(
            `DeleteObjects on ${this.name}: ${errors.length} of ${batch.length} objects were not deleted ` +
              `(${deleted} deleted so far); first: ${first.Key ?? '?'}: ${first.Code ?? 'error'} ${first.Message ?? ''}`.trim(),
          ),
          'DeleteObjects',
          undefined,
          first.Code,
        );
      }
    }
    return deleted;
  }

  /** HeadBucket: proves endpoint, credentials and bucket, and warms the connection (and the S3 Express session). */
  async check(signal?: AbortSignal): Promise<void> {
    await this.request('HeadBucket', `bucket ${this.bucket}`, signal, this.options.remoteTimeoutMs, (abortSignal) =>
      this.shared.sdk.headBucket(abortSignal),
    );
  }

  /**
   * HeadBucket says nothing of the objects: a prefix the store refuses (HTTP 400 on every key) or
   * a policy without s3:GetObject passes it, and the cache would then do nothing, silently, job
   * after job. Through the SDK, which reports the store's code.
   */
  async probe(key: string, signal?: AbortSignal): Promise<void> {
    const fullKey = this.fullKey(key);
    await this.request('GetObject', fullKey, signal, this.options.remoteTimeoutMs, async (abortSignal, progress) => {
      const answer = await this.shared.sdk.get(fullKey, { signal: abortSignal, progress });
      const outcome = getOutcome(answer);
      if (outcome !== 'found' && outcome !== 'missing') throw failureOf(answer);
    });
  }

  async close(): Promise<void> {
    if (this.ownsClient) this.shared.objects.close();
  }

  /** Keys can never reach outside the prefix. */
  private fullKey(key: string): string {
    checkObjectKey(key);
    return `${this.prefix}${key}`;
  }

  /** Runs one request under a deadline and turns any failure into an S3RequestError. */
  private request<T>(
    operation: string,
    target: string,
    signal: AbortSignal | undefined,
    timeoutMs: number,
    call: (abortSignal: AbortSignal, progress: () => void) => Promise<T>,
    stallMs?: number,
  ): Promise<T> {
    return underDeadline(timeoutMs, signal, stallMs, call, (err, deadline) =>
      this.shared.errors.describe(err, operation, target, deadline, signal),
    );
  }

  private warnAccessDeniedOnce(key: string): void {
    if (this.shared.warnedAccessDenied) return;
    this.shared.warnedAccessDenied = true;
    this.options.warn(
      `GetObject ${key} on ${this.shared.errors.endpointText} was denied (HTTP 403 AccessDenied); counting it and any like it as misses. ` +
        'S3 answers 403 instead of 404 for a missing key when the policy lacks s3:ListBucket on the bucket: grant it ' +
        '(and s3:GetObject on the prefix) so that misses and denials can be told apart.',
    );
  }
}

/** The error a failed answer stands for: the SDK's own when it came through the SDK. */
function failureOf(answer: ObjectAnswer): unknown {
  return answer.error ?? serviceErrorOf(answer.status, answer.code);
}
