import zlib from 'node:zlib';
import { HEX_ID } from '../protocol/types.js';

/**
 * A manifest lists the action ids one job used, so the next run of that job can download them
 * before go asks. Stored gzip'd: { version: 1, created, actionIds } with ids as 64 hex digits,
 * and the entries' pack: `packParts` (content-addressed parts, see pack.ts), or from writers
 * before those, `pack` (numbered parts under the manifest key), which is still read.
 */
export interface Manifest {
  version: 1;
  /** RFC 3339; informational (restore by prefix picks the object's LastModified). */
  created: string;
  /** First-use order: what a build needs first is fetched first. */
  actionIds: string[];
  /** A pack of numbered parts, as writers before content-addressed parts saved it (read, no longer written). */
  pack?: PackInfo;
  /** The pack's parts, in the order to download them (the first-used entries first). */
  packParts?: PartRef[];
}

/**
 * One content-addressed part of a pack: packs/v2/<key>, shared by every manifest of the scope that
 * names it, so a save re-uploads only the parts whose entries changed (see save-manifest.ts).
 */
export interface PartRef {
  /** sha256 of the part's bytes (hex): its object key under packs/v2/. */
  key: string;
  bytes: number;
  /** Records in the part, including those of entries no longer listed. */
  records: number;
  /** When the part was uploaded (RFC 3339): an old part is rewritten, not reused, so lifecycle expiry never takes a part a fresh manifest names. */
  created: string;
  /** The listed action ids the part holds (stored as indices into actionIds). */
  ids: string[];
}

/** What a reader needs to fetch a pack: its parts are packPartKey(manifest key, 0 … parts-1). */
export interface PackInfo {
  parts: number;
  entries: number;
  /** Stored bytes of all parts. */
  bytes: number;
}

/** Far past any build cache a job uses, at a few MiB per part. */
const MAX_PACK_PARTS = 10_000;

/** Far beyond a big monorepo's `go test ./...` (~50k ids); ~13 MB of JSON, ~7 MB gzip'd. */
export const MAX_MANIFEST_IDS = 200_000;
/** A gzip bomb (or a huge foreign object under our key) stops here, not at the end of memory. */
const MAX_JSON_BYTES = 32 * 1024 * 1024;

/** The manifest is not one we can use; the message says why. */
export class ManifestError extends Error {
  override readonly name = 'ManifestError';
}

export function encodeManifest(
  actionIds: readonly string[],
  now = new Date(),
  pack?: PackInfo | readonly PartRef[],
): Buffer {
  const ids = [...new Set(actionIds)].slice(0, MAX_MANIFEST_IDS);
  for (const id of ids) if (!HEX_ID.test(id)) throw new ManifestError(`not an action id: "${id.slice(0, 80)}"`);
  const index = new Map(ids.map((id, i) => [id, i]));
  const packField =
    pack === undefined
      ? {}
      : Array.isArray(pack)
        ? {
            packParts: (pack as readonly PartRef[]).map(({ ids: partIds, ...rest }) => ({
              ...rest,
              entries: partIds.map((id) => index.get(id)).filter((i) => i !== undefined),
            })),
          }
        : { pack };
  const manifest = { version: 1, created: now.toISOString(), actionIds: ids, ...packField };
  // Hex ids compress about 2:1; level 6 costs ~100 ms on the largest manifest, once per job.
  return zlib.gzipSync(JSON.stringify(manifest));
}

/**
 * Parses and checks a downloaded manifest. Every id must be 64 lower-case hex digits: an id is
 * turned into an object key and a local path, so a manifest that breaks the rule is refused whole.
 */
export function decodeManifest(bytes: Buffer): Manifest {
  let json: string;
  try {
    json = zlib.gunzipSync(bytes, { maxOutputLength: MAX_JSON_BYTES }).toString('utf8');
  } catch (err) {
    throw new ManifestError(`not gzip data of at most ${MAX_JSON_BYTES} bytes (${(err as Error).message})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (err) {
    throw new ManifestError(`not JSON (${(err as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null) throw new ManifestError('not a JSON object');
  const { version, created, actionIds, pack, packParts } = parsed as Record<string, unknown>;
  if (version !== 1)
    throw new ManifestError(`unknown version ${JSON.stringify(version)} (this action reads version 1)`);
  if (!Array.isArray(actionIds)) throw new ManifestError('actionIds is not an array');
  if (actionIds.length > MAX_MANIFEST_IDS)
    throw new ManifestError(`${actionIds.length} action ids, more than the ${MAX_MANIFEST_IDS} allowed`);
  const ids = new Set<string>();
  for (const id of actionIds as unknown[]) {
    if (typeof id !== 'string' || !HEX_ID.test(id))
      throw new ManifestError(`not an action id: ${JSON.stringify(id)?.slice(0, 80)}`);
    ids.add(id);
  }
  const manifest: Manifest = { version: 1, created: typeof created === 'string' ? created : '', actionIds: [...ids] };
  // An unusable pack description costs only speed: the entries are then fetched one by one.
  const packInfo = parsePackInfo(pack);
  if (packInfo) manifest.pack = packInfo;
  const parts = parsePartRefs(packParts, manifest.actionIds);
  if (parts) manifest.packParts = parts;
  return manifest;
}

const count = (n: unknown, max: number): n is number =>
  typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 && n <= max;

/** The content-addressed parts, or undefined (the entries are then fetched one by one) when any part is malformed. */
function parsePartRefs(value: unknown, ids: readonly string[]): PartRef[] | undefined {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_PACK_PARTS) return undefined;
  const parts: PartRef[] = [];
  for (const item of value as unknown[]) {
    if (typeof item !== 'object' || item === null) return undefined;
    const { key, bytes, records, created, entries } = item as Record<string, unknown>;
    if (
      typeof key !== 'string' ||
      !HEX_ID.test(key) ||
      !count(bytes, Number.MAX_SAFE_INTEGER) ||
      !count(records, MAX_MANIFEST_IDS)
    )
      return undefined;
    if (!Array.isArray(entries) || entries.length > records) return undefined;
    const partIds: string[] = [];
    for (const i of entries as unknown[]) {
      if (!count(i, ids.length - 1)) return undefined;
      partIds.push(ids[i]);
    }
    parts.push({ key, bytes, records, created: typeof created === 'string' ? created : '', ids: partIds });
  }
  return parts;
}

function parsePackInfo(value: unknown): PackInfo | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { parts, entries, bytes } = value as Record<string, unknown>;
  if (
    !count(parts, MAX_PACK_PARTS) ||
    parts === 0 ||
    !count(entries, MAX_MANIFEST_IDS) ||
    !count(bytes, Number.MAX_SAFE_INTEGER)
  )
    return undefined;
  return { parts, entries, bytes };
}
