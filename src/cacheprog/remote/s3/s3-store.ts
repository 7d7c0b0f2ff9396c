import type { S3Client } from '@aws-sdk/client-s3';
import type { S3Config } from '../config.js';
import type { Backend, BodySpill, EntryMeta, RemoteEntry, UploadResult } from './backend.js';
import { BodySink } from './body-sink.js';
import { MemorySink, SpillSink, type ResponseSink } from './spill-sink.js';
import { decodeObject, encodeObjectParts, objectKey } from './object-format.js';
import type { ObjectResponse, SignedObjectClient } from './signed-object-client.js';
import { displayEndpoint, redactUrlCredentials, urlCredentials } from '../redact.js';
import { HEX_ID } from '../protocol/types.js';

// Type-only import: the SDK itself is loaded in S3Backend.create, so the entry bundle stays
// small and the go handshake is answered before 100-300 ms of SDK loading.
type S3Module = typeof import('@aws-sdk/client-s3');

export interface S3BackendOptions {
  s3: S3Config;
  /** Deadline of one request, retries included. */
  remoteTimeoutMs: number;
  compression: boolean;
  /** For problems worth one line on stderr that are not failures (a 403 read as a miss). */
  warn(message: string): void;
  /** Where GOBUILDCACHE_AWS_* credentials are read from. */
  env?: NodeJS.ProcessEnv;
  /** Attempts per request, the first included. */
  maxAttempts?: number;
  maxSockets?: number;
  /** Keys per ListObjectsV2 page in clear(); S3 caps it at 1000. */
  listPageSize?: number;
}

/** A failed S3 request, with what a user needs to act: operation, target, endpoint, status, code. */
export class S3RequestError extends Error {
  override readonly name = 'S3RequestError';

  constructor(
    message: string,
    readonly operation: string,
    readonly status?: number,
    readonly code?: string,
    readonly timedOut = false,
  ) {
    super(message);
  }
}

/** The shape every SDK service error has; duck-typed because the classes live in the lazy module. */
interface ServiceErrorLike {
  name: string;
  message: string;
  $metadata?: { httpStatusCode?: number };
  $response?: { headers?: Record<string, string | undefined> };
}

function isServiceError(err: unknown): err is ServiceErrorLike {
  return typeof err === 'object' && err !== null && '$fault' in err && '$metadata' in err;
}

function statusOf(err: unknown): number | undefined {
  return isServiceError(err) ? err.$metadata?.httpStatusCode : undefined;
}

/**
 * The slowest transfer rate an upload is allowed before it counts as dead: its deadline is
 * -remote-timeout plus its size at this rate (a 3.6 MB object: 10 s + 110 s). It is a floor for
 * cutting a dead connection, not a speed anyone should build with: far below any link a CI
 * runner has, and uploads run beside the build, so a slow one delays nothing but itself.
 */
export const MIN_UPLOAD_BYTES_PER_SECOND = 32 * 1024;

/** The deadline of an upload of this many bytes (see MIN_UPLOAD_BYTES_PER_SECOND). */
export function uploadDeadlineMs(remoteTimeoutMs: number, bytes: number): number {
  return remoteTimeoutMs + Math.ceil((bytes * 1000) / MIN_UPLOAD_BYTES_PER_SECOND);
}

/**
 * Per-request deadline joined with the caller's signal, cleared as soon as the request ends.
 * A download's size is unknown until its headers arrive, so a fixed total would cut big objects
 * on slow links: once the answer starts (progress()), the deadline turns into a stall timeout
 * that fires only when no byte has arrived for stallMs.
 */
class Deadline {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout;
  private lastProgress = 0;
  private streaming = false;
  timedOut = false;

  // Hand-rolled instead of AbortSignal.any(AbortSignal.timeout(), outer): that pins a live timer
  // per request until it fires and has leaked dependants of long-lived outer signals in Node 20/22.
  constructor(
    readonly ms: number,
    private readonly outer?: AbortSignal,
    readonly stallMs = ms,
  ) {
    this.timer = this.arm(ms);
    if (outer?.aborted) this.controller.abort(outer.reason);
    else outer?.addEventListener('abort', this.onOuterAbort, { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Whether the deadline fired after the answer had started (a stall, not a missing answer). */
  get stalled(): boolean {
    return this.timedOut && this.streaming;
  }

  /** Bytes (or headers) arrived. Costs a clock read: the timer is re-armed only when it fires. */
  readonly progress = (): void => {
    this.lastProgress = performance.now();
    if (this.streaming) return;
    this.streaming = true;
    clearTimeout(this.timer);
    this.timer = this.arm(this.stallMs);
  };

  private arm(ms: number): NodeJS.Timeout {
    const timer = setTimeout(() => {
      const idle = performance.now() - this.lastProgress;
      if (this.streaming && idle < this.stallMs) {
        this.timer = this.arm(this.stallMs - idle);
        return;
      }
      this.timedOut = true;
      this.controller.abort(new Error(this.streaming ? `no bytes for ${this.stallMs} ms` : `deadline of ${this.ms} ms exceeded`));
    }, ms);
    timer.unref();
    return timer;
  }

  private readonly onOuterAbort = (): void => {
    this.controller.abort(this.outer?.reason);
  };

  dispose(): void {
    clearTimeout(this.timer);
    this.outer?.removeEventListener('abort', this.onOuterAbort);
  }
}

/** Credentials given as GOBUILDCACHE_AWS_*, which keeps them out of the environment of the tests go runs. */
function prefixedCredentials(env: NodeJS.ProcessEnv): { accessKeyId: string; secretAccessKey: string; sessionToken?: string } | undefined {
  const accessKeyId = env.GOBUILDCACHE_AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.GOBUILDCACHE_AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) return undefined;
  return { accessKeyId, secretAccessKey, sessionToken: env.GOBUILDCACHE_AWS_SESSION_TOKEN || undefined };
}

/** Values that must never reach a log line, longest first so a token containing a key is cut whole. */
function secretsIn(env: NodeJS.ProcessEnv, endpoint: string | undefined): string[] {
  const names = ['AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_ACCESS_KEY_ID'];
  const values = [...names.flatMap((n) => [env[n], env[`GOBUILDCACHE_${n}`]]), ...urlCredentials(endpoint)];
  return values.filter((v): v is string => typeof v === 'string' && v.length >= 8).sort((a, b) => b.length - a.length);
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED']);

/** What a backend and its views (other prefixes of the same bucket) share: one connection's state. */
interface SharedState {
  direct: SignedObjectClient | undefined;
  warnedAccessDenied: boolean;
}

const DIRECTORY_BUCKET = /--x-s3$/;

export class S3Backend implements Backend {
  readonly name: string;
  private readonly bucket: string;
  /** Every key this backend reads or writes starts with it. */
  readonly prefix: string;
  private readonly endpointText: string;
  private readonly secrets: string[];
  private readonly listPageSize: number;
  private readonly shared: SharedState;
  /** A view (see view()) shares its parent's client, which only the parent closes. */
  private readonly ownsClient: boolean;

  /** Loads the SDK (the slow part) and builds a client; sends nothing. */
  static async create(options: S3BackendOptions): Promise<S3Backend> {
    // On Node < 22 the SDK prints a 7-line support notice into the stderr of every go command;
    // it is not about the build (the action runs node24), so keep go's output to our one warning.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    const { sdk, SignedObjectClient } = await import('./s3-runtime.js');
    const backend = new S3Backend(sdk, options);
    if (options.s3.directRequests) {
      // The SDK's own region resolution (env, profile) so both paths sign for the same region.
      const region = await backend.client.config.region().catch(() => undefined);
      const credentials = async () => backend.client.config.credentials();
      backend.direct = SignedObjectClient.create(options.s3, region, credentials, options.env ?? process.env, options.maxSockets ?? 128);
    }
    return backend;
  }

  private readonly client: S3Client;

  /** The lean request path for entry GETs and PUTs; undefined when only the SDK can reach the bucket. */
  private get direct(): SignedObjectClient | undefined {
    return this.shared.direct;
  }

  private set direct(client: SignedObjectClient | undefined) {
    this.shared.direct = client;
  }

  /** Whether object GETs and PUTs still take the direct signed path (-s3-direct-requests). */
  get directRequests(): boolean {
    return this.direct !== undefined;
  }

  private constructor(
    private readonly sdk: S3Module,
    private readonly options: S3BackendOptions,
    parent?: S3Backend,
  ) {
    const { s3 } = options;
    const env = options.env ?? process.env;
    this.bucket = s3.bucket;
    this.prefix = s3.prefix;
    this.name = `s3://${s3.bucket}/${s3.prefix}`;
    this.ownsClient = parent === undefined;
    this.shared = parent?.shared ?? { direct: undefined, warnedAccessDenied: false };
    // Custom endpoints (versitygw, Tigris, R2) ignore or want 'auto'; AWS resolves it from the SDK chain.
    const region = s3.region ?? (s3.endpoint !== undefined ? 'us-east-1' : undefined);
    this.endpointText = displayEndpoint(s3.endpoint, region);
    this.secrets = secretsIn(env, s3.endpoint);
    this.listPageSize = Math.min(1000, Math.max(1, options.listPageSize ?? 1000));
    const whenRequired = s3.checksumWhenRequired ? ('WHEN_REQUIRED' as const) : undefined;
    const maxSockets = options.maxSockets ?? 128;
    const agent = { keepAlive: true, maxSockets };
    this.client = parent?.client ?? new sdk.S3Client({
      region,
      endpoint: s3.endpoint,
      forcePathStyle: s3.pathStyle,
      credentials: prefixedCredentials(env),
      // The SDK's standard backoff is fine for one or two retries; its default budget is not,
      // on a build's critical path. The deadline below bounds the total either way.
      maxAttempts: options.maxAttempts ?? 3,
      retryMode: 'standard',
      requestChecksumCalculation: whenRequired,
      responseChecksumValidation: whenRequired,
      // Options, not a NodeHttpHandler instance: @smithy/node-http-handler is the SDK's
      // dependency, not ours, and the SDK builds the handler from this object itself.
      requestHandler: {
        connectionTimeout: Math.min(3000, options.remoteTimeoutMs),
        // ~-p gets at once, plus background uploads: the default 50 sockets would queue them.
        httpAgent: agent,
        httpsAgent: agent,
      },
    });
  }

  /**
   * The same bucket, client and connections under <prefix><subPrefix> (a write or read scope).
   * Closing a view does nothing; closing this backend closes the client they share.
   */
  view(subPrefix: string): S3Backend {
    if (!subPrefix.endsWith('/') || subPrefix.startsWith('/')) throw new TypeError(`a view's prefix must end in '/', got "${subPrefix}"`);
    return new S3Backend(this.sdk, { ...this.options, s3: { ...this.options.s3, prefix: `${this.prefix}${subPrefix}` } }, this);
  }

  async get(actionId: string, signal?: AbortSignal, spill?: BodySpill): Promise<RemoteEntry | undefined> {
    const key = objectKey(this.prefix, actionId);
    let sink: SpillSink | undefined;
    // A new sink per response: one that is not 200 (a miss, an error document) is only collected.
    const sinkFor = spill && ((status: number, length: number): ResponseSink => {
      if (status !== 200) return new MemorySink(length);
      sink = new SpillSink(actionId, spill, length, `remote object for action ${actionId.slice(0, 16)}…`);
      return sink;
    });
    let raw: Buffer | undefined;
    try {
      raw = await this.getObject(key, signal, this.options.remoteTimeoutMs, sinkFor);
    } catch (err) {
      // The request's error wrapping would make a bad object look like a network failure.
      if (sink?.failure) throw sink.failure;
      throw err;
    }
    if (raw === undefined) return undefined;
    if (sink?.spilled) return { ...sink.spilled, body: raw, spilled: true, transferredBytes: sink.transferred };
    const decoded = await decodeObject(raw, actionId);
    return { ...decoded.meta, body: decoded.body, transferredBytes: raw.length };
  }

  /**
   * The bytes stored at <prefix><key>, undefined when there is no such object. For the objects
   * that are not cache entries (manifests): no codec, no verification — the caller checks them.
   */
  getRaw(key: string, signal?: AbortSignal): Promise<Buffer | undefined> {
    return this.getObject(this.rawKey(key), signal, this.options.remoteTimeoutMs);
  }

  async putRaw(key: string, data: Buffer, signal?: AbortSignal): Promise<UploadResult> {
    const fullKey = this.rawKey(key);
    const timeoutMs = uploadDeadlineMs(this.options.remoteTimeoutMs, data.length);
    await this.request('PutObject', fullKey, signal, timeoutMs, (abortSignal) =>
      this.client.send(
        new this.sdk.PutObjectCommand({ Bucket: this.bucket, Key: fullKey, Body: data, ContentLength: data.length, ContentType: 'application/octet-stream' }),
        { abortSignal },
      ),
    );
    return { transferredBytes: data.length };
  }

  /**
   * The key (relative to the prefix) of the most recently written object under <prefix><keyPrefix>,
   * or undefined when there is none. keyPrefix must end in '/': S3 Express lists nothing else.
   */
  async newestUnder(keyPrefix: string, signal?: AbortSignal): Promise<string | undefined> {
    if (!keyPrefix.endsWith('/')) throw new TypeError(`a list prefix must end in '/', got "${keyPrefix}"`);
    const fullPrefix = this.rawKey(keyPrefix);
    let newest: { key: string; time: number } | undefined;
    let token: string | undefined;
    // Bounded: a restore prefix holds one manifest per branch, not thousands of pages.
    for (let page = 0; page < 20; page++) {
      const out = await this.request('ListObjectsV2', `s3://${this.bucket}/${fullPrefix}`, signal, this.options.remoteTimeoutMs, (abortSignal) =>
        this.client.send(new this.sdk.ListObjectsV2Command({ Bucket: this.bucket, Prefix: fullPrefix, ContinuationToken: token }), { abortSignal }),
      );
      for (const o of out.Contents ?? []) {
        const time = o.LastModified?.getTime() ?? 0;
        if (o.Key?.startsWith(fullPrefix) && (newest === undefined || time > newest.time)) newest = { key: o.Key, time };
      }
      token = out.IsTruncated ? out.NextContinuationToken : undefined;
      if (!token) break;
    }
    return newest?.key.slice(this.prefix.length);
  }

  /**
   * Every action id stored under the prefix, listed in parallel shards by the first hex digit
   * (S3 Express directory buckets list only by '/'-terminated prefixes, so there one lister walks
   * it all). Undefined when the listing passes `cap` ids: a bucket that big is asked key by key.
   */
  async listActionIds(cap: number, signal?: AbortSignal): Promise<Set<string> | undefined> {
    const root = objectKey(this.prefix, '0'.repeat(64)).slice(0, -64);
    const shards = DIRECTORY_BUCKET.test(this.bucket) ? [root] : [...'0123456789abcdef'].map((c) => `${root}${c}`);
    const ids = new Set<string>();
    let over = false;
    await Promise.all(
      shards.map(async (prefix) => {
        let token: string | undefined;
        do {
          const out = await this.request('ListObjectsV2', `s3://${this.bucket}/${prefix}`, signal, this.options.remoteTimeoutMs, (abortSignal) =>
            this.client.send(new this.sdk.ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token, MaxKeys: this.listPageSize }), { abortSignal }),
          );
          for (const o of out.Contents ?? []) {
            const id = o.Key?.slice(root.length);
            if (id && HEX_ID.test(id)) ids.add(id);
          }
          if (ids.size > cap) over = true;
          token = out.IsTruncated && !over ? out.NextContinuationToken : undefined;
        } while (token);
      }),
    );
    return over ? undefined : ids;
  }

  /**
   * GetObject of a whole body; undefined for a missing key (and for a denied one, after one
   * warning). timeoutMs bounds the wait for the answer's headers; after that, only a stall of
   * -remote-timeout (no bytes at all) ends it, however big the object and slow the link.
   */
  private getObject(key: string, signal: AbortSignal | undefined, timeoutMs: number, sinkFor?: (status: number, length: number) => ResponseSink): Promise<Buffer | undefined> {
    return this.request('GetObject', key, signal, timeoutMs, async (abortSignal, progress) => {
      // Only the lean path spills: the SDK's, rarely taken, collects the body in memory.
      const direct = await this.tryDirect('GET', key, undefined, abortSignal, progress, sinkFor);
      if (direct?.status === 200) return direct.body;
      if (direct !== undefined && this.isAbsent(key, direct.status, direct.code)) return undefined;
      try {
        const out = await this.client.send(new this.sdk.GetObjectCommand({ Bucket: this.bucket, Key: key }), { abortSignal });
        progress();
        // In Node the body is an http.IncomingMessage (a Readable), whatever the union type says.
        return await readBody(out.Body as unknown as SdkBody | undefined, out.ContentLength, abortSignal, progress);
      } catch (err) {
        if (isServiceError(err) && this.isAbsent(key, statusOf(err), err.name)) return undefined;
        throw err;
      }
    }, this.options.remoteTimeoutMs);
  }

  /**
   * Whether a failed GetObject means "no such object": a missing key, or a denied one (after one
   * warning). A missing bucket is a configuration error, not a miss: it counts as a failure.
   */
  private isAbsent(key: string, status: number | undefined, code: string | undefined): boolean {
    if ((status === 404 && code !== 'NoSuchBucket') || code === 'NoSuchKey') return true;
    if (code !== 'AccessDenied') return false;
    this.warnAccessDeniedOnce(key);
    return true;
  }

  /**
   * One request on the lean path, or undefined when there is none or the network failed on it
   * (the SDK's path then retries). An answer that says the lean path is addressed or signed
   * differently from what the store wants switches it off for good: the SDK knows better.
   */
  private async tryDirect(
    method: 'GET' | 'PUT',
    key: string,
    body: Buffer | readonly Buffer[] | undefined,
    abortSignal: AbortSignal,
    progress?: () => void,
    sinkFor?: (status: number, length: number) => ResponseSink,
  ): Promise<ObjectResponse | undefined> {
    const direct = this.direct;
    if (direct === undefined) return undefined;
    let response: ObjectResponse;
    try {
      response = await direct.send(method, key, body, abortSignal, progress, sinkFor);
    } catch (err) {
      // An object that is not what its key says is an answer, not a reason to ask the SDK again.
      if (abortSignal.aborted || (err as Error).name === 'IntegrityError') throw err;
      return undefined;
    }
    const refused = response.status === 301 || response.status === 307 || response.status === 400 || (response.status === 403 && response.code !== 'AccessDenied');
    if (refused && this.direct === direct) {
      this.direct = undefined;
      direct.close();
    }
    return response;
  }

  /** Raw keys live beside the entries' <prefix>v1/ space and can never reach outside the prefix. */
  private rawKey(key: string): string {
    if (key === '' || key.startsWith('/') || key.split('/').some((s) => s === '.' || s === '..')) {
      throw new TypeError(`invalid object key "${key.slice(0, 80)}"`);
    }
    return `${this.prefix}${key}`;
  }

  async put(actionId: string, meta: EntryMeta, body: Buffer, signal?: AbortSignal): Promise<UploadResult> {
    const key = objectKey(this.prefix, actionId);
    const parts = await encodeObjectParts(actionId, meta, body, { compression: this.options.compression });
    const length = parts[0].length + parts[1].length;
    const timeoutMs = uploadDeadlineMs(this.options.remoteTimeoutMs, length);
    await this.request('PutObject', key, signal, timeoutMs, async (abortSignal) => {
      if ((await this.tryDirect('PUT', key, parts, abortSignal))?.status === 200) return;
      await this.client.send(
        new this.sdk.PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          // A Buffer with a length, never a stream: streams switch the SDK to aws-chunked
          // uploads, which Tigris, R2 and others reject. Joined here only, off the lean path.
          Body: Buffer.concat(parts, length),
          ContentLength: length,
          ContentType: 'application/octet-stream',
        }),
        { abortSignal },
      );
    });
    return { transferredBytes: length };
  }

  /** HeadBucket: proves endpoint, credentials and bucket, and warms the connection (and the S3 Express session). */
  async check(signal?: AbortSignal): Promise<void> {
    await this.request('HeadBucket', `bucket ${this.bucket}`, signal, this.options.remoteTimeoutMs, (abortSignal) =>
      this.client.send(new this.sdk.HeadBucketCommand({ Bucket: this.bucket }), { abortSignal }),
    );
  }

  /**
   * GetObject of a key under the prefix that no entry has. HeadBucket says nothing of the objects:
   * a prefix the store refuses (HTTP 400 on every key) or a policy without s3:GetObject passes
   * it, and the cache would then do nothing, silently, job after job. A missing key is the
   * answer expected; a present one is as good. Through the SDK, which reports the store's code.
   */
  async probeObjects(signal?: AbortSignal): Promise<void> {
    const key = objectKey(this.prefix, '0'.repeat(64));
    await this.request('GetObject', key, signal, this.options.remoteTimeoutMs, async (abortSignal) => {
      try {
        const out = await this.client.send(new this.sdk.GetObjectCommand({ Bucket: this.bucket, Key: key }), { abortSignal });
        (out.Body as unknown as { destroy?: () => void } | undefined)?.destroy?.();
      } catch (err) {
        if (isServiceError(err) && ((statusOf(err) === 404 && err.name !== 'NoSuchBucket') || err.name === 'NoSuchKey')) return;
        throw err;
      }
    });
  }

  /**
   * Deletes every object under the prefix, page by page, and nothing else: keys a server
   * returns outside the prefix are skipped, and the loop follows continuation tokens (S3 Express
   * lists in no particular order, so no StartAfter tricks).
   */
  async clear(): Promise<number> {
    // Maintenance may be slower than the build path: a 1000-key delete can take seconds.
    const timeoutMs = Math.max(this.options.remoteTimeoutMs, 60_000);
    let deleted = 0;
    let token: string | undefined;
    do {
      const page = await this.request('ListObjectsV2', `s3://${this.bucket}/${this.prefix}`, undefined, timeoutMs, (abortSignal) =>
        this.client.send(
          new this.sdk.ListObjectsV2Command({
            Bucket: this.bucket,
            Prefix: this.prefix === '' ? undefined : this.prefix,
            ContinuationToken: token,
            MaxKeys: this.listPageSize,
          }),
          { abortSignal },
        ),
      );
      const keys = (page.Contents ?? [])
        .map((o) => o.Key)
        .filter((k): k is string => typeof k === 'string' && k.startsWith(this.prefix));
      if (keys.length > 0) deleted += await this.deleteKeys(keys, timeoutMs);
      const next = page.IsTruncated ? page.NextContinuationToken : undefined;
      if (next !== undefined && next === token) {
        throw new S3RequestError(`ListObjectsV2 on ${this.name} returned the same continuation token twice (${this.endpointText})`, 'ListObjectsV2');
      }
      token = next;
    } while (token);
    return deleted;
  }

  async close(): Promise<void> {
    if (!this.ownsClient) return;
    this.direct?.close();
    this.client.destroy();
  }

  private async deleteKeys(keys: string[], timeoutMs: number): Promise<number> {
    let deleted = 0;
    for (let i = 0; i < keys.length; i += 1000) {
      const batch = keys.slice(i, i + 1000);
      // DeleteObjects requires an integrity header; S3 Express has no MD5, and the SDK adds
      // CRC32 for it even with WHEN_REQUIRED, because this operation requires one.
      const out = await this.request('DeleteObjects', `${batch.length} objects in s3://${this.bucket}/${this.prefix}`, undefined, timeoutMs, (abortSignal) =>
        this.client.send(
          new this.sdk.DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } }),
          { abortSignal },
        ),
      );
      const errors = out.Errors ?? [];
      deleted += batch.length - errors.length;
      const first = errors[0];
      if (first !== undefined) {
        throw new S3RequestError(
          this.redact(`DeleteObjects on ${this.name}: ${errors.length} of ${batch.length} objects were not deleted ` +
            `(${deleted} deleted so far); first: ${first.Key ?? '?'}: ${first.Code ?? 'error'} ${first.Message ?? ''}`.trim()),
          'DeleteObjects',
          undefined,
          first.Code,
        );
      }
    }
    return deleted;
  }

  /** Runs one SDK call under a deadline and turns any failure into an S3RequestError. */
  private async request<T>(
    operation: string,
    target: string,
    signal: AbortSignal | undefined,
    timeoutMs: number,
    call: (abortSignal: AbortSignal, progress: () => void) => Promise<T>,
    stallMs?: number,
  ): Promise<T> {
    const deadline = new Deadline(timeoutMs, signal, stallMs);
    try {
      return await call(deadline.signal, deadline.progress);
    } catch (err) {
      throw this.describe(err, operation, target, deadline, signal);
    } finally {
      deadline.dispose();
    }
  }

  private describe(err: unknown, operation: string, target: string, deadline: Deadline, signal: AbortSignal | undefined): S3RequestError {
    const what = `${operation} ${target} on ${this.endpointText}`;
    if (deadline.stalled) {
      return new S3RequestError(`${what}: the transfer stalled, no bytes for ${deadline.stallMs} ms (-remote-timeout)`, operation, undefined, 'Timeout', true);
    }
    if (deadline.timedOut) {
      return new S3RequestError(`${what}: no answer within ${deadline.ms} ms (-remote-timeout)`, operation, undefined, 'Timeout', true);
    }
    if (signal?.aborted) return new S3RequestError(`${what}: cancelled`, operation, undefined, 'Cancelled');
    const message = err instanceof Error ? err.message : String(err);
    if (isServiceError(err)) {
      const status = err.$metadata?.httpStatusCode;
      const code = err.name;
      const detail = message && message !== code && message !== 'UnknownError' ? `: ${message}` : '';
      const hint = this.hintFor(status, code, err);
      return new S3RequestError(
        this.redact(`${what} failed: HTTP ${status ?? '?'} ${code}${detail}${hint ? ` (${hint})` : ''}`),
        operation,
        status,
        code,
      );
    }
    const name = err instanceof Error ? err.name : 'Error';
    const errno = typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
    if (name === 'CredentialsProviderError') {
      return new S3RequestError(
        `${what}: no AWS credentials found (set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or GOBUILDCACHE_AWS_*, or configure a role)`,
        operation,
        undefined,
        'NoCredentials',
      );
    }
    if (/region is missing/i.test(message)) {
      return new S3RequestError(`${what}: no region configured (set AWS_REGION)`, operation, undefined, 'NoRegion');
    }
    if (errno !== undefined && NETWORK_CODES.has(errno)) {
      return new S3RequestError(this.redact(`${what}: cannot reach the endpoint: ${errno}`), operation, undefined, errno);
    }
    return new S3RequestError(this.redact(`${what} failed: ${name}: ${message}`), operation, undefined, errno ?? name);
  }

  private hintFor(status: number | undefined, code: string, err: ServiceErrorLike): string | undefined {
    switch (code) {
      case 'NoSuchBucket':
        return `bucket "${this.bucket}" does not exist`;
      case 'InvalidAccessKeyId':
      case 'SignatureDoesNotMatch':
        return 'check the access key and secret';
      case 'ExpiredToken':
      case 'TokenRefreshRequired':
        return 'the session credentials have expired';
      case 'PermanentRedirect':
      case 'AuthorizationHeaderMalformed': {
        const region = err.$response?.headers?.['x-amz-bucket-region'];
        return `the bucket is in another region${region ? ` (${region})` : ''}: set AWS_REGION`;
      }
      default:
        break;
    }
    if (status === 301) return 'the bucket is in another region: set AWS_REGION';
    if (status === 403) return 'check the credentials and that the IAM policy allows this operation on the bucket';
    if (status === 404) return `bucket "${this.bucket}" does not exist or the endpoint is wrong`;
    return undefined;
  }

  private warnAccessDeniedOnce(key: string): void {
    if (this.shared.warnedAccessDenied) return;
    this.shared.warnedAccessDenied = true;
    this.options.warn(
      `GetObject ${key} on ${this.endpointText} was denied (HTTP 403 AccessDenied); counting it and any like it as misses. ` +
        'S3 answers 403 instead of 404 for a missing key when the policy lacks s3:ListBucket on the bucket: grant it ' +
        '(and s3:GetObject on the prefix) so that misses and denials can be told apart.',
    );
  }

  private redact(text: string): string {
    let out = redactUrlCredentials(text).replace(/(X-Amz-(?:Signature|Credential|Security-Token))=[^&\s]+/gi, '$1=***');
    for (const secret of this.secrets) out = out.split(secret).join('***');
    return out;
  }
}

/** A streaming body the SDK hands back (a Node Readable); destroy() frees the socket when we stop reading early. */
interface SdkBody extends AsyncIterable<Uint8Array> {
  destroy?: (error?: Error) => void;
}

/**
 * Reads a GetObject body in full, reporting progress per chunk (the stall timeout). The body
 * must be consumed or destroyed, or its socket never returns to the pool; and a body that stalls
 * mid-stream must not outlive the deadline.
 */
async function readBody(body: SdkBody | undefined, length: number | undefined, abortSignal: AbortSignal, progress: () => void): Promise<Buffer> {
  if (body === undefined) return Buffer.alloc(0);
  const onAbort = (): void => body.destroy?.(new Error('deadline exceeded while reading the body'));
  abortSignal.addEventListener('abort', onAbort, { once: true });
  try {
    const sink = new BodySink(length ?? Number.NaN);
    for await (const chunk of body) {
      progress();
      sink.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    }
    return sink.take();
  } catch (err) {
    body.destroy?.();
    throw err;
  } finally {
    abortSignal.removeEventListener('abort', onAbort);
  }
}
