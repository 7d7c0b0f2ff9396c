export const id = 632;
export const ids = [632];
export const modules = {

/***/ 66813:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   A: () => (/* binding */ readActionLogs),
/* harmony export */   M: () => (/* binding */ writeActionLog)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _store_atomic_file_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(99306);
/* harmony import */ var _protocol_types_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(47802);





/**
 * Each go process leaves the action ids it used in the stats dir as actions-<pid>-<rand>.txt (hex,
 * one per line, in first-use order); save-manifest adds them up into the job's manifest. Plain
 * text because a big `go test ./...` uses tens of thousands of ids and this costs nothing to write.
 */
const LOG_NAME = /^actions-\d+-[0-9a-f]+\.txt$/;
/** Writes this process's ids; nothing when there are none. Returns the file written. */
function writeActionLog(dir, ids) {
    if (ids.length === 0)
        return undefined;
    const file = node_path__WEBPACK_IMPORTED_MODULE_2___default().join(dir, `actions-${process.pid}-${node_crypto__WEBPACK_IMPORTED_MODULE_0___default().randomBytes(4).toString('hex')}.txt`);
    (0,_store_atomic_file_js__WEBPACK_IMPORTED_MODULE_3__/* .writeFileAtomic */ .Zf)(file, `${ids.join('\n')}\n`);
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
        names = node_fs__WEBPACK_IMPORTED_MODULE_1___default().readdirSync(dir).filter((n) => LOG_NAME.test(n));
    }
    catch {
        return [];
    }
    const files = names
        .map((name) => {
        const file = node_path__WEBPACK_IMPORTED_MODULE_2___default().join(dir, name);
        return { file, mtimeMs: node_fs__WEBPACK_IMPORTED_MODULE_1___default().statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0 };
    })
        .sort((a, b) => a.mtimeMs - b.mtimeMs || a.file.localeCompare(b.file));
    const union = new Set();
    for (const { file } of files) {
        let text;
        try {
            text = node_fs__WEBPACK_IMPORTED_MODULE_1___default().readFileSync(file, 'utf8');
        }
        catch (err) {
            onSkip(file, err.message);
            continue;
        }
        for (const line of text.split('\n')) {
            if (union.size >= cap)
                return [...union];
            if (_protocol_types_js__WEBPACK_IMPORTED_MODULE_4__/* .HEX_ID */ .m.test(line))
                union.add(line);
        }
    }
    return [...union];
}


/***/ }),

/***/ 17093:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AG: () => (/* binding */ MAX_MANIFEST_IDS),
/* harmony export */   Gb: () => (/* binding */ encodeManifest),
/* harmony export */   MK: () => (/* binding */ decodeManifest),
/* harmony export */   Sh: () => (/* binding */ ManifestError)
/* harmony export */ });
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(38522);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_zlib__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _protocol_types_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(47802);


/** Far past any build cache a job uses, at a few MiB per part. */
const MAX_PACK_PARTS = 10_000;
/** Far beyond a big monorepo's `go test ./...` (~50k ids); ~13 MB of JSON, ~7 MB gzip'd. */
const MAX_MANIFEST_IDS = 200_000;
/** A gzip bomb (or a huge foreign object under our key) stops here, not at the end of memory. */
const MAX_JSON_BYTES = 32 * 1024 * 1024;
/** The manifest is not one we can use; the message says why. */
class ManifestError extends Error {
    name = 'ManifestError';
}
function encodeManifest(actionIds, now = new Date(), pack) {
    const ids = [...new Set(actionIds)].slice(0, MAX_MANIFEST_IDS);
    for (const id of ids)
        if (!_protocol_types_js__WEBPACK_IMPORTED_MODULE_1__/* .HEX_ID */ .m.test(id))
            throw new ManifestError(`not an action id: "${id.slice(0, 80)}"`);
    const index = new Map(ids.map((id, i) => [id, i]));
    const packField = pack === undefined
        ? {}
        : Array.isArray(pack)
            ? {
                packParts: pack.map(({ ids: partIds, ...rest }) => ({
                    ...rest,
                    entries: partIds.map((id) => index.get(id)).filter((i) => i !== undefined),
                })),
            }
            : { pack };
    const manifest = { version: 1, created: now.toISOString(), actionIds: ids, ...packField };
    // Hex ids compress about 2:1; level 6 costs ~100 ms on the largest manifest, once per job.
    return node_zlib__WEBPACK_IMPORTED_MODULE_0___default().gzipSync(JSON.stringify(manifest));
}
/**
 * Parses and checks a downloaded manifest. Every id must be 64 lower-case hex digits: an id is
 * turned into an object key and a local path, so a manifest that breaks the rule is refused whole.
 */
function decodeManifest(bytes) {
    let json;
    try {
        json = node_zlib__WEBPACK_IMPORTED_MODULE_0___default().gunzipSync(bytes, { maxOutputLength: MAX_JSON_BYTES }).toString('utf8');
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
    const { version, created, actionIds, pack, packParts } = parsed;
    if (version !== 1)
        throw new ManifestError(`unknown version ${JSON.stringify(version)} (this action reads version 1)`);
    if (!Array.isArray(actionIds))
        throw new ManifestError('actionIds is not an array');
    if (actionIds.length > MAX_MANIFEST_IDS)
        throw new ManifestError(`${actionIds.length} action ids, more than the ${MAX_MANIFEST_IDS} allowed`);
    const ids = new Set();
    for (const id of actionIds) {
        if (typeof id !== 'string' || !_protocol_types_js__WEBPACK_IMPORTED_MODULE_1__/* .HEX_ID */ .m.test(id))
            throw new ManifestError(`not an action id: ${JSON.stringify(id)?.slice(0, 80)}`);
        ids.add(id);
    }
    const manifest = { version: 1, created: typeof created === 'string' ? created : '', actionIds: [...ids] };
    // An unusable pack description costs only speed: the entries are then fetched one by one.
    const packInfo = parsePackInfo(pack);
    if (packInfo)
        manifest.pack = packInfo;
    const parts = parsePartRefs(packParts, manifest.actionIds);
    if (parts)
        manifest.packParts = parts;
    return manifest;
}
const count = (n, max) => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 && n <= max;
/** The content-addressed parts, or undefined (the entries are then fetched one by one) when any part is malformed. */
function parsePartRefs(value, ids) {
    if (!Array.isArray(value) || value.length === 0 || value.length > MAX_PACK_PARTS)
        return undefined;
    const parts = [];
    for (const item of value) {
        if (typeof item !== 'object' || item === null)
            return undefined;
        const { key, bytes, records, created, entries } = item;
        if (typeof key !== 'string' ||
            !_protocol_types_js__WEBPACK_IMPORTED_MODULE_1__/* .HEX_ID */ .m.test(key) ||
            !count(bytes, Number.MAX_SAFE_INTEGER) ||
            !count(records, MAX_MANIFEST_IDS))
            return undefined;
        if (!Array.isArray(entries) || entries.length > records)
            return undefined;
        const partIds = [];
        for (const i of entries) {
            if (!count(i, ids.length - 1))
                return undefined;
            partIds.push(ids[i]);
        }
        parts.push({ key, bytes, records, created: typeof created === 'string' ? created : '', ids: partIds });
    }
    return parts;
}
function parsePackInfo(value) {
    if (typeof value !== 'object' || value === null)
        return undefined;
    const { parts, entries, bytes } = value;
    if (!count(parts, MAX_PACK_PARTS) ||
        parts === 0 ||
        !count(entries, MAX_MANIFEST_IDS) ||
        !count(bytes, Number.MAX_SAFE_INTEGER))
        return undefined;
    return { parts, entries, bytes };
}


/***/ }),

/***/ 10709:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   kz: () => (/* binding */ manifestStoreFor)
/* harmony export */ });
/* unused harmony exports MANIFEST_DIR, ManifestStore */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _remote_scopes_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(10724);
/* harmony import */ var _manifest_format_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(17093);
/* harmony import */ var _manifest_key_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(87083);
/* harmony import */ var _pack_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(54225);
/* harmony import */ var _util_work_pool_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(16334);






/** Where manifests live under the cache prefix; versioned like the entries' v1/ space. */
const MANIFEST_DIR = 'manifests/v1/';
/**
 * The manifests of a process with trust scopes: written to its own scope, read from its read
 * scopes in order, so a pull request's manifest is never restored by the default branch.
 */
function manifestStoreFor(objects, scopes) {
    if (!scopes)
        return new ManifestStore(objects);
    const views = (0,_remote_scopes_js__WEBPACK_IMPORTED_MODULE_4__/* .scopeViews */ .tl)(objects, scopes);
    return new ManifestStore(views[0].store, views);
}
/** Bounded: a restore prefix holds one manifest per branch, not thousands of pages. */
const MAX_LIST_PAGES = 20;
/**
 * The key of the most recently written object under keyPrefix, or undefined when there is none.
 * keyPrefix must end in '/': S3 Express lists nothing else.
 */
async function newestUnder(store, keyPrefix, signal) {
    if (!keyPrefix.endsWith('/'))
        throw new TypeError(`a list prefix must end in '/', got "${keyPrefix}"`);
    let newest;
    let pages = 0;
    for await (const page of store.list(keyPrefix, { signal })) {
        for (const o of page) {
            const time = o.lastModified?.getTime() ?? 0;
            if (newest === undefined || time > newest.time)
                newest = { key: o.key, time };
        }
        if (++pages >= MAX_LIST_PAGES)
            break;
    }
    return newest?.key;
}
/** Reads and writes job manifests as plain objects beside the cache entries. */
class ManifestStore {
    objects;
    read;
    /**
     * `objects` is where manifests and packs are written; `read` are the scopes they are read from,
     * in priority order (by default `objects` alone, unscoped).
     */
    constructor(objects, read = [{ scope: '', store: objects }]) {
        this.objects = objects;
        this.read = read;
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
            const key = (0,_manifest_key_js__WEBPACK_IMPORTED_MODULE_2__/* .sanitizeManifestKey */ .sQ)(raw);
            if (key === '' || tried.has(key))
                continue;
            tried.add(key);
            const hit = await this.find(`${MANIFEST_DIR}${key}`, signal);
            if (hit === undefined)
                continue;
            const { scope, value: { objectKey, bytes }, } = hit;
            const name = objectKey.slice(MANIFEST_DIR.length);
            try {
                return { found: { key: name, scope, manifest: (0,_manifest_format_js__WEBPACK_IMPORTED_MODULE_1__/* .decodeManifest */ .MK)(bytes), bytes: bytes.length }, rejected };
            }
            catch (err) {
                if (!(err instanceof _manifest_format_js__WEBPACK_IMPORTED_MODULE_1__/* .ManifestError */ .Sh))
                    throw err;
                rejected.push(`${name}: ${err.message}`);
            }
        }
        return { rejected };
    }
    /** The object at objectKey (or for a restore prefix, the newest under it) in the first read scope that has one. */
    find(objectKey, signal) {
        return (0,_remote_scopes_js__WEBPACK_IMPORTED_MODULE_4__/* .firstHit */ .Eo)(this.read, async (store) => {
            const found = (0,_manifest_key_js__WEBPACK_IMPORTED_MODULE_2__/* .isRestorePrefix */ .jX)(objectKey) ? await newestUnder(store, objectKey, signal) : objectKey;
            if (found === undefined)
                return undefined;
            const bytes = await store.get(found, { signal });
            return bytes === undefined ? undefined : { objectKey: found, bytes };
        });
    }
    /**
     * The manifest saved under key in the write scope (exact key, no restore prefix), or undefined
     * when there is none or it is unusable: what the next save may reuse parts of.
     */
    async loadOwn(key, signal) {
        const bytes = await this.objects.get(`${MANIFEST_DIR}${manifestKeyOrThrow(key)}`, { signal });
        if (bytes === undefined)
            return undefined;
        try {
            return (0,_manifest_format_js__WEBPACK_IMPORTED_MODULE_1__/* .decodeManifest */ .MK)(bytes);
        }
        catch (err) {
            if (err instanceof _manifest_format_js__WEBPACK_IMPORTED_MODULE_1__/* .ManifestError */ .Sh)
                return undefined;
            throw err;
        }
    }
    /**
     * Writes the manifest under key (never a restore prefix); returns the stored key and size.
     * Write its pack parts first (putParts), so that a reader who sees the manifest finds them.
     */
    async save(key, actionIds, signal, parts) {
        const clean = manifestKeyOrThrow(key);
        const data = (0,_manifest_format_js__WEBPACK_IMPORTED_MODULE_1__/* .encodeManifest */ .Gb)(actionIds, new Date(), parts && parts.length > 0 ? parts : undefined);
        await this.objects.put(`${MANIFEST_DIR}${clean}`, data, signal);
        return { key: clean, bytes: data.length };
    }
    /**
     * Uploads parts under their content address, `concurrency` at a time; resolves with their
     * references in the order given. Two jobs writing the same part write the same bytes.
     */
    async putParts(parts, signal, concurrency = 4, now = new Date()) {
        const refs = [];
        await (0,_util_work_pool_js__WEBPACK_IMPORTED_MODULE_5__/* .runEach */ .Tm)(parts, concurrency, (part) => {
            const hash = node_crypto__WEBPACK_IMPORTED_MODULE_0___default().createHash('sha256').update(part.data).digest('hex');
            refs.push({
                key: hash,
                bytes: part.data.length,
                records: part.entries,
                created: now.toISOString(),
                ids: part.ids,
            });
            return this.objects.put((0,_pack_js__WEBPACK_IMPORTED_MODULE_3__/* .partObjectKey */ .qL)(hash), part.data, signal).then(() => undefined);
        });
        return refs;
    }
    /**
     * One part of the pack of the manifest found at `manifest` (a LoadedManifest), from the same
     * scope: a content-addressed part by its reference, or a numbered part of an older pack by index.
     */
    loadPackPart(manifest, part, signal) {
        const view = this.read.find((v) => v.scope === manifest.scope);
        if (!view)
            return Promise.reject(new Error(`scope "${manifest.scope}" is not read by this process`));
        return view.store.get(typeof part === 'number' ? (0,_pack_js__WEBPACK_IMPORTED_MODULE_3__/* .packPartKey */ .M9)(manifest.key, part) : (0,_pack_js__WEBPACK_IMPORTED_MODULE_3__/* .partObjectKey */ .qL)(part.key), {
            signal,
        });
    }
}
function manifestKeyOrThrow(key) {
    const clean = (0,_manifest_key_js__WEBPACK_IMPORTED_MODULE_2__/* .sanitizeManifestKey */ .sQ)(key);
    if (clean === '' || (0,_manifest_key_js__WEBPACK_IMPORTED_MODULE_2__/* .isRestorePrefix */ .jX)(clean))
        throw new _manifest_format_js__WEBPACK_IMPORTED_MODULE_1__/* .ManifestError */ .Sh(`"${key}" is not a manifest key (it is empty or ends in '/')`);
    return clean;
}


/***/ }),

/***/ 54225:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   M9: () => (/* binding */ packPartKey),
/* harmony export */   qL: () => (/* binding */ partObjectKey),
/* harmony export */   qw: () => (/* binding */ buildPackParts)
/* harmony export */ });
/* unused harmony exports PACK_DIR, PART_DIR, PACK_PART_BYTES, PACK_ALONE_BYTES, readPackPart, storePackPart */
/* harmony import */ var _remote_object_format_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(92076);
/* harmony import */ var _remote_verifying_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(16866);
/* harmony import */ var _util_work_pool_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(16334);




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
const PACK_DIR = 'packs/v1/';
const PART_DIR = 'packs/v2/';
/**
 * Big enough that a part's round trip is noise next to its transfer, small enough that a few
 * download at once and that a changed entry makes a small part stale, not a big one.
 */
const PACK_PART_BYTES = 4 * 1024 * 1024;
/**
 * Entries bigger than this stay out of packs: one gains nothing from a pack (one request either
 * way), and would make its part, held whole in the prefetching job server's memory, as big as
 * itself. The prefetch fetches it on its own, streamed to disk like any other big get. High
 * enough that std's biggest archive (runtime, ~13 MB) is still packed.
 */
const PACK_ALONE_BYTES = 32 * 1024 * 1024;
/** A numbered part of a pack saved before content-addressed parts. */
function packPartKey(manifestKey, index) {
    return `${PACK_DIR}${manifestKey}/${index}`;
}
/** A content-addressed part: its key is the sha256 (hex) of its bytes. */
function partObjectKey(hash) {
    return `${PART_DIR}${hash}`;
}
/**
 * Builds the parts of a pack from the local store, one part in memory at a time. Entries the
 * store no longer has, or whose output on disk is not what the entry says, are left out: a
 * damaged local file must not be published for every other job to reject.
 */
async function* buildPackParts(store, actionIds, options) {
    const partBytes = options.partBytes ?? PACK_PART_BYTES;
    let chunks = [];
    let ids = [];
    let size = 0;
    // Several entries read, checked and compressed at once (the reads and big bodies' gzip run on
    // the threadpool): one at a time left a core idle, and this is most of a populating run's post step.
    const encoded = (0,_util_work_pool_js__WEBPACK_IMPORTED_MODULE_2__/* .mapInOrder */ .Y6)(actionIds.length, ENCODE_AHEAD, (i) => encodeRecord(store, actionIds[i], options.compression, options.aloneBytes ?? PACK_ALONE_BYTES));
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
    if (chunks.length > 0)
        yield { data: Buffer.concat(chunks, size), entries: chunks.length, ids };
}
/** Entries a pack build encodes ahead of the one it appends: enough to keep two cores busy. */
const ENCODE_AHEAD = 8;
/** One entry as a pack record, or why it is left out. */
async function encodeRecord(store, actionId, compression, aloneBytes) {
    const entry = store.get(actionId);
    if (!entry)
        return { actionId, skipped: 'not in the local cache' };
    if (entry.size > aloneBytes)
        return { actionId, alone: true };
    let body;
    try {
        body = await store.readOutput(entry);
        await (0,_remote_verifying_js__WEBPACK_IMPORTED_MODULE_1__/* .verifyEntry */ .i)(actionId, entry, body, 'local output');
    }
    catch (err) {
        return { actionId, skipped: err.message };
    }
    return { actionId, object: await (0,_remote_object_format_js__WEBPACK_IMPORTED_MODULE_0__/* .encodeObject */ .CG)(actionId, entry, body, { compression }) };
}
/**
 * The records of one downloaded part, each decoded and verified (size and sha256 of the body
 * against its output id). A record whose payload is damaged is reported and skipped; a part whose
 * framing is damaged ends there, since nothing after a bad header can be located. Synchronous: it
 * runs on a part writer's own thread (part-writer.ts), where nothing else waits for the loop.
 */
function* readPackPart(data, where, onReject) {
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
            const decoded = decodePayloadSync(header, data.subarray(frame.payloadStart, frame.end), `${where}: action ${header.actionId.slice(0, 16)}…`);
            verifyEntrySync(header.actionId, decoded.meta, decoded.body, `${where}: record`);
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
/**
 * Stores the records of a downloaded part that `take` names into the local store (verified first,
 * by readPackPart): an output file and an index line each, as a remote get stores one entry.
 */
function storePackPart(store, data, where, take) {
    const result = { stored: [], skipped: 0, rejects: [] };
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
    }
    catch (err) {
        result.error = err.message;
    }
    return result;
}


/***/ }),

/***/ 1926:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   IQ: () => (/* binding */ unchangedReason),
/* harmony export */   f8: () => (/* binding */ readRestored)
/* harmony export */ });
/* unused harmony exports REWRITE_AFTER_MS, idsDigest, recordRestored */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _store_atomic_file_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(99306);




/**
 * What the prefetcher restored, left in the stats dir so that save-manifest can tell a job that
 * used exactly what it restored, under the same key, and skip re-uploading the same manifest and
 * pack. A rewrite is still due once the restored copy is a day old: lifecycle rules expire
 * objects by age, not by use, and a skipped rewrite must not let a busy job's manifest expire.
 */
// Not *.json: every .json file in the stats dir is read as one process's statistics.
const FILE = 'manifest-restored.meta';
/** The restored manifest's ids, one per line: a job that used only some of them added nothing. */
const IDS_FILE = 'manifest-restored.ids';
const REWRITE_AFTER_MS = 24 * 60 * 60 * 1000;
function idsDigest(ids) {
    return node_crypto__WEBPACK_IMPORTED_MODULE_0___default().createHash('sha256')
        .update([...new Set(ids)].sort().join('\n'))
        .digest('hex');
}
function recordRestored(statsDir, restored, ids) {
    if (ids)
        writeFileAtomic(path.join(statsDir, IDS_FILE), ids.join('\n'));
    writeFileAtomic(path.join(statsDir, FILE), JSON.stringify({ ...restored, idSet: undefined }));
}
function readIds(statsDir) {
    try {
        return new Set(node_fs__WEBPACK_IMPORTED_MODULE_1___default().readFileSync(node_path__WEBPACK_IMPORTED_MODULE_2___default().join(statsDir, IDS_FILE), 'utf8')
            .split('\n')
            .filter((l) => l !== ''));
    }
    catch {
        return undefined;
    }
}
function readRestored(statsDir) {
    try {
        const value = JSON.parse(node_fs__WEBPACK_IMPORTED_MODULE_1___default().readFileSync(node_path__WEBPACK_IMPORTED_MODULE_2___default().join(statsDir, FILE), 'utf8'));
        if (typeof value.key !== 'string' || typeof value.digest !== 'string' || typeof value.created !== 'string')
            return undefined;
        const scope = typeof value.scope === 'string' ? value.scope : '';
        const idSet = readIds(statsDir);
        return {
            key: value.key,
            digest: value.digest,
            ids: Number(value.ids) || 0,
            created: value.created,
            hasPack: value.hasPack === true,
            scope,
            ...(idSet ? { idSet } : {}),
        };
    }
    catch {
        return undefined;
    }
}
/** Why saving `ids` under `key` (in the write scope `scope`) would rewrite what is already there, or undefined when it would not. */
function unchangedReason(restored, key, ids, wantPack, now = Date.now(), scope = '') {
    if (!restored || restored.key !== key || (restored.scope ?? '') !== scope || (wantPack && !restored.hasPack))
        return undefined;
    const age = now - Date.parse(restored.created);
    if (!(age >= 0 && age < REWRITE_AFTER_MS))
        return undefined;
    if (restored.digest === idsDigest(ids)) {
        return `unchanged: the job used exactly the ${restored.ids} entries of the manifest ${key} it restored (written ${restored.created}; rewritten once a day)`;
    }
    // A warm run that used part of what it restored and built nothing: the manifest and its pack
    // still hold everything it used, so rewriting them would upload the same bytes again.
    const known = restored.idSet;
    if (known && ids.every((id) => known.has(id))) {
        return `nothing new: the job used ${new Set(ids).size} of the ${restored.ids} entries of the manifest ${key} it restored and built nothing else (written ${restored.created}; rewritten once a day)`;
    }
    return undefined;
}


/***/ }),

/***/ 42891:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   EW: () => (/* binding */ readSmallFile),
/* harmony export */   IJ: () => (/* binding */ localStoreOf),
/* harmony export */   IP: () => (/* binding */ USE_RESOLUTION_MS),
/* harmony export */   Vs: () => (/* binding */ LocalStore),
/* harmony export */   Wf: () => (/* binding */ parseEntryLine),
/* harmony export */   ol: () => (/* binding */ listDir)
/* harmony export */ });
/* unused harmony exports BodyMismatchError, formatEntryLine */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _protocol_types_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(47802);
/* harmony import */ var _atomic_file_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(99306);





/** Thrown when a put body does not match what the request promised. */
class BodyMismatchError extends Error {
    name = 'BodyMismatchError';
}
const ENTRY_VERSION = 'v1';
/**
 * The local cache directory:
 *   a/<xx>/<action id>   one line: v1 <output id> <size> <time>   (the action index)
 *   o/<xx>/<output id>   the output itself, no extension (DiskPath points here)
 * Sharded by the first two hex digits so no directory grows past a few thousand files. The job
 * server's bridge reads this layout too (src/bridge/local.go): change both together.
 * Every file is written whole through a rename, so concurrent processes need no lock to stay
 * consistent; locks only spare them duplicate downloads.
 */
class LocalStore {
    dir;
    shared;
    /**
     * shared: a store this one reads after its own and never writes, touches or trims (a
     * self-hosted runner's persistent cache dir, for a job that may not write what trusted jobs read).
     */
    constructor(dir, shared) {
        this.dir = dir;
        this.shared = shared;
    }
    /** Creates the layout and proves it is writable, with an error that names the directory. */
    init() {
        try {
            (0,_atomic_file_js__WEBPACK_IMPORTED_MODULE_3__/* .ensureDir */ .A0)(node_path__WEBPACK_IMPORTED_MODULE_2___default().join(this.dir, 'a'));
            (0,_atomic_file_js__WEBPACK_IMPORTED_MODULE_3__/* .ensureDir */ .A0)(node_path__WEBPACK_IMPORTED_MODULE_2___default().join(this.dir, 'o'));
            node_fs__WEBPACK_IMPORTED_MODULE_1___default().accessSync(this.dir, (node_fs__WEBPACK_IMPORTED_MODULE_1___default().constants).W_OK);
        }
        catch (err) {
            throw new Error(`cache dir ${this.dir} is not usable: ${err.message}`, { cause: err });
        }
    }
    /**
     * Creates the 512 shard directories on the threadpool, for a long-lived server to call at start:
     * its first stores then find their directory made instead of creating it while go waits.
     */
    async createShards() {
        const shards = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
        await Promise.all(shards.flatMap((shard) => [
            (0,_atomic_file_js__WEBPACK_IMPORTED_MODULE_3__/* .ensureDirAsync */ .s6)(node_path__WEBPACK_IMPORTED_MODULE_2___default().join(this.dir, 'a', shard)),
            (0,_atomic_file_js__WEBPACK_IMPORTED_MODULE_3__/* .ensureDirAsync */ .s6)(node_path__WEBPACK_IMPORTED_MODULE_2___default().join(this.dir, 'o', shard)),
        ]));
    }
    outputPath(outputId) {
        return node_path__WEBPACK_IMPORTED_MODULE_2___default().join(this.dir, 'o', outputId.slice(0, 2), outputId);
    }
    entryPath(actionId) {
        return node_path__WEBPACK_IMPORTED_MODULE_2___default().join(this.dir, 'a', actionId.slice(0, 2), actionId);
    }
    /**
     * The entry for an action, if both its index line and an output of the right size exist.
     * A hit marks the entry as used for the size cap's LRU order (see store/trim.ts): the index
     * file's mtime is set to now when it is older than USE_RESOLUTION_MS, so most hits cost no
     * extra system call (the stat is needed anyway) and an entry costs one utimes an hour.
     */
    get(actionId) {
        return this.getOwn(actionId, true) ?? this.shared?.getOwn(actionId, false);
    }
    getOwn(actionId, markUsed) {
        const file = this.entryPath(actionId);
        const st = node_fs__WEBPACK_IMPORTED_MODULE_1___default().statSync(file, { throwIfNoEntry: false });
        if (!st)
            return undefined;
        const line = readSmallFile(file);
        if (line === undefined)
            return undefined;
        const meta = parseEntryLine(line);
        if (!meta)
            return undefined;
        const diskPath = this.outputPath(meta.outputId);
        if (!this.hasOutput(meta.outputId, meta.size))
            return undefined;
        if (markUsed)
            touchIfOlder(file, st.mtimeMs);
        return { ...meta, diskPath };
    }
    hasOutput(outputId, size) {
        return node_fs__WEBPACK_IMPORTED_MODULE_1___default().statSync(this.outputPath(outputId), { throwIfNoEntry: false })?.size === size;
    }
    /**
     * An output already on disk that a new entry now names: made young again for the trim, which
     * removes only outputs older than its cut-off (else a trim could take it from the new entry).
     */
    reuseOutput(outputId) {
        const file = this.outputPath(outputId);
        const st = node_fs__WEBPACK_IMPORTED_MODULE_1___default().statSync(file, { throwIfNoEntry: false });
        if (st)
            touchIfOlder(file, st.mtimeMs);
    }
    /** Records action → output. A newer put for the same action replaces the older one. */
    putEntry(actionId, meta) {
        (0,_atomic_file_js__WEBPACK_IMPORTED_MODULE_3__/* .writeFileAtomic */ .Zf)(this.entryPath(actionId), formatEntryLine(meta));
        return { ...meta, diskPath: this.outputPath(meta.outputId) };
    }
    /**
     * Stores an entry whose whole output is already in memory (a verified download): the output
     * first, so that no reader finds the index line before its output.
     */
    putEntryWithOutput(actionId, meta, body) {
        if (!this.hasOutput(meta.outputId, body.length))
            (0,_atomic_file_js__WEBPACK_IMPORTED_MODULE_3__/* .writeFileAtomic */ .Zf)(this.outputPath(meta.outputId), body);
        else
            this.reuseOutput(meta.outputId);
        return this.putEntry(actionId, meta);
    }
    /**
     * Starts storing a streamed put body. The output id is go's sha256 of the content, so the body
     * is hashed as it streams and refused if it does not match: a bad entry never reaches the remote.
     */
    beginOutput(outputId, size) {
        if (this.hasOutput(outputId, size)) {
            this.reuseOutput(outputId);
            return new DiscardingOutputWriter(outputId, size);
        }
        return new VerifyingOutputWriter(this.outputPath(outputId), outputId, size);
    }
    /** Every usable entry of this store's own dir (not the shared one's), for a caller that moves them elsewhere. */
    *entries() {
        const root = node_path__WEBPACK_IMPORTED_MODULE_2___default().join(this.dir, 'a');
        for (const shard of listDir(root))
            for (const actionId of listDir(node_path__WEBPACK_IMPORTED_MODULE_2___default().join(root, shard))) {
                const entry = _protocol_types_js__WEBPACK_IMPORTED_MODULE_4__/* .HEX_ID */ .m.test(actionId) ? this.getOwn(actionId, false) : undefined;
                if (entry)
                    yield { actionId, entry };
            }
    }
    /**
     * Records an entry whose output is a file elsewhere (go's own cache, native-cache mode): hard-
     * linked, or copied where links fail, since it is go's file, which go never rewrites in place.
     */
    adoptEntry(actionId, meta, file) {
        const out = this.outputPath(meta.outputId);
        if (!this.hasOutput(meta.outputId, meta.size)) {
            (0,_atomic_file_js__WEBPACK_IMPORTED_MODULE_3__/* .ensureDir */ .A0)(node_path__WEBPACK_IMPORTED_MODULE_2___default().dirname(out));
            const tmp = `${out}.adopt-${process.pid}`;
            node_fs__WEBPACK_IMPORTED_MODULE_1___default().rmSync(tmp, { force: true });
            (0,_atomic_file_js__WEBPACK_IMPORTED_MODULE_3__/* .linkOrCopy */ .L7)(file, tmp);
            node_fs__WEBPACK_IMPORTED_MODULE_1___default().renameSync(tmp, out);
        }
        return this.putEntry(actionId, meta);
    }
    /** The output of an entry get() returned (its file may be in the shared store). */
    readOutput(entry) {
        return node_fs__WEBPACK_IMPORTED_MODULE_1___default().promises.readFile(entry.diskPath);
    }
    clear() {
        node_fs__WEBPACK_IMPORTED_MODULE_1___default().rmSync(this.dir, { recursive: true, force: true });
    }
}
/** The store a process with this configuration uses: its own dir, then the shared one it may only read. */
function localStoreOf(config) {
    return new LocalStore(config.cacheDir, config.sharedCacheDir ? new LocalStore(config.sharedCacheDir) : undefined);
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
    hash = node_crypto__WEBPACK_IMPORTED_MODULE_0___default().createHash('sha256');
    file;
    received = 0;
    constructor(target, outputId, size) {
        this.outputId = outputId;
        this.size = size;
        this.file = new _atomic_file_js__WEBPACK_IMPORTED_MODULE_3__/* .AtomicFileWriter */ .fz(target);
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
/**
 * How often a hit re-marks an entry as used: the trim's LRU order has this resolution, and it
 * never removes an entry used more recently than this before it started (see store/trim.ts).
 */
const USE_RESOLUTION_MS = 60 * 60 * 1000;
function touchIfOlder(file, mtimeMs) {
    const now = Date.now();
    if (now - mtimeMs < USE_RESOLUTION_MS)
        return;
    try {
        const t = new Date(now);
        node_fs__WEBPACK_IMPORTED_MODULE_1___default().utimesSync(file, t, t);
    }
    catch {
        // Gone or read-only: the entry only loses its place in the LRU order.
    }
}
/** A directory's names, none when it cannot be read (a shard not created yet, a cache dir in use). */
function listDir(dir) {
    try {
        return node_fs__WEBPACK_IMPORTED_MODULE_1___default().readdirSync(dir);
    }
    catch {
        return [];
    }
}
const lineBuffer = Buffer.allocUnsafe(256);
/**
 * Reads an index line on the hot path of every get (after the caller's stat, which cannot throw
 * and so spares misses the cost of an exception): one read into a reused buffer spares hits
 * readFileSync's fstat.
 */
function readSmallFile(file) {
    let fd;
    try {
        fd = node_fs__WEBPACK_IMPORTED_MODULE_1___default().openSync(file, 'r');
    }
    catch {
        return undefined;
    }
    try {
        const n = node_fs__WEBPACK_IMPORTED_MODULE_1___default().readSync(fd, lineBuffer, 0, lineBuffer.length, 0);
        return lineBuffer.toString('latin1', 0, n);
    }
    catch {
        return undefined;
    }
    finally {
        node_fs__WEBPACK_IMPORTED_MODULE_1___default().closeSync(fd);
    }
}
function formatEntryLine(meta) {
    return `${ENTRY_VERSION} ${meta.outputId} ${meta.size} ${meta.time.toISOString()}\n`;
}
function parseEntryLine(line) {
    const [version, outputId, size, time] = line.trim().split(' ');
    if (version !== ENTRY_VERSION || !outputId || !_protocol_types_js__WEBPACK_IMPORTED_MODULE_4__/* .HEX_ID */ .m.test(outputId))
        return undefined;
    const n = Number(size);
    const t = new Date(time ?? '');
    if (!Number.isSafeInteger(n) || n < 0 || Number.isNaN(t.getTime()))
        return undefined;
    return { outputId, size: n, time: t };
}


/***/ }),

/***/ 16334:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Tm: () => (/* binding */ runEach),
/* harmony export */   Y6: () => (/* binding */ mapInOrder),
/* harmony export */   lF: () => (/* binding */ runInOrder)
/* harmony export */ });
// The bounded-concurrency pool of this code base (prefetch, pack parts, manifests). The upload
// queue (uploads/upload-queue.ts) keeps its own: it merges puts of one action id while they wait.
/**
 * Runs task(0), task(1), … task(count - 1), at most `concurrency` at once and started in index
 * order (a manifest's first-used entries first). No task starts once `stop()` is true. Resolves,
 * when every started task has settled, with how many were started.
 */
async function runInOrder(count, concurrency, task, stop = () => false) {
    let next = 0;
    const worker = async () => {
        while (!stop() && next < count)
            await task(next++);
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, count) }, () => worker()));
    return next;
}
/**
 * task(0), task(1), … in index order, at most `concurrency` running ahead of the consumer, and
 * their results yielded in that order: the streaming form of runInOrder, for a producer whose
 * consumer must see results in order and may be slower (the next task starts only when a result
 * is taken, so at most `concurrency` results wait in memory).
 */
async function* mapInOrder(count, concurrency, task) {
    const running = [];
    let next = 0;
    const fill = () => {
        while (running.length < concurrency && next < count) {
            const result = task(next++);
            // Settled later, in order; an early rejection must not count as unhandled meanwhile.
            result.catch(() => { });
            running.push(result);
        }
    };
    fill();
    while (running.length > 0) {
        const result = await running.shift();
        fill();
        yield result;
    }
}
/**
 * task(item) for each item of an iterable (sync or async, read lazily), at most `concurrency`
 * at once: the producer is read only as fast as tasks finish, so a generator of large items keeps
 * at most `concurrency` of them in memory. Stops taking items after the first failure and throws
 * it once the running tasks have settled.
 */
async function runEach(items, concurrency, task) {
    const inflight = new Set();
    let failure;
    for await (const item of items) {
        const tracked = task(item)
            .catch((err) => {
            failure ??= { err };
        })
            .finally(() => inflight.delete(tracked));
        inflight.add(tracked);
        if (inflight.size >= concurrency)
            await Promise.race(inflight);
        if (failure)
            break;
    }
    await Promise.all(inflight);
    if (failure)
        throw failure.err;
}


/***/ })

};
