import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { IntegrityError, type EntryMeta } from './backend.js';
import { HEX_ID } from '../protocol/types.js';

/**
 * The remote layout. Bumping it puts new objects under a new key space, so old and new
 * versions of this action can share a bucket without reading each other's objects.
 */
export const LAYOUT_VERSION = 'v1';

/** First line of every object: lets a reader reject anything that is not ours before parsing. */
export const MAGIC = `gobuildcache-action ${LAYOUT_VERSION}\n`;
const MAGIC_BYTES = Buffer.from(MAGIC, 'latin1');

/** A header is a few hundred bytes; the cap stops a corrupt object from making us scan megabytes. */
const MAX_HEADER_BYTES = 4096;

/** Below this, gzip rarely saves anything worth a decode on every hit. */
export const MIN_COMPRESS_BYTES = 1024;

/**
 * zlib's async API runs on the libuv threadpool, which keeps the event loop free to read go's
 * stdin (go stalls the whole build when we stop reading), but every call pays a thread hop.
 * Most objects are small, where the sync call costs microseconds; only big ones go async.
 */
const SYNC_ZLIB_LIMIT = 64 * 1024;

const gzipAsync = promisify(zlib.gzip);
const gunzipAsync = promisify(zlib.gunzip);

export type Encoding = 'identity' | 'gzip';

/** The JSON line after the magic line. */
export interface ObjectHeader {
  /** Lets a reader notice an object stored (or copied) under the wrong key. */
  actionId: string;
  outputId: string;
  size: number;
  time: string;
  encoding: Encoding;
  /** Payload bytes after the header, to detect truncation without trusting the transport. */
  storedSize: number;
}

export interface DecodedObject {
  meta: EntryMeta;
  body: Buffer;
  encoding: Encoding;
}

/** The key of one action's object. Rejects anything but 32-byte lower-case hex, so no id can escape the prefix. */
export function objectKey(prefix: string, actionId: string): string {
  if (!HEX_ID.test(actionId))
    throw new TypeError(`action id must be 64 lower-case hex digits, got "${actionId.slice(0, 80)}"`);
  return `${prefix}${LAYOUT_VERSION}/${actionId}`;
}

async function gzip(body: Buffer): Promise<Buffer> {
  // The whole output in one chunk, as for inflate below: zlib's 16 KiB default costs a big body's
  // async compression a main-thread callback and a copy per 16 KiB. The margin covers deflate's
  // few bytes of framing on a body that does not compress. Capped lower than inflate's: the
  // chunk is allocated whole, and a big body's compressed form is usually much smaller than it.
  const options = {
    level: 1,
    chunkSize: Math.min(Math.max(zlib.constants.Z_DEFAULT_CHUNK, body.length + 1024), MAX_GZIP_CHUNK),
  };
  return body.length <= SYNC_ZLIB_LIMIT ? zlib.gzipSync(body, options) : gzipAsync(body, options);
}

/**
 * Inflate options for a payload of known size: capping the output at the declared size stops a
 * corrupt or hostile object from inflating into gigabytes (a size mismatch is then caught by the
 * length check). An output chunk one byte bigger than that inflates in one pass (a chunk filled to
 * the byte would make zlib allocate another to find the end), where zlib's 16 KiB default makes a
 * megabyte body cost dozens of chunk round trips, copies and, async, threadpool hops.
 */
function inflateOptions(expectedSize: number): zlib.ZlibOptions {
  const size = Math.max(1, expectedSize);
  return { maxOutputLength: size, chunkSize: Math.min(Math.max(zlib.constants.Z_MIN_CHUNK, size + 1), MAX_ZLIB_CHUNK) };
}

/** Bigger bodies (de)compress in several chunks: no single allocation beyond this. */
const MAX_ZLIB_CHUNK = 64 * 1024 * 1024;
const MAX_GZIP_CHUNK = 8 * 1024 * 1024;

async function gunzip(payload: Buffer, expectedSize: number): Promise<Buffer> {
  const options = inflateOptions(expectedSize);
  return payload.length <= SYNC_ZLIB_LIMIT ? zlib.gunzipSync(payload, options) : gunzipAsync(payload, options);
}

export async function encodeObject(
  actionId: string,
  meta: EntryMeta,
  body: Buffer,
  options: { compression: boolean },
): Promise<Buffer> {
  const parts = await encodeObjectParts(actionId, meta, body, options);
  return Buffer.concat(parts);
}

/**
 * encodeObject as its two parts, magic line and header, then the payload: a caller that can send
 * them one after the other (the upload) spares a copy of the body, which for a big output is the
 * job server's biggest allocation.
 */
export async function encodeObjectParts(
  actionId: string,
  meta: EntryMeta,
  body: Buffer,
  options: { compression: boolean },
): Promise<[Buffer, Buffer]> {
  if (body.length !== meta.size) throw new RangeError(`body is ${body.length} bytes but meta.size says ${meta.size}`);
  let payload = body;
  let encoding: Encoding = 'identity';
  if (options.compression && body.length >= MIN_COMPRESS_BYTES && worthCompressing(body)) {
    const compressed = await gzip(body);
    if (compressed.length < body.length) {
      payload = compressed;
      encoding = 'gzip';
    }
  }
  const header: ObjectHeader = {
    actionId,
    outputId: meta.outputId,
    size: meta.size,
    time: meta.time.toISOString(),
    encoding,
    storedSize: payload.length,
  };
  return [Buffer.from(`${MAGIC}${JSON.stringify(header)}\n`, 'utf8'), payload];
}

/** Bodies above this are probed before compressing (see worthCompressing). */
const PROBE_ABOVE = 1024 * 1024;
const PROBE_BYTES = 128 * 1024;

/**
 * Whether gzip is worth trying on a body: a big one that does not compress (an embedded archive
 * or image) would cost a second buffer of its own size and a pass over it for nothing, so its
 * start is compressed first and the rest only when that saved a tenth.
 */
function worthCompressing(body: Buffer): boolean {
  if (body.length <= PROBE_ABOVE) return true;
  const sample = body.subarray(0, PROBE_BYTES);
  return zlib.gzipSync(sample, { level: 1 }).length < sample.length * 0.9;
}

function isNonNegativeInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function parseHeader(line: string, where: string): ObjectHeader {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new IntegrityError(`${where}: header is not valid JSON`);
  }
  if (typeof value !== 'object' || value === null) throw new IntegrityError(`${where}: header is not a JSON object`);
  const h = value as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof h.actionId !== 'string' || !HEX_ID.test(h.actionId)) problems.push('actionId');
  if (typeof h.outputId !== 'string' || !HEX_ID.test(h.outputId)) problems.push('outputId');
  if (!isNonNegativeInteger(h.size)) problems.push('size');
  if (typeof h.time !== 'string' || Number.isNaN(Date.parse(h.time))) problems.push('time');
  if (h.encoding !== 'identity' && h.encoding !== 'gzip') problems.push('encoding');
  if (!isNonNegativeInteger(h.storedSize)) problems.push('storedSize');
  if (problems.length > 0) throw new IntegrityError(`${where}: header has a missing or invalid ${problems.join(', ')}`);
  return h as unknown as ObjectHeader;
}

/** Where one object sits in a buffer that may hold several (a pack): its header and byte range. */
export interface ObjectFrame {
  header: ObjectHeader;
  payloadStart: number;
  /** One past the payload's last byte: the next object of a pack starts here. */
  end: number;
}

/**
 * Reads the magic line and header of the object starting at offset. Throws IntegrityError when
 * there is no object of ours there or its payload runs past the end of buf.
 */
export function readObjectFrame(buf: Buffer, offset: number, where: string): ObjectFrame {
  const head = readObjectHead(buf, offset, where, true);
  if (!head) throw new IntegrityError(`${where}: header line is missing or longer than ${MAX_HEADER_BYTES} bytes`);
  const { header, payloadStart } = head;
  const end = payloadStart + header.storedSize;
  if (end > buf.length) {
    throw new IntegrityError(
      `${where}: truncated, payload is ${buf.length - payloadStart} of ${header.storedSize} bytes`,
    );
  }
  return { header, payloadStart, end };
}

/**
 * The header of the object starting at offset, and where its payload starts; undefined while buf
 * is too short to hold the whole header line (a download that has only begun), unless `whole`.
 */
export function readObjectHead(
  buf: Buffer,
  offset: number,
  where: string,
  whole = false,
): { header: ObjectHeader; payloadStart: number } | undefined {
  const magicEnd = offset + MAGIC_BYTES.length;
  const magic = buf.subarray(offset, magicEnd);
  if (!MAGIC_BYTES.subarray(0, magic.length).equals(magic) || (whole && magic.length < MAGIC_BYTES.length)) {
    const start = magic.toString('latin1');
    const hint = start.startsWith('gobuildcache-action ') ? ' (written by another layout version?)' : '';
    throw new IntegrityError(`${where}: does not start with "${MAGIC.trim()}"${hint}`);
  }
  if (magic.length < MAGIC_BYTES.length) return undefined;
  // Look for the header's end within the cap only: a pack part with a damaged header can be
  // megabytes of payload bytes with no newline in them.
  const window = buf.subarray(magicEnd, magicEnd + MAX_HEADER_BYTES + 1);
  const found = window.indexOf(0x0a);
  if (found < 0) {
    if (whole || window.length > MAX_HEADER_BYTES)
      throw new IntegrityError(`${where}: header line is missing or longer than ${MAX_HEADER_BYTES} bytes`);
    return undefined;
  }
  const newline = magicEnd + found;
  return { header: parseHeader(buf.subarray(magicEnd, newline).toString('utf8'), where), payloadStart: newline + 1 };
}

/**
 * Parses and unpacks one object. Every way an object can be damaged (not ours, bad header,
 * short or long payload, undecodable payload, stored under another key) becomes an
 * IntegrityError, which the caller treats as a miss. Content hashing is the verifying layer's job.
 */
export async function decodeObject(buf: Buffer, expectedActionId?: string): Promise<DecodedObject> {
  const where =
    expectedActionId === undefined ? 'remote object' : `remote object for action ${expectedActionId.slice(0, 16)}…`;
  const frame = readObjectFrame(buf, 0, where);
  if (frame.end < buf.length) {
    throw new IntegrityError(`${where}: ${buf.length - frame.end} unexpected bytes after the payload`);
  }
  if (expectedActionId !== undefined && frame.header.actionId !== expectedActionId) {
    throw new IntegrityError(
      `${where}: the object belongs to action ${frame.header.actionId.slice(0, 16)}… (stored under the wrong key)`,
    );
  }
  return decodePayload(frame.header, buf.subarray(frame.payloadStart, frame.end), where);
}

/** The body of a framed object: gunzipped if need be, its length checked against the header. */
export async function decodePayload(header: ObjectHeader, payload: Buffer, where: string): Promise<DecodedObject> {
  if (header.encoding === 'identity') return decoded(header, payload, where);
  let body: Buffer;
  try {
    body = await gunzip(payload, header.size);
  } catch (err) {
    throw undecodable(where, err);
  }
  return decoded(header, body, where);
}

/**
 * decodePayload on the calling thread whatever the size: for a thread that does nothing else (the
 * pack part writer), where a threadpool hop only adds latency.
 */
export function decodePayloadSync(header: ObjectHeader, payload: Buffer, where: string): DecodedObject {
  if (header.encoding === 'identity') return decoded(header, payload, where);
  let body: Buffer;
  try {
    body = zlib.gunzipSync(payload, inflateOptions(header.size));
  } catch (err) {
    throw undecodable(where, err);
  }
  return decoded(header, body, where);
}

function undecodable(where: string, err: unknown): IntegrityError {
  return new IntegrityError(`${where}: gzip payload does not decode (${(err as Error).message})`);
}

function decoded(header: ObjectHeader, body: Buffer, where: string): DecodedObject {
  if (body.length !== header.size) {
    throw new IntegrityError(`${where}: body is ${body.length} bytes but the header says ${header.size}`);
  }
  return {
    meta: { outputId: header.outputId, size: header.size, time: new Date(header.time) },
    body,
    encoding: header.encoding,
  };
}
