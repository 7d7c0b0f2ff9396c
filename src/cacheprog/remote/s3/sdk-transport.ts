import type {
  GetObjectCommandOutput,
  ListObjectsV2CommandOutput,
  S3Client,
  _Error as S3ObjectError,
} from '@aws-sdk/client-s3';
import { MemorySink, type ResponseSink } from '../spill-sink.js';
import type { S3Module } from './client.js';
import { isServiceError, type ServiceErrorLike } from './errors.js';
import type { ObjectAnswer, ObjectRequest, ObjectTransport } from './transport.js';

const EMPTY = Buffer.alloc(0);

/**
 * The AWS SDK's request path: every S3 operation the cache uses, for any bucket the SDK can
 * reach (S3 Express sessions, FIPS, dual-stack, custom endpoints). GET and PUT answer as an
 * ObjectTransport; the bucket-level operations (list, delete, HeadBucket) exist only here.
 */
export class SdkTransport implements ObjectTransport {
  constructor(
    private readonly sdk: S3Module,
    readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async get(
    key: string,
    { signal, progress }: ObjectRequest,
    sink?: (length: number) => ResponseSink,
  ): Promise<ObjectAnswer> {
    let out: GetObjectCommandOutput;
    try {
      out = await this.client.send(new this.sdk.GetObjectCommand({ Bucket: this.bucket, Key: key }), {
        abortSignal: signal,
      });
    } catch (err) {
      if (isServiceError(err)) return answerOf(err);
      throw err;
    }
    progress();
    const length = out.ContentLength ?? Number.NaN;
    // In Node the body is an http.IncomingMessage (a Readable), whatever the union type says.
    const body = await readBody(
      out.Body as unknown as SdkBody | undefined,
      signal,
      progress,
      sink ? sink(length) : new MemorySink(length),
    );
    return { status: 200, body };
  }

  async put(key: string, body: Buffer | readonly Buffer[], { signal }: ObjectRequest): Promise<ObjectAnswer> {
    const parts = Buffer.isBuffer(body) ? [body] : body;
    const length = parts.reduce((n, p) => n + p.length, 0);
    try {
      await this.client.send(
        new this.sdk.PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          // A Buffer with a length, never a stream: streams switch the SDK to aws-chunked
          // uploads, which Tigris, R2 and others reject. Joined here only, off the lean path.
          Body: parts.length === 1 ? parts[0] : Buffer.concat(parts, length),
          ContentLength: length,
          ContentType: 'application/octet-stream',
        }),
        { abortSignal: signal },
      );
    } catch (err) {
      if (isServiceError(err)) return answerOf(err);
      throw err;
    }
    return { status: 200, body: EMPTY };
  }

  async headBucket(abortSignal: AbortSignal): Promise<void> {
    await this.client.send(new this.sdk.HeadBucketCommand({ Bucket: this.bucket }), { abortSignal });
  }

  /**
   * ListObjectsV2 pages under prefix ('' for the whole bucket). The paginator hands `send` to
   * every request it makes, so a caller that sets send.abortSignal before asking for the next
   * page gives each page a deadline of its own.
   */
  listPages(
    prefix: string,
    pageSize: number,
    send: { abortSignal?: AbortSignal },
  ): AsyncIterator<ListObjectsV2CommandOutput> {
    const pages = this.sdk.paginateListObjectsV2(
      { client: this.client, pageSize },
      { Bucket: this.bucket, Prefix: prefix === '' ? undefined : prefix },
      send,
    );
    return pages[Symbol.asyncIterator]();
  }

  /** DeleteObjects of up to 1000 keys; resolves with the keys the store did not delete. */
  async deleteObjects(keys: readonly string[], abortSignal: AbortSignal): Promise<S3ObjectError[]> {
    // DeleteObjects requires an integrity header; S3 Express has no MD5, and the SDK adds
    // CRC32 for it even with WHEN_REQUIRED, because this operation requires one.
    const out = await this.client.send(
      new this.sdk.DeleteObjectsCommand({
        Bucket: this.bucket,
        Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true },
      }),
      { abortSignal },
    );
    return out.Errors ?? [];
  }

  close(): void {
    this.client.destroy();
  }
}

function answerOf(err: ServiceErrorLike): ObjectAnswer {
  return { status: err.$metadata?.httpStatusCode ?? 0, code: err.name, body: EMPTY, error: err };
}

/** A streaming body the SDK hands back (a Node Readable); destroy() frees the socket when we stop reading early. */
interface SdkBody extends AsyncIterable<Uint8Array> {
  destroy?: (error?: Error) => void;
}

/**
 * Reads a GetObject body into the sink, reporting progress per chunk (the stall timeout). The
 * body must be consumed or destroyed, or its socket never returns to the pool; and a body that
 * stalls mid-stream must not outlive the deadline.
 */
async function readBody(
  body: SdkBody | undefined,
  abortSignal: AbortSignal,
  progress: () => void,
  sink: ResponseSink,
): Promise<Buffer> {
  if (body === undefined) return sink.end();
  const onAbort = (): void => body.destroy?.(new Error('deadline exceeded while reading the body'));
  abortSignal.addEventListener('abort', onAbort, { once: true });
  try {
    for await (const chunk of body) {
      progress();
      sink.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    }
    return await sink.end();
  } catch (err) {
    body.destroy?.();
    sink.abort();
    throw err;
  } finally {
    abortSignal.removeEventListener('abort', onAbort);
  }
}
