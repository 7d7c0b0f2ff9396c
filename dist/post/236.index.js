export const id = 236;
export const ids = [236];
export const modules = {

/***/ 236:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  saveManifest: () => (/* binding */ saveManifest)
});

// EXTERNAL MODULE: ./src/cacheprog/remote/create-backend.ts + 4 modules
var create_backend = __webpack_require__(2134);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
var external_node_crypto_default = /*#__PURE__*/__webpack_require__.n(external_node_crypto_);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
var external_node_fs_default = /*#__PURE__*/__webpack_require__.n(external_node_fs_);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/cacheprog/store/atomic-file.ts
var atomic_file = __webpack_require__(9306);
;// CONCATENATED MODULE: ./src/cacheprog/manifest/action-log.ts




/**
 * Each go process leaves the action ids it used in the stats dir as actions-<pid>-<rand>.txt (hex,
 * one per line, in first-use order); save-manifest adds them up into the job's manifest. Plain
 * text because a big `go test ./...` uses tens of thousands of ids and this costs nothing to write.
 */
const LOG_NAME = /^actions-\d+-[0-9a-f]+\.txt$/;
const HEX64 = /^[0-9a-f]{64}$/;
/** Writes this process's ids; nothing when there are none. Returns the file written. */
function writeActionLog(dir, ids) {
    if (ids.length === 0)
        return undefined;
    const file = path.join(dir, `actions-${process.pid}-${crypto.randomBytes(4).toString('hex')}.txt`);
    writeFileAtomic(file, `${ids.join('\n')}\n`);
    return file;
}
/**
 * The union of every action log in dir, at most `cap` ids. Files are taken oldest first (a
 * process finishing earlier mostly started earlier), so the order is roughly the job's first use:
 * what the first go command needs is prefetched first. Unreadable files and lines are skipped.
 */
function readActionLogs(dir, cap, onSkip = () => { }) {
    let names;
    try {
        names = external_node_fs_default().readdirSync(dir).filter((n) => LOG_NAME.test(n));
    }
    catch {
        return [];
    }
    const files = names
        .map((name) => {
        const file = external_node_path_default().join(dir, name);
        return { file, mtimeMs: external_node_fs_default().statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0 };
    })
        .sort((a, b) => a.mtimeMs - b.mtimeMs || a.file.localeCompare(b.file));
    const union = new Set();
    for (const { file } of files) {
        let text;
        try {
            text = external_node_fs_default().readFileSync(file, 'utf8');
        }
        catch (err) {
            onSkip(file, err.message);
            continue;
        }
        for (const line of text.split('\n')) {
            if (union.size >= cap)
                return [...union];
            if (HEX64.test(line))
                union.add(line);
        }
    }
    return [...union];
}

;// CONCATENATED MODULE: ./src/cacheprog/store/local-store.ts




/** Thrown when a put body does not match what the request promised. */
class BodyMismatchError extends Error {
    name = 'BodyMismatchError';
}
const ENTRY_VERSION = 'v1';
/**
 * The local cache directory:
 *   a/<xx>/<action id>   one line: v1 <output id> <size> <time>   (the action index)
 *   o/<xx>/<output id>   the output itself, no extension (DiskPath points here)
 * Sharded by the first two hex digits so no directory grows past a few thousand files.
 * Every file is written whole through a rename, so concurrent processes need no lock to stay
 * consistent; locks only spare them duplicate downloads.
 */
class LocalStore {
    dir;
    constructor(dir) {
        this.dir = dir;
    }
    /** Creates the layout and proves it is writable, with an error that names the directory. */
    init() {
        try {
            (0,atomic_file/* ensureDir */.A0)(external_node_path_default().join(this.dir, 'a'));
            (0,atomic_file/* ensureDir */.A0)(external_node_path_default().join(this.dir, 'o'));
            external_node_fs_default().accessSync(this.dir, (external_node_fs_default()).constants.W_OK);
        }
        catch (err) {
            throw new Error(`cache dir ${this.dir} is not usable: ${err.message}`);
        }
    }
    outputPath(outputId) {
        return external_node_path_default().join(this.dir, 'o', outputId.slice(0, 2), outputId);
    }
    entryPath(actionId) {
        return external_node_path_default().join(this.dir, 'a', actionId.slice(0, 2), actionId);
    }
    /** The entry for an action, if both its index line and an output of the right size exist. */
    get(actionId) {
        const line = readSmallFile(this.entryPath(actionId));
        if (line === undefined)
            return undefined;
        const meta = parseEntryLine(line);
        if (!meta)
            return undefined;
        const diskPath = this.outputPath(meta.outputId);
        if (!this.hasOutput(meta.outputId, meta.size))
            return undefined;
        return { ...meta, diskPath };
    }
    hasOutput(outputId, size) {
        return external_node_fs_default().statSync(this.outputPath(outputId), { throwIfNoEntry: false })?.size === size;
    }
    /** Records action → output. A newer put for the same action replaces the older one. */
    putEntry(actionId, meta) {
        (0,atomic_file/* writeFileAtomic */.Zf)(this.entryPath(actionId), formatEntryLine(meta));
        return { ...meta, diskPath: this.outputPath(meta.outputId) };
    }
    /**
     * Stores an entry whose whole output is already in memory (a verified download): the output
     * first, so that no reader finds the index line before its output.
     */
    putEntryWithOutput(actionId, meta, body) {
        if (!this.hasOutput(meta.outputId, body.length))
            (0,atomic_file/* writeFileAtomic */.Zf)(this.outputPath(meta.outputId), body);
        return this.putEntry(actionId, meta);
    }
    /**
     * Starts storing a streamed put body. The output id is go's sha256 of the content, so the body
     * is hashed as it streams and refused if it does not match: a bad entry never reaches the remote.
     */
    beginOutput(outputId, size) {
        if (this.hasOutput(outputId, size))
            return new DiscardingOutputWriter(outputId, size);
        return new VerifyingOutputWriter(this.outputPath(outputId), outputId, size);
    }
    readOutput(outputId) {
        return external_node_fs_default().promises.readFile(this.outputPath(outputId));
    }
    clear() {
        external_node_fs_default().rmSync(this.dir, { recursive: true, force: true });
    }
}
/** The output is already stored (same sha256, same size): the body only needs to be consumed. */
class DiscardingOutputWriter {
    outputId;
    size;
    received = 0;
    constructor(outputId, size) {
        this.outputId = outputId;
        this.size = size;
    }
    write(chunk) {
        this.received += chunk.length;
    }
    finish() {
        if (this.received !== this.size) {
            throw new BodyMismatchError(`body of output ${this.outputId} is ${this.received} bytes, expected ${this.size}`);
        }
    }
    abort() { }
}
class VerifyingOutputWriter {
    outputId;
    size;
    hash = external_node_crypto_default().createHash('sha256');
    file;
    received = 0;
    constructor(target, outputId, size) {
        this.outputId = outputId;
        this.size = size;
        this.file = new atomic_file/* AtomicFileWriter */.fz(target);
    }
    write(chunk) {
        this.received += chunk.length;
        this.hash.update(chunk);
        this.file.write(chunk);
    }
    finish() {
        const actual = this.hash.digest('hex');
        if (this.received !== this.size || actual !== this.outputId) {
            this.file.abort();
            throw new BodyMismatchError(this.received !== this.size
                ? `put body is ${this.received} bytes, but BodySize is ${this.size}`
                : `put body hashes to sha256 ${actual}, not the OutputID ${this.outputId}`);
        }
        this.file.commit();
    }
    abort() {
        this.file.abort();
    }
}
const lineBuffer = Buffer.allocUnsafe(256);
/**
 * Reads an index line on the hot path of every get: a stat that cannot throw spares misses the
 * cost of an exception, and one read into a reused buffer spares hits readFileSync's fstat.
 */
function readSmallFile(file) {
    if (!external_node_fs_default().statSync(file, { throwIfNoEntry: false }))
        return undefined;
    let fd;
    try {
        fd = external_node_fs_default().openSync(file, 'r');
    }
    catch {
        return undefined;
    }
    try {
        const n = external_node_fs_default().readSync(fd, lineBuffer, 0, lineBuffer.length, 0);
        return lineBuffer.toString('latin1', 0, n);
    }
    catch {
        return undefined;
    }
    finally {
        external_node_fs_default().closeSync(fd);
    }
}
function formatEntryLine(meta) {
    return `${ENTRY_VERSION} ${meta.outputId} ${meta.size} ${meta.time.toISOString()}\n`;
}
function parseEntryLine(line) {
    const [version, outputId, size, time] = line.trim().split(' ');
    if (version !== ENTRY_VERSION || !outputId || !/^[0-9a-f]{64}$/.test(outputId))
        return undefined;
    const n = Number(size);
    const t = new Date(time ?? '');
    if (!Number.isSafeInteger(n) || n < 0 || Number.isNaN(t.getTime()))
        return undefined;
    return { outputId, size: n, time: t };
}

// EXTERNAL MODULE: ./src/cacheprog/stats.ts
var stats = __webpack_require__(3697);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
var external_node_zlib_default = /*#__PURE__*/__webpack_require__.n(external_node_zlib_);
;// CONCATENATED MODULE: ./src/cacheprog/manifest/manifest-format.ts

/** 8 MiB parts: 80 GiB, far past any build cache a job uses. */
const MAX_PACK_PARTS = 10_000;
/** Far beyond a big monorepo's `go test ./...` (~50k ids); ~13 MB of JSON, ~7 MB gzip'd. */
const MAX_MANIFEST_IDS = 200_000;
/** A gzip bomb (or a huge foreign object under our key) stops here, not at the end of memory. */
const MAX_JSON_BYTES = 32 * 1024 * 1024;
const manifest_format_HEX64 = /^[0-9a-f]{64}$/;
/** The manifest is not one we can use; the message says why. */
class ManifestError extends Error {
    name = 'ManifestError';
}
function encodeManifest(actionIds, now = new Date(), pack) {
    const ids = [...new Set(actionIds)].slice(0, MAX_MANIFEST_IDS);
    for (const id of ids)
        if (!manifest_format_HEX64.test(id))
            throw new ManifestError(`not an action id: "${id.slice(0, 80)}"`);
    const manifest = { version: 1, created: now.toISOString(), actionIds: ids, ...(pack ? { pack } : {}) };
    // Hex ids compress about 2:1; level 6 costs ~100 ms on the largest manifest, once per job.
    return external_node_zlib_default().gzipSync(JSON.stringify(manifest));
}
/**
 * Parses and checks a downloaded manifest. Every id must be 64 lower-case hex digits: an id is
 * turned into an object key and a local path, so a manifest that breaks the rule is refused whole.
 */
function decodeManifest(bytes) {
    let json;
    try {
        json = external_node_zlib_default().gunzipSync(bytes, { maxOutputLength: MAX_JSON_BYTES }).toString('utf8');
    }
    catch (err) {
        throw new ManifestError(`not gzip data of at most ${MAX_JSON_BYTES} bytes (${err.message})`);
    }
    let parsed;
    try {
        parsed = JSON.parse(json);
    }
    catch (err) {
        throw new ManifestError(`not JSON (${err.message})`);
    }
    if (typeof parsed !== 'object' || parsed === null)
        throw new ManifestError('not a JSON object');
    const { version, created, actionIds, pack } = parsed;
    if (version !== 1)
        throw new ManifestError(`unknown version ${JSON.stringify(version)} (this action reads version 1)`);
    if (!Array.isArray(actionIds))
        throw new ManifestError('actionIds is not an array');
    if (actionIds.length > MAX_MANIFEST_IDS)
        throw new ManifestError(`${actionIds.length} action ids, more than the ${MAX_MANIFEST_IDS} allowed`);
    const ids = new Set();
    for (const id of actionIds) {
        if (typeof id !== 'string' || !manifest_format_HEX64.test(id))
            throw new ManifestError(`not an action id: ${JSON.stringify(id)?.slice(0, 80)}`);
        ids.add(id);
    }
    const manifest = { version: 1, created: typeof created === 'string' ? created : '', actionIds: [...ids] };
    // An unusable pack description costs only speed: the entries are then fetched one by one.
    const packInfo = parsePackInfo(pack);
    if (packInfo)
        manifest.pack = packInfo;
    return manifest;
}
function parsePackInfo(value) {
    if (typeof value !== 'object' || value === null)
        return undefined;
    const { parts, entries, bytes } = value;
    const count = (n, max) => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 && n <= max;
    if (!count(parts, MAX_PACK_PARTS) || parts === 0 || !count(entries, MAX_MANIFEST_IDS) || !count(bytes, Number.MAX_SAFE_INTEGER))
        return undefined;
    return { parts, entries, bytes };
}

;// CONCATENATED MODULE: ./src/cacheprog/manifest/manifest-key.ts

/**
 * Manifest keys are '/'-separated paths under <prefix>manifests/v1/. Each segment keeps
 * letters, digits, '.', '_' and '-'; anything else (spaces, a branch's '/', quotes) becomes '_',
 * so a key is always one safe object key however odd the workflow, job or branch name.
 * A key ending in '/' is a restore prefix: it matches the newest manifest under it. That is how
 * actions/cache restore keys behave, with '/' as the only boundary because S3 Express One Zone
 * lists only by '/'-terminated prefixes.
 */
const MAX_KEY_LENGTH = 512;
function sanitizeManifestKey(key) {
    const prefix = key.trim().endsWith('/');
    const segments = key
        .trim()
        .split('/')
        .filter((s) => s !== '')
        .map((s) => sanitizeSegment(s));
    if (segments.length === 0)
        return '';
    let out = segments.join('/');
    if (out.length > MAX_KEY_LENGTH) {
        // Still unique: the cut-off part is represented by its hash.
        const hash = external_node_crypto_default().createHash('sha256').update(out).digest('hex').slice(0, 16);
        out = `${out.slice(0, MAX_KEY_LENGTH - 17)}-${hash}`;
    }
    return prefix ? `${out}/` : out;
}
function sanitizeSegment(segment) {
    const s = segment.replace(/[^A-Za-z0-9._-]/g, '_');
    // '.' and '..' are path tricks, not names.
    return /^\.+$/.test(s) ? s.replace(/\./g, '_') : s;
}
function isRestorePrefix(key) {
    return key.endsWith('/');
}

// EXTERNAL MODULE: ./src/cacheprog/remote/object-format.ts
var object_format = __webpack_require__(2076);
// EXTERNAL MODULE: ./src/cacheprog/remote/verifying.ts
var verifying = __webpack_require__(6866);
;// CONCATENATED MODULE: ./src/cacheprog/manifest/pack.ts



/**
 * A pack holds the entries of one manifest as a few big objects, so that a cold VM downloads a
 * job's cache in a handful of requests instead of one round trip (and one SDK request's CPU) per
 * entry. A part is the entries' ordinary objects (magic, header, payload) one after another, in
 * the manifest's first-use order: what the build needs first arrives first, and every record is
 * self-describing and verified like a single object.
 */
const PACK_DIR = 'packs/v1/';
/** Big enough that a part's round trip is noise next to its transfer, small enough to parallelize. */
const PACK_PART_BYTES = 8 * 1024 * 1024;
/** Parts are overwritten by the next save of the same manifest key, so their number stays bounded. */
function packPartKey(manifestKey, index) {
    return `${PACK_DIR}${manifestKey}/${index}`;
}
/**
 * Builds the parts of a pack from the local store, one part in memory at a time. Entries the
 * store no longer has, or whose output on disk is not what the entry says, are left out: a
 * damaged local file must not be published for every other job to reject.
 */
async function* buildPackParts(store, actionIds, options) {
    const partBytes = options.partBytes ?? PACK_PART_BYTES;
    let chunks = [];
    let size = 0;
    for (const actionId of actionIds) {
        const entry = store.get(actionId);
        if (!entry) {
            options.onSkip?.(actionId, 'not in the local cache');
            continue;
        }
        let body;
        try {
            body = await store.readOutput(entry.outputId);
            await (0,verifying/* verifyEntry */.i)(actionId, entry, body, 'local output');
        }
        catch (err) {
            options.onSkip?.(actionId, err.message);
            continue;
        }
        const object = await (0,object_format/* encodeObject */.CG)(actionId, entry, body, { compression: options.compression });
        chunks.push(object);
        size += object.length;
        if (size >= partBytes) {
            yield { data: Buffer.concat(chunks, size), entries: chunks.length };
            chunks = [];
            size = 0;
        }
    }
    if (chunks.length > 0)
        yield { data: Buffer.concat(chunks, size), entries: chunks.length };
}
/**
 * The records of one downloaded part, each decoded and verified (size and sha256 of the body
 * against its output id). A record whose payload is damaged is reported and skipped; a part whose
 * framing is damaged ends there, since nothing after a bad header can be located.
 */
async function* readPackPart(data, where, onReject) {
    let offset = 0;
    while (offset < data.length) {
        let frame;
        try {
            frame = readObjectFrame(data, offset, `${where} at byte ${offset}`);
        }
        catch (err) {
            if (err instanceof IntegrityError)
                return onReject(err);
            throw err;
        }
        const { header } = frame;
        try {
            const decoded = await decodePayload(header, data.subarray(frame.payloadStart, frame.end), `${where}: action ${header.actionId.slice(0, 16)}…`);
            await verifyEntry(header.actionId, decoded.meta, decoded.body, `${where}: record`);
            yield { actionId: header.actionId, meta: decoded.meta, body: decoded.body, storedBytes: frame.end - offset };
        }
        catch (err) {
            if (!(err instanceof IntegrityError))
                throw err;
            onReject(err);
        }
        offset = frame.end;
    }
}

;// CONCATENATED MODULE: ./src/cacheprog/manifest/manifest-store.ts



/** Where manifests live under the cache prefix; versioned like the entries' v1/ space. */
const MANIFEST_DIR = 'manifests/v1/';
/** Reads and writes job manifests as plain objects beside the cache entries. */
class ManifestStore {
    s3;
    constructor(s3) {
        this.s3 = s3;
    }
    /**
     * The first usable manifest among keys, tried in order like actions/cache: an exact key, or for
     * a key ending in '/', the newest manifest under it. A corrupt manifest is skipped (and
     * reported) so that one bad branch manifest does not hide the default branch's.
     */
    async load(keys, signal) {
        const rejected = [];
        const tried = new Set();
        for (const raw of keys) {
            const key = sanitizeManifestKey(raw);
            if (key === '' || tried.has(key))
                continue;
            tried.add(key);
            let objectKey = `${MANIFEST_DIR}${key}`;
            if (isRestorePrefix(key))
                objectKey = await this.s3.newestUnder(objectKey, signal);
            if (objectKey === undefined)
                continue;
            const bytes = await this.s3.getRaw(objectKey, signal);
            if (bytes === undefined)
                continue;
            const name = objectKey.slice(MANIFEST_DIR.length);
            try {
                return { found: { key: name, manifest: decodeManifest(bytes), bytes: bytes.length }, rejected };
            }
            catch (err) {
                if (!(err instanceof ManifestError))
                    throw err;
                rejected.push(`${name}: ${err.message}`);
            }
        }
        return { rejected };
    }
    /**
     * Writes the manifest under key (never a restore prefix); returns the stored key and size.
     * Write its pack first (savePack), so that a reader who sees the manifest finds the parts.
     */
    async save(key, actionIds, signal, pack) {
        const clean = manifestKeyOrThrow(key);
        const data = encodeManifest(actionIds, new Date(), pack);
        await this.s3.putRaw(`${MANIFEST_DIR}${clean}`, data, signal);
        return { key: clean, bytes: data.length };
    }
    /**
     * Uploads the parts of key's pack, `concurrency` at a time. Two jobs saving the same key at once
     * may interleave their parts; that is harmless, since every record in a part is self-describing
     * and verified on its own, and the manifest only says how many parts to read.
     */
    async savePack(key, parts, signal, concurrency = 4) {
        const clean = manifestKeyOrThrow(key);
        const info = { parts: 0, entries: 0, bytes: 0 };
        const inflight = new Set();
        let failure;
        for await (const part of parts) {
            const put = this.s3.putRaw(packPartKey(clean, info.parts), part.data, signal).catch((err) => {
                failure ??= err;
            });
            const tracked = put.finally(() => inflight.delete(tracked));
            inflight.add(tracked);
            info.parts++;
            info.entries += part.entries;
            info.bytes += part.data.length;
            if (inflight.size >= concurrency)
                await Promise.race(inflight);
            if (failure !== undefined)
                break;
        }
        await Promise.all(inflight);
        if (failure !== undefined)
            throw failure;
        return info.parts > 0 ? info : undefined;
    }
    /** One part of the pack saved with the manifest `manifestKey` (as LoadedManifest.key names it). */
    loadPackPart(manifestKey, index, signal) {
        return this.s3.getRaw(packPartKey(manifestKey, index), signal);
    }
}
function manifestKeyOrThrow(key) {
    const clean = sanitizeManifestKey(key);
    if (clean === '' || isRestorePrefix(clean))
        throw new ManifestError(`"${key}" is not a manifest key (it is empty or ends in '/')`);
    return clean;
}

;// CONCATENATED MODULE: ./src/cacheprog/manifest/restored-manifest.ts




/**
 * What the prefetcher restored, left in the stats dir so that save-manifest can tell a job that
 * used exactly what it restored, under the same key, and skip re-uploading the same manifest and
 * pack. A rewrite is still due once the restored copy is a day old: lifecycle rules expire
 * objects by age, not by use, and a skipped rewrite must not let a busy job's manifest expire.
 */
// Not *.json: every .json file in the stats dir is read as one process's statistics.
const FILE = 'manifest-restored.meta';
const REWRITE_AFTER_MS = 24 * 60 * 60 * 1000;
function idsDigest(ids) {
    return external_node_crypto_default().createHash('sha256').update([...new Set(ids)].sort().join('\n')).digest('hex');
}
function recordRestored(statsDir, restored) {
    writeFileAtomic(path.join(statsDir, FILE), JSON.stringify(restored));
}
function readRestored(statsDir) {
    try {
        const value = JSON.parse(external_node_fs_default().readFileSync(external_node_path_default().join(statsDir, FILE), 'utf8'));
        if (typeof value.key !== 'string' || typeof value.digest !== 'string' || typeof value.created !== 'string')
            return undefined;
        return { key: value.key, digest: value.digest, ids: Number(value.ids) || 0, created: value.created, hasPack: value.hasPack === true };
    }
    catch {
        return undefined;
    }
}
/** Why saving `ids` under `key` would rewrite what is already there, or undefined when it would not. */
function unchangedReason(restored, key, ids, wantPack, now = Date.now()) {
    if (!restored || restored.key !== key || (wantPack && !restored.hasPack))
        return undefined;
    const age = now - Date.parse(restored.created);
    if (!(age >= 0 && age < REWRITE_AFTER_MS))
        return undefined;
    if (restored.digest !== idsDigest(ids))
        return undefined;
    return `unchanged: the job used exactly the ${restored.ids} entries of the manifest ${key} it restored (written ${restored.created}; rewritten once a day)`;
}

;// CONCATENATED MODULE: ./src/cacheprog/manifest/save-manifest.ts









/**
 * Adds up the action logs the go processes left in the stats dir and uploads them as the
 * manifest `key`. Skips (with the reason) when there is nothing to save or nowhere to save it;
 * rejects only when the upload itself fails.
 */
async function saveManifest(config, key, log) {
    if (config.backend !== 's3' || !config.s3)
        return { saved: false, reason: 'the backend is not s3' };
    if (config.readOnly)
        return { saved: false, reason: 'read-only: nothing is written to the remote' };
    if (!config.statsDir)
        return { saved: false, reason: 'no -stats-dir to read the action logs from' };
    const ids = readActionLogs(config.statsDir, MAX_MANIFEST_IDS, (file, why) => log(`skipped the unreadable action log ${file}: ${why}`));
    if (ids.length === 0)
        return { saved: false, reason: `no go process recorded a cache entry in ${config.statsDir}` };
    const unchanged = unchangedReason(readRestored(config.statsDir), sanitizeManifestKey(key), ids, config.pack);
    if (unchanged)
        return { saved: false, reason: unchanged };
    const s3 = await (0,create_backend/* createS3Backend */.ly)(config, { warn: log });
    try {
        const manifests = new ManifestStore(s3);
        let pack;
        if (config.pack) {
            // A pack is an optimization: without one the next prefetch fetches entry by entry.
            let skipped = 0;
            const parts = buildPackParts(new LocalStore(config.cacheDir), ids, { compression: config.compression, onSkip: () => skipped++ });
            try {
                pack = await manifests.savePack(key, parts);
                if (skipped > 0)
                    log(`left ${skipped} entries out of the pack: not in the local cache ${config.cacheDir}, or damaged there`);
            }
            catch (err) {
                log(`pack not saved (${err.message}); the next prefetch fetches the entries one by one`);
            }
        }
        const saved = await manifests.save(key, ids, undefined, pack);
        if (pack)
            log(`saved a pack of ${pack.entries} entries in ${pack.parts} part(s) (${(0,stats/* formatBytes */.z3)(pack.bytes)})`);
        return { saved: true, key: saved.key, ids: ids.length, bytes: saved.bytes, ...(pack ? { pack } : {}) };
    }
    finally {
        await s3.close().catch(() => { });
    }
}


/***/ })

};
