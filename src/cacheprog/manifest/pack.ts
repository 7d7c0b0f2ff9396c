import { IntegrityError, type EntryMeta } from '../remote/backend.js';
import { decodePayloadSync, encodeObject, readObjectFrame } from '../remote/object-format.js';
import { verifyEntry, verifyEntrySync } from '../remote/verifying.js';
import type { LocalStore } from '../store/local-store.js';
import { mapInOrder } from '../../util/work-pool.js';

/**
 * A pack holds the entries of one manifest as a few big objects, so that a cold VM downloads a
 * job's cache in a handful of requests instead of one round trip (and one SDK request's CPU) per
 * entry. A part is the entries' ordinary objects (magic, header, payload) one after another, in
 * the manifest's first-use order: what the build needs first arrives first, and every record is
 * self-describing and verified like a single object.
 *
 * Parts are content-addressed, packs/v2/<sha256 of the part>, and a manifest lists the ones it
 * uses with the entries each holds: the next save of a job reuses every part whose entries are
 * still mostly used and uploads only the rest (save-manifest.ts). Writers before that stored
 * numbered parts under the manifest key, packs/v1/<manifest key>/<i>; those are still read.
 */
export const PACK_DIR = 'packs/v1/';
export const PART_DIR = 'packs/v2/';

/**
 * Big enough that a part's round trip is noise next to its transfer, small enough that a few
 * download at once and that a changed entry makes a small part stale, not a big one.
 */
export const PACK_PART_BYTES = 4 * 1024 * 1024;

/**
 * Entries bigger than this stay out of packs: one gains nothing from a pack (one request either
 * way), and would make its part, held whole in the prefetching job server's memory, as big as
 * itself. The prefetch fetches it on its own, streamed to disk like any other big get. High
 * enough that std's biggest archive (runtime, ~13 MB) is still packed.
 */
export const PACK_ALONE_BYTES = 32 * 1024 * 1024;

/** A numbered part of a pack saved before content-addressed parts. */
export function packPartKey(manifestKey: string, index: number): string {
  return `${PACK_DIR}${manifestKey}/${index}`;
}

/** A content-addressed part: its key is the sha256 (hex) of its bytes. */
export function partObjectKey(hash: string): string {
  return `${PART_DIR}${hash}`;
}

export interface PackPart {
  data: Buffer;
  entries: number;
  /** The action ids of the part's records, in order. */
  ids: string[];
}

/**
 * Builds the parts of a pack from the local store, one part in memory at a time. Entries the
 * store no longer has, or whose output on disk is not what the entry says, are left out: a
 * damaged local file must not be published for every other job to reject.
 */
export async function* buildPackParts(
  store: LocalStore,
  actionIds: readonly string[],
  options: {
    compression: boolean;
    partBytes?: number;
    aloneBytes?: number;
    onSkip?: (actionId: string, why: string) => void;
    /** An entry too big for a part: the caller makes sure the remote has it as an object of its own. */
    onAlone?: (actionId: string) => void;
  },
): AsyncGenerator<PackPart> {
  const partBytes = options.partBytes ?? PACK_PART_BYTES;
  let chunks: Buffer[] = [];
  let ids: string[] = [];
  let size = 0;
  // Several entries read, checked and compressed at once (the reads and big bodies' gzip run on
  // the threadpool): one at a time left a core idle, and this is most of a populating run's post step.
  const encoded = mapInOrder(actionIds.length, ENCODE_AHEAD, (i) =>
    encodeRecord(store, actionIds[i], options.compression, options.aloneBytes ?? PACK_ALONE_BYTES),
  );
  for await (const record of encoded) {
    if ('alone' in record) {
      options.onAlone?.(record.actionId);
      continue;
    }
    if ('skipped' in record) {
      options.onSkip?.(record.actionId, record.skipped);
      continue;
    }
    chunks.push(record.object);
    ids.push(record.actionId);
    size += record.object.length;
    if (size >= partBytes) {
      yield { data: Buffer.concat(chunks, size), entries: chunks.length, ids };
      chunks = [];
      ids = [];
      size = 0;
    }
  }
  if (chunks.length > 0) yield { data: Buffer.concat(chunks, size), entries: chunks.length, ids };
}

/** Entries a pack build encodes ahead of the one it appends: enough to keep two cores busy. */
const ENCODE_AHEAD = 8;

/** One entry as a pack record, or why it is left out. */
async function encodeRecord(
  store: LocalStore,
  actionId: string,
  compression: boolean,
  aloneBytes: number,
): Promise<
  { actionId: string; object: Buffer } | { actionId: string; skipped: string } | { actionId: string; alone: true }
> {
  const entry = store.get(actionId);
  if (!entry) return { actionId, skipped: 'not in the local cache' };
  if (entry.size > aloneBytes) return { actionId, alone: true };
  let body: Buffer;
  try {
    body = await store.readOutput(entry);
    await verifyEntry(actionId, entry, body, 'local output');
  } catch (err) {
    return { actionId, skipped: (err as Error).message };
  }
  return { actionId, object: await encodeObject(actionId, entry, body, { compression }) };
}

export interface PackRecord {
  actionId: string;
  meta: EntryMeta;
  body: Buffer;
  /** Bytes the record took in the part (what it cost to download). */
  storedBytes: number;
}

/**
 * The records of one downloaded part, each decoded and verified (size and sha256 of the body
 * against its output id). A record whose payload is damaged is reported and skipped; a part whose
 * framing is damaged ends there, since nothing after a bad header can be located. Synchronous: it
 * runs on a part writer's own thread (part-writer.ts), where nothing else waits for the loop.
 */
export function* readPackPart(
  data: Buffer,
  where: string,
  onReject: (err: IntegrityError) => void,
): Generator<PackRecord> {
  let offset = 0;
  while (offset < data.length) {
    let frame;
    try {
      frame = readObjectFrame(data, offset, `${where} at byte ${offset}`);
    } catch (err) {
      if (err instanceof IntegrityError) return onReject(err);
      throw err;
    }
    const { header } = frame;
    try {
      const decoded = decodePayloadSync(
        header,
        data.subarray(frame.payloadStart, frame.end),
        `${where}: action ${header.actionId.slice(0, 16)}…`,
      );
      verifyEntrySync(header.actionId, decoded.meta, decoded.body, `${where}: record`);
      yield { actionId: header.actionId, meta: decoded.meta, body: decoded.body, storedBytes: frame.end - offset };
    } catch (err) {
      if (!(err instanceof IntegrityError)) throw err;
      onReject(err);
    }
    offset = frame.end;
  }
}

/** An entry a part writer stored, as it reports it (plain data: it crosses threads). */
export interface StoredRecord {
  actionId: string;
  outputId: string;
  size: number;
  /** The entry's time, ISO 8601. */
  time: string;
  storedBytes: number;
}

export interface StoredPart {
  stored: StoredRecord[];
  /** Verified records that were not among those to store (not wanted, or already local). */
  skipped: number;
  /** Why each rejected record was rejected (IntegrityError messages). */
  rejects: string[];
  /** Set when storing stopped early (a full disk, say): what is listed in stored is on disk. */
  error?: string;
}

/**
 * Stores the records of a downloaded part that `take` names into the local store (verified first,
 * by readPackPart): an output file and an index line each, as a remote get stores one entry.
 */
export function storePackPart(store: LocalStore, data: Buffer, where: string, take: ReadonlySet<string>): StoredPart {
  const result: StoredPart = { stored: [], skipped: 0, rejects: [] };
  try {
    for (const record of readPackPart(data, where, (err) => result.rejects.push(err.message))) {
      if (!take.has(record.actionId)) {
        result.skipped++;
        continue;
      }
      store.putEntryWithOutput(record.actionId, record.meta, record.body);
      const { outputId, size, time } = record.meta;
      result.stored.push({
        actionId: record.actionId,
        outputId,
        size,
        time: time.toISOString(),
        storedBytes: record.storedBytes,
      });
    }
  } catch (err) {
    result.error = (err as Error).message;
  }
  return result;
}
