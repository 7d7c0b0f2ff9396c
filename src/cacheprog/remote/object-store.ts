import type { UploadResult } from './backend.js';
import type { ResponseSink } from './spill-sink.js';

/** One object a listing found. Keys are relative to the store's prefix, like every key here. */
export interface ObjectInfo {
  key: string;
  size?: number;
  lastModified?: Date;
}

export interface GetOptions {
  signal?: AbortSignal;
  /**
   * Where the body of a found object goes as it arrives, instead of into one buffer; length is
   * what the answer announced (NaN when it did not). get() then resolves with the sink's end().
   */
  sink?: (length: number) => ResponseSink;
}

export interface ListOptions {
  signal?: AbortSignal;
  /** A maintenance listing (clear-remote): a page may take longer than -remote-timeout. */
  maintenance?: boolean;
}

/**
 * Raw objects under one prefix of a bucket, whatever the provider: what the entry backend
 * (entry-backend.ts) stores cache entries in and the manifests store manifests and pack parts in.
 * Implementations own their transport, deadlines (-remote-timeout, see deadline.ts) and error
 * messages: a failure rejects with an error a user can act on (which operation, which object,
 * which endpoint, what the store said), a missing object is not a failure.
 */
export interface ObjectStore {
  /** Where the objects live, for messages: s3://bucket/prefix/. */
  readonly name: string;
  /**
   * Whether list() takes any key prefix; false when it takes only '/'-terminated ones (S3 Express
   * directory buckets), so a caller cannot split a listing into parallel shards by key prefix.
   */
  readonly listsAnyPrefix: boolean;
  /**
   * The bytes stored at key; undefined when there is no such object, or when the store answers
   * a denial that cannot be told from one (S3 without s3:ListBucket; the store warns once).
   */
  get(key: string, options?: GetOptions): Promise<Buffer | undefined>;
  /** Writes the object whole; a body in parts is sent part after part, never joined on the way. */
  put(key: string, body: Buffer | readonly Buffer[], signal?: AbortSignal): Promise<UploadResult>;
  /** The objects whose keys start with keyPrefix, page by page; keys outside the prefix never appear. */
  list(keyPrefix: string, options?: ListOptions): AsyncIterable<ObjectInfo[]>;
  /** Deletes the keys; resolves with how many went, rejects naming the first that did not. */
  delete(keys: readonly string[]): Promise<number>;
  /** Proves endpoint, credentials and bucket, and warms the connection. */
  check(signal?: AbortSignal): Promise<void>;
  /**
   * Reads key, which need not exist, and rejects unless the store answers it (found or missing):
   * unlike get(), a denial is a failure. Proves what check() cannot, that objects may be read.
   */
  probe(key: string, signal?: AbortSignal): Promise<void>;
  /**
   * The same bucket and connections under <prefix><subPrefix> (subPrefix ends in '/'): a trust
   * scope. Closing a view does nothing; closing the store closes what its views share.
   */
  view(subPrefix: string): ObjectStore;
  close(): Promise<void>;
}

/** Rejects a key that could reach outside the store's prefix: '', a leading '/', a '.' or '..' segment. */
export function checkObjectKey(key: string): void {
  if (key === '' || key.startsWith('/') || key.split('/').some((s) => s === '.' || s === '..')) {
    throw new TypeError(`invalid object key "${key.slice(0, 80)}"`);
  }
}

/** System error codes that mean the endpoint could not be reached (not an answer from the store). */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNABORTED',
]);

/** Whether a system error code (err.code) says the endpoint could not be reached, for the stores' messages. */
export function unreachableCode(code: string | undefined): code is string {
  return code !== undefined && UNREACHABLE_CODES.has(code);
}
