export const id = 919;
export const ids = [919];
export const modules = {

/***/ 3919:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  prefetchManifest: () => (/* reexport */ prefetchManifest),
  runPrefetch: () => (/* reexport */ runPrefetch),
  saveManifest: () => (/* reexport */ saveManifest)
});

// EXTERNAL MODULE: ./src/cacheprog/cache.ts + 2 modules
var cacheprog_cache = __webpack_require__(1758);
// EXTERNAL MODULE: ./src/cacheprog/remote/open-remote.ts + 6 modules
var open_remote = __webpack_require__(171);
// EXTERNAL MODULE: ./src/cacheprog/stats.ts
var cacheprog_stats = __webpack_require__(3697);
// EXTERNAL MODULE: ./src/cacheprog/store/local-store.ts
var local_store = __webpack_require__(2891);
// EXTERNAL MODULE: ./src/cacheprog/store/locks.ts
var locks = __webpack_require__(648);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
var external_node_crypto_default = /*#__PURE__*/__webpack_require__.n(external_node_crypto_);
// EXTERNAL MODULE: ./src/cacheprog/remote/scopes.ts
var remote_scopes = __webpack_require__(724);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
var external_node_zlib_default = /*#__PURE__*/__webpack_require__.n(external_node_zlib_);
// EXTERNAL MODULE: ./src/cacheprog/protocol/types.ts
var types = __webpack_require__(7802);
;// CONCATENATED MODULE: ./src/cacheprog/manifest/manifest-format.ts


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
        if (!types/* HEX_ID */.m.test(id))
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
    const { version, created, actionIds, pack, packParts } = parsed;
    if (version !== 1)
        throw new ManifestError(`unknown version ${JSON.stringify(version)} (this action reads version 1)`);
    if (!Array.isArray(actionIds))
        throw new ManifestError('actionIds is not an array');
    if (actionIds.length > MAX_MANIFEST_IDS)
        throw new ManifestError(`${actionIds.length} action ids, more than the ${MAX_MANIFEST_IDS} allowed`);
    const ids = new Set();
    for (const id of actionIds) {
        if (typeof id !== 'string' || !types/* HEX_ID */.m.test(id))
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
            !types/* HEX_ID */.m.test(key) ||
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

// EXTERNAL MODULE: ./src/cacheprog/remote/backend.ts
var backend = __webpack_require__(3345);
// EXTERNAL MODULE: ./src/cacheprog/remote/object-format.ts
var object_format = __webpack_require__(2076);
// EXTERNAL MODULE: ./src/cacheprog/remote/verifying.ts
var verifying = __webpack_require__(6866);
;// CONCATENATED MODULE: ./src/util/work-pool.ts
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

;// CONCATENATED MODULE: ./src/cacheprog/manifest/pack.ts




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
    const encoded = mapInOrder(actionIds.length, ENCODE_AHEAD, (i) => encodeRecord(store, actionIds[i], options.compression, options.aloneBytes ?? PACK_ALONE_BYTES));
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
        await (0,verifying/* verifyEntry */.i)(actionId, entry, body, 'local output');
    }
    catch (err) {
        return { actionId, skipped: err.message };
    }
    return { actionId, object: await (0,object_format/* encodeObject */.CG)(actionId, entry, body, { compression }) };
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
            frame = (0,object_format/* readObjectFrame */.ZL)(data, offset, `${where} at byte ${offset}`);
        }
        catch (err) {
            if (err instanceof backend/* IntegrityError */.c)
                return onReject(err);
            throw err;
        }
        const { header } = frame;
        try {
            const decoded = (0,object_format/* decodePayloadSync */.wt)(header, data.subarray(frame.payloadStart, frame.end), `${where}: action ${header.actionId.slice(0, 16)}…`);
            (0,verifying/* verifyEntrySync */.f2)(header.actionId, decoded.meta, decoded.body, `${where}: record`);
            yield { actionId: header.actionId, meta: decoded.meta, body: decoded.body, storedBytes: frame.end - offset };
        }
        catch (err) {
            if (!(err instanceof backend/* IntegrityError */.c))
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

;// CONCATENATED MODULE: ./src/cacheprog/manifest/manifest-store.ts






/** Where manifests live under the cache prefix; versioned like the entries' v1/ space. */
const MANIFEST_DIR = 'manifests/v1/';
/**
 * The manifests of a process with trust scopes: written to its own scope, read from its read
 * scopes in order, so a pull request's manifest is never restored by the default branch.
 */
function manifestStoreFor(objects, scopes) {
    if (!scopes)
        return new ManifestStore(objects);
    const views = (0,remote_scopes/* scopeViews */.tl)(objects, scopes);
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
            const key = sanitizeManifestKey(raw);
            if (key === '' || tried.has(key))
                continue;
            tried.add(key);
            const hit = await this.find(`${MANIFEST_DIR}${key}`, signal);
            if (hit === undefined)
                continue;
            const { scope, value: { objectKey, bytes }, } = hit;
            const name = objectKey.slice(MANIFEST_DIR.length);
            try {
                return { found: { key: name, scope, manifest: decodeManifest(bytes), bytes: bytes.length }, rejected };
            }
            catch (err) {
                if (!(err instanceof ManifestError))
                    throw err;
                rejected.push(`${name}: ${err.message}`);
            }
        }
        return { rejected };
    }
    /** The object at objectKey (or for a restore prefix, the newest under it) in the first read scope that has one. */
    find(objectKey, signal) {
        return (0,remote_scopes/* firstHit */.Eo)(this.read, async (store) => {
            const found = isRestorePrefix(objectKey) ? await newestUnder(store, objectKey, signal) : objectKey;
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
            return decodeManifest(bytes);
        }
        catch (err) {
            if (err instanceof ManifestError)
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
        const data = encodeManifest(actionIds, new Date(), parts && parts.length > 0 ? parts : undefined);
        await this.objects.put(`${MANIFEST_DIR}${clean}`, data, signal);
        return { key: clean, bytes: data.length };
    }
    /**
     * Uploads parts under their content address, `concurrency` at a time; resolves with their
     * references in the order given. Two jobs writing the same part write the same bytes.
     */
    async putParts(parts, signal, concurrency = 4, now = new Date()) {
        const refs = [];
        await runEach(parts, concurrency, (part) => {
            const hash = external_node_crypto_default().createHash('sha256').update(part.data).digest('hex');
            refs.push({
                key: hash,
                bytes: part.data.length,
                records: part.entries,
                created: now.toISOString(),
                ids: part.ids,
            });
            return this.objects.put(partObjectKey(hash), part.data, signal).then(() => undefined);
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
        return view.store.get(typeof part === 'number' ? packPartKey(manifest.key, part) : partObjectKey(part.key), {
            signal,
        });
    }
}
function manifestKeyOrThrow(key) {
    const clean = sanitizeManifestKey(key);
    if (clean === '' || isRestorePrefix(clean))
        throw new ManifestError(`"${key}" is not a manifest key (it is empty or ends in '/')`);
    return clean;
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
var external_node_os_default = /*#__PURE__*/__webpack_require__.n(external_node_os_);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __webpack_require__(3136);
// EXTERNAL MODULE: external "node:worker_threads"
var external_node_worker_threads_ = __webpack_require__(5919);
;// CONCATENATED MODULE: ./src/cacheprog/prefetch/part-writer.ts





/** Stores a part as it was sent, on whichever thread runs this (a writer thread, or this one when threads failed). */
function storePartJob(store, job) {
    return storePackPart(store, Buffer.from(job.data.buffer, job.data.byteOffset, job.data.byteLength), job.where, new Set(job.take));
}
/**
 * Most threads a pack prefetch stores parts with. Storing a part is decoding, hashing and creating
 * two files per entry, all synchronous: on threads of their own it runs beside the downloads (and,
 * in a job server, beside go's requests) and, with cores to spare, beside itself.
 */
const MAX_THREADS = 4;
/**
 * The thread's code, beside this module: its own bundle next to the server's (dist/cacheprog/
 * part-worker.js); run from source (tests, tsx), part-worker.ts, loaded through tsx as the parent was.
 */
function workerSource() {
    const here = (0,external_node_url_.fileURLToPath)(import.meta.url);
    const file = external_node_path_default().join(external_node_path_default().dirname(here), `part-worker${external_node_path_default().extname(here)}`);
    if (!file.endsWith('.ts'))
        return { script: file, eval: false };
    return {
        script: `import('tsx/esm/api').then((tsx) => tsx.register()).then(() => import(${JSON.stringify((0,external_node_url_.pathToFileURL)(file).href)}))`,
        eval: true,
    };
}
/**
 * Threads for a machine: one core is left to go and this thread (a prefetch runs beside the build),
 * and each thread costs memory of its own (about 10 MB, plus the part it stores and its decoded
 * records: with two threads on two cores a restoring job server peaked at 150 MB, issue 22's bound).
 */
function partWriterThreads(cores = external_node_os_default().availableParallelism()) {
    return Math.max(1, Math.min(MAX_THREADS, cores - 1));
}
/**
 * Part writers on worker threads (partWriterThreads), started when the first part arrives. If a thread cannot start or dies, its part and every later one are
 * stored on this thread instead: slower, the same work (files are written whole through a rename,
 * so storing a record twice is harmless).
 */
function startPartWriter(store, log, threads = partWriterThreads(), source = workerSource()) {
    const pool = [];
    const queue = [];
    let broken = threads < 1;
    let nextId = 0;
    // A part handed to a thread that died is gone from here: its entries are fetched one by one,
    // like those of a part that did not arrive.
    const inThread = ({ job, resolve }) => resolve(job.data.buffer.byteLength === 0 && job.data.byteLength === 0 && job.take.length > 0
        ? { stored: [], skipped: 0, rejects: [], error: 'the part writer thread died' }
        : storePartJob(store, job));
    const fail = (thread, why) => {
        if (!pool.includes(thread))
            return;
        if (!broken)
            log.debug(`prefetch: a part writer thread failed (${why}); storing parts on the main thread`);
        broken = true;
        pool.splice(pool.indexOf(thread), 1);
        void thread.worker.terminate();
        const lost = thread.busy;
        thread.busy = undefined;
        if (lost)
            queue.unshift(lost);
        dispatch();
    };
    const spawn = () => {
        let thread;
        try {
            thread = { worker: new external_node_worker_threads_.Worker(source.script, { eval: source.eval, workerData: { dir: store.dir } }) };
        }
        catch (err) {
            if (!broken)
                log.debug(`prefetch: could not start a part writer thread (${err.message}); storing parts on the main thread`);
            broken = true;
            return undefined;
        }
        thread.worker.on('message', (reply) => {
            const busy = thread.busy;
            if (!busy || busy.job.id !== reply.id)
                return;
            thread.busy = undefined;
            busy.resolve(reply.result);
            dispatch();
        });
        thread.worker.on('error', (err) => fail(thread, err.message));
        thread.worker.on('exit', (code) => fail(thread, `exited with code ${code}`));
        pool.push(thread);
        return thread;
    };
    const dispatch = () => {
        while (queue.length > 0 && !broken) {
            const thread = pool.find((t) => !t.busy) ?? (pool.length < threads ? spawn() : undefined);
            if (!thread)
                return;
            const next = queue.shift();
            thread.busy = next;
            const { data } = next.job;
            const movable = next.handOver === true &&
                data.byteOffset === 0 &&
                data.byteLength === data.buffer.byteLength &&
                data.buffer instanceof ArrayBuffer;
            thread.worker.postMessage(next.job, movable ? [data.buffer] : []);
        }
        // Threads gone: the rest is stored here, one part per turn of the loop.
        if (broken) {
            const next = queue.shift();
            if (next)
                setImmediate(() => (inThread(next), dispatch()));
        }
    };
    return {
        store(data, where, take, handOver) {
            return new Promise((resolve) => {
                queue.push({ job: { id: nextId++, data, where, take: [...take] }, resolve, handOver });
                dispatch();
            });
        },
        async close() {
            const threads = pool.splice(0);
            await Promise.all(threads.map((t) => t.worker.terminate()));
        },
    };
}

;// CONCATENATED MODULE: ./src/cacheprog/prefetch/pack-prefetch.ts


/**
 * Downloads the parts of a manifest's pack and stores the records the local cache still lacks,
 * among `wanted`. Parts are started in order, so the first-used entries land first. A part that
 * names its entries (a content-addressed part) announces them to the cache when its download
 * starts: a get of one of them waits for the part instead of downloading the entry again. Whatever
 * a part fails to deliver is left for the caller (and such a get) to fetch entry by entry.
 */
async function prefetchPack(manifest, parts, wanted, deps) {
    const outcome = { prefetched: 0, bytes: 0, alreadyLocal: 0, partsRead: 0, partsFailed: 0 };
    const writer = startPartWriter(deps.cache.store, deps.log);
    try {
        const started = await runInOrder(parts.length, deps.concurrency ?? 8, (i) => readPart(manifest, parts[i], i, wanted, deps, writer, outcome), () => deps.signal.aborted);
        outcome.partsFailed += parts.length - started;
    }
    finally {
        await writer.close();
    }
    return outcome;
}
async function readPart(manifest, part, index, wanted, deps, writer, outcome) {
    let done;
    const arrived = new Promise((resolve) => (done = resolve));
    if (typeof part !== 'number') {
        for (const id of part.ids)
            if (wanted.has(id) && !deps.cache.local(id))
                deps.cache.expect(id, arrived);
    }
    try {
        await readRecords(manifest, part, index, wanted, deps, writer, outcome);
    }
    finally {
        done();
    }
}
async function readRecords(manifest, part, index, wanted, deps, writer, outcome) {
    const { cache, stats, log } = deps;
    const where = `pack part ${index} of manifest ${manifest.key}${manifest.scope ? ` in scope ${manifest.scope}` : ''}`;
    // A part that names its entries and brings none this cache lacks is not downloaded at all (a
    // warm machine would otherwise fetch, hold and decode megabytes only to store nothing).
    if (typeof part !== 'number' &&
        !part.ids.some((id) => wanted.has(id) && !cache.local(id) && !cache.isDownloading(id))) {
        for (const id of part.ids)
            if (wanted.has(id))
                outcome.alreadyLocal++;
        return;
    }
    let data;
    try {
        data = await deps.manifests.loadPackPart(manifest, part, deps.signal);
    }
    catch (err) {
        outcome.partsFailed++;
        if (!deps.signal.aborted) {
            stats.add('remoteErrors');
            log.debug(`prefetch: ${where} failed: ${err.message}`);
        }
        return;
    }
    if (data === undefined) {
        outcome.partsFailed++;
        log.debug(`prefetch: ${where} is not in the remote`);
        return;
    }
    outcome.partsRead++;
    stats.add('prefetchPackParts');
    stats.add('bytesDownloaded', data.length);
    // What the part may store: wanted, and neither stored by a go get meanwhile nor on its way in
    // that get's own download (not stored twice). A numbered part does not say what it holds.
    const take = new Set();
    for (const id of typeof part === 'number' ? wanted : part.ids) {
        if (!wanted.has(id))
            continue;
        if (!cache.local(id) && !cache.isDownloading(id))
            take.add(id);
        else if (typeof part !== 'number')
            outcome.alreadyLocal++;
    }
    if (take.size === 0)
        return;
    const result = await writer.store(data, where, take, true);
    for (const record of result.stored) {
        cache.stored(record.actionId, { outputId: record.outputId, size: record.size, time: new Date(record.time) });
        outcome.prefetched++;
        outcome.bytes += record.storedBytes;
        stats.add('prefetched');
        stats.add('prefetchBytes', record.storedBytes);
    }
    const first = result.rejects[0];
    if (first !== undefined) {
        stats.add('verifyRejects', result.rejects.length);
        log.warnLimited('verification rejects', `prefetch: rejected ${result.rejects.length} record(s) of ${where} (first: ${first}); those entries are fetched one by one`);
    }
    if (result.error !== undefined) {
        outcome.partsFailed++;
        log.warnLimited('pack part store failures', `prefetch: could not store ${where}: ${result.error}; its entries are fetched one by one`);
    }
}

;// CONCATENATED MODULE: ./src/cacheprog/prefetch/prefetch.ts

/**
 * Downloads the listed entries that the local cache lacks, `concurrency` at a time, in list order,
 * through the cache's own fetch: a get for an entry being prefetched waits for that download, and
 * an entry another process is fetching right now is skipped rather than waited for.
 */
async function prefetchEntries(ids, deps) {
    const outcome = { prefetched: 0, bytes: 0, alreadyLocal: 0, notInRemote: 0, failed: 0, notTried: 0 };
    // The breaker counts remoteDisabled when it opens: past that point every get is a refusal.
    const stopped = () => deps.signal.aborted || deps.stats.counters.remoteDisabled > 0;
    const tried = await runInOrder(ids.length, deps.concurrency, (i) => fetchOne(ids[i], deps, outcome), stopped);
    outcome.notTried = ids.length - tried;
    return outcome;
}
async function fetchOne(actionId, deps, outcome) {
    const { cache, stats, signal } = deps;
    if (cache.local(actionId)) {
        outcome.alreadyLocal++;
        return;
    }
    const result = await cache.fetch(actionId, 0, signal);
    switch (result.kind) {
        case 'local':
        case 'busy':
            outcome.alreadyLocal++;
            return;
        case 'absent':
            outcome.notInRemote++;
            return;
        case 'failed':
            if (signal.aborted)
                outcome.notTried++;
            else
                outcome.failed++;
            return;
        case 'fetched':
            outcome.prefetched++;
            outcome.bytes += result.transferredBytes;
            stats.add('prefetched');
            stats.add('prefetchBytes', result.transferredBytes);
    }
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
var external_node_fs_default = /*#__PURE__*/__webpack_require__.n(external_node_fs_);
// EXTERNAL MODULE: ./src/cacheprog/store/atomic-file.ts
var atomic_file = __webpack_require__(9306);
;// CONCATENATED MODULE: ./src/cacheprog/manifest/restored-manifest.ts




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
    return external_node_crypto_default().createHash('sha256')
        .update([...new Set(ids)].sort().join('\n'))
        .digest('hex');
}
function recordRestored(statsDir, restored, ids) {
    if (ids)
        (0,atomic_file/* writeFileAtomic */.Zf)(external_node_path_default().join(statsDir, IDS_FILE), ids.join('\n'));
    (0,atomic_file/* writeFileAtomic */.Zf)(external_node_path_default().join(statsDir, FILE), JSON.stringify({ ...restored, idSet: undefined }));
}
function readIds(statsDir) {
    try {
        return new Set(external_node_fs_default().readFileSync(external_node_path_default().join(statsDir, IDS_FILE), 'utf8')
            .split('\n')
            .filter((l) => l !== ''));
    }
    catch {
        return undefined;
    }
}
function readRestored(statsDir) {
    try {
        const value = JSON.parse(external_node_fs_default().readFileSync(external_node_path_default().join(statsDir, FILE), 'utf8'));
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

;// CONCATENATED MODULE: ./src/cacheprog/prefetch/prefetch-command.ts









/**
 * The prefetch subcommand: a process of its own beside per-process go servers. It finds the job's
 * manifest, downloads what it lists into the local cache and writes a stats file. Nothing here may
 * fail anything: every problem ends as one warning, and a run that is cut short (deadline, SIGTERM
 * from the post step) still records what it did.
 */
async function runPrefetch(config, log) {
    const stats = new cacheprog_stats/* Stats */.Uz(config.backend);
    // Not a go process: the summary's process count stays the number of go commands.
    stats.counters.processes = 0;
    const controller = new AbortController();
    const onSignal = () => controller.abort(new Error('interrupted'));
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
    let remote;
    let presence;
    try {
        if (config.backend === 'disk') {
            log.info('prefetch: the backend is disk, so there is no remote to prefetch from');
            return;
        }
        // First of all: go processes starting now lock their downloads, so none races ours.
        if (config.lockType === 'fslock')
            presence = await (0,locks/* announcePrefetcher */.qN)(config.lockDir);
        const store = (0,local_store/* localStoreOf */.IJ)(config);
        store.init();
        remote = await (0,open_remote/* openRemote */.d)(config, { stats, warn: (m) => log.warn(m), who: 'prefetch' });
        if (!remote)
            return;
        const backend = remote.backend;
        const cache = new cacheprog_cache/* Cache */.l({
            config,
            store,
            stats,
            log,
            locker: (0,locks/* createLocker */.$J)(config.lockType, config.lockDir),
            backend: async () => backend,
        });
        await prefetchManifest({ config, log, stats, cache, objects: remote.objects, signal: controller.signal });
    }
    catch (err) {
        const what = controller.signal.aborted ? 'stopped before it could start' : `failed: ${err.message}`;
        log.warn(`prefetch ${what}; go fetches entries on demand instead`);
    }
    finally {
        process.off('SIGTERM', onSignal);
        process.off('SIGINT', onSignal);
        await remote?.close().catch(() => { });
        await presence?.();
        if (config.statsDir) {
            try {
                stats.writeFile(config.statsDir, 'prefetch');
            }
            catch (err) {
                log.warn(`prefetch: could not write stats to ${config.statsDir}: ${err.message}`);
            }
        }
    }
}
/**
 * Finds the first manifest that exists (-manifest-key, then the restore keys) and downloads the
 * entries it lists that the local cache lacks: its pack first, then entry by entry what the pack
 * did not deliver. Resolves when done or stopped; rejects only when it could not start.
 */
async function prefetchManifest({ config, log, stats, cache, objects, signal: outer, }) {
    const started = performance.now();
    const signal = AbortSignal.any([outer, AbortSignal.timeout(config.prefetchTimeoutMs)]);
    try {
        const keys = [config.manifestKey ?? '', ...config.manifestRestoreKeys];
        const manifests = manifestStoreFor(objects, config.scopes);
        const { found, rejected } = await manifests.load(keys, signal);
        if (rejected.length > 0)
            log.warn(`prefetch: ignored ${rejected.length} unusable manifest(s): ${rejected.join('; ')}`);
        if (!found) {
            log.info(`prefetch: no manifest under ${keys.filter(Boolean).join(', ')}; nothing to prefetch (save-manifest records one for the next run)`);
            return;
        }
        const ids = found.manifest.actionIds;
        stats.add('prefetchListed', ids.length);
        if (config.statsDir) {
            const { created, packParts: restoredParts } = found.manifest;
            try {
                recordRestored(config.statsDir, {
                    key: found.key,
                    scope: found.scope,
                    digest: idsDigest(ids),
                    ids: ids.length,
                    created,
                    hasPack: restoredParts !== undefined,
                }, ids);
            }
            catch (err) {
                log.debug(`prefetch: could not record the restored manifest in ${config.statsDir}: ${err.message}`);
            }
        }
        const { pack: numbered, packParts } = found.manifest;
        // Content-addressed parts when the manifest names them, else an older pack's numbered parts.
        const pack = packParts
            ? {
                parts: packParts,
                entries: packParts.reduce((n, p) => n + p.ids.length, 0),
                bytes: packParts.reduce((n, p) => n + p.bytes, 0),
            }
            : numbered && {
                parts: Array.from({ length: numbered.parts }, (_, i) => i),
                entries: numbered.entries,
                bytes: numbered.bytes,
            };
        const packText = pack
            ? ` and a pack of ${pack.entries} in ${pack.parts.length} part(s) (${(0,cacheprog_stats/* formatBytes */.z3)(pack.bytes)})`
            : '';
        log.info(`prefetch: manifest ${found.key} lists ${ids.length} entries (${(0,cacheprog_stats/* formatBytes */.z3)(found.bytes)})${packText}`);
        let missing = ids.filter((id) => !cache.local(id));
        const initiallyLocal = ids.length - missing.length;
        let packed;
        if (pack && config.pack && missing.length > 0) {
            packed = await prefetchPack(found, pack.parts, new Set(missing), { cache, manifests, stats, log, signal });
            missing = missing.filter((id) => !cache.local(id));
        }
        const outcome = await prefetchEntries(missing, { cache, stats, concurrency: config.prefetchConcurrency, signal });
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        const why = outer.aborted
            ? ', stopped by a signal'
            : signal.aborted
                ? ', stopped at -prefetch-timeout'
                : stats.counters.remoteDisabled > 0
                    ? ', stopped because the remote failed'
                    : '';
        const fromPack = packed
            ? ` (${packed.prefetched} from ${packed.partsRead} pack part(s)${packed.partsFailed > 0 ? `, ${packed.partsFailed} part(s) unread` : ''})`
            : '';
        log.info(`prefetch: downloaded ${outcome.prefetched + (packed?.prefetched ?? 0)} of ${ids.length} entries ` +
            `(${(0,cacheprog_stats/* formatBytes */.z3)(outcome.bytes + (packed?.bytes ?? 0))})${fromPack} in ${seconds} s; ` +
            `${initiallyLocal + outcome.alreadyLocal + (packed?.alreadyLocal ?? 0)} already local, ${outcome.notInRemote} not in the remote, ` +
            `${outcome.failed} failed, ${outcome.notTried} not tried${why}`);
    }
    finally {
        log.flushLimited();
        stats.add('prefetchMs', Math.round(performance.now() - started));
    }
}

// EXTERNAL MODULE: ./src/cacheprog/manifest/action-log.ts
var action_log = __webpack_require__(6813);
;// CONCATENATED MODULE: ./src/cacheprog/manifest/save-manifest.ts









/**
 * A part of the previous save is named again while at least this share of its records are still
 * used: the rest are downloaded and skipped by the next prefetch, a bounded waste that spares
 * re-uploading the part. Below it, its live entries are packed anew. Half, not more: a warm run
 * commonly uses two thirds of what the run before it built (go vet and test binaries come and
 * go with what changed), and a higher bar re-uploaded the whole pack after a one-package change.
 */
const REUSE_MIN_LIVE = 0.5;
/**
 * Parts older than this are rewritten, not reused: lifecycle rules expire objects by age, and a
 * part named by a fresh manifest must outlive it (the README's rule expires after 7 days).
 */
const PART_REUSE_MS = 3 * 24 * 60 * 60 * 1000;
/**
 * Adds up the action logs the go processes left in the stats dir and uploads them as the
 * manifest `key`. Skips (with the reason) when there is nothing to save or nowhere to save it;
 * rejects only when the upload itself fails.
 */
async function saveManifest(config, key, log) {
    if (config.backend === 'disk')
        return { saved: false, reason: 'the backend is disk: there is no remote to save it in' };
    if (config.readOnly)
        return { saved: false, reason: 'read-only: nothing is written to the remote' };
    if (!config.statsDir)
        return { saved: false, reason: 'no -stats-dir to read the action logs from' };
    const ids = (0,action_log/* readActionLogs */.A)(config.statsDir, MAX_MANIFEST_IDS, (file, why) => log(`skipped the unreadable action log ${file}: ${why}`));
    if (ids.length === 0)
        return { saved: false, reason: `no go process recorded a cache entry in ${config.statsDir}` };
    const restored = readRestored(config.statsDir);
    const unchanged = unchangedReason(restored, sanitizeManifestKey(key), ids, config.pack, Date.now(), config.scopes?.write ?? '');
    if (unchanged)
        return { saved: false, reason: unchanged };
    const remote = await (0,open_remote/* openRemote */.d)(config, { warn: log, who: 'save-manifest' });
    if (!remote)
        return { saved: false, reason: `backend ${config.backend} has no remote` };
    try {
        const manifests = manifestStoreFor(remote.objects, config.scopes);
        let pack;
        let parts;
        if (config.pack) {
            // A pack is an optimization: without one the next prefetch fetches entry by entry.
            let skipped = 0;
            try {
                const previous = await manifests.loadOwn(key).catch((err) => {
                    log(`could not read the previous manifest ${key} (${err.message}); writing the whole pack`);
                    return undefined;
                });
                const { reused, fresh } = reusableParts(previous, ids);
                const store = (0,local_store/* localStoreOf */.IJ)(config);
                const alone = [];
                const uploaded = await manifests.putParts(buildPackParts(store, fresh, {
                    compression: config.compression,
                    onSkip: () => skipped++,
                    onAlone: (id) => alone.push(id),
                }));
                // One the restored manifest named is in the remote already: its save put it there.
                const toUpload = alone.filter((id) => !restored?.idSet?.has(id));
                if (toUpload.length < alone.length)
                    log(`${alone.length - toUpload.length} entries too big for the pack are named by the restored manifest: not uploaded again`);
                await uploadAlone(store, toUpload, remote.backend, log);
                parts = orderParts([...reused, ...uploaded], ids);
                pack = summarize(parts, uploaded, reused.length);
                if (skipped > 0)
                    log(`left ${skipped} entries out of the pack: not in the local cache ${config.cacheDir}, or damaged there`);
            }
            catch (err) {
                parts = undefined;
                log(`pack not saved (${err.message}); the next prefetch fetches the entries one by one`);
            }
        }
        const saved = await manifests.save(key, ids, undefined, parts);
        if (pack) {
            log(`saved a pack of ${pack.entries} entries in ${pack.parts} part(s) (${(0,cacheprog_stats/* formatBytes */.z3)(pack.bytes)}): ` +
                `uploaded ${(0,cacheprog_stats/* formatBytes */.z3)(pack.uploadedBytes)} in ${pack.uploadedParts} new part(s), reused ${pack.reusedParts} part(s) of the previous save`);
        }
        return { saved: true, key: saved.key, ids: ids.length, bytes: saved.bytes, ...(pack ? { pack } : {}) };
    }
    finally {
        await remote.close().catch(() => { });
    }
}
/**
 * Entries too big for a pack part are fetched on their own by the next prefetch, so the remote
 * must hold each as an object: one the job used as a local hit (a persistent cache dir, a
 * restored std) was never uploaded. One at a time: each is at least a part's size. (One that is
 * missing after all, a failed upload of an earlier save, is rebuilt by the next job and uploaded
 * by its put.)
 */
async function uploadAlone(store, ids, backend, log) {
    let failed = 0;
    for (const id of ids) {
        const entry = store.get(id);
        if (!entry)
            continue;
        try {
            const body = await store.readOutput(entry);
            await backend.put(id, entry, body);
        }
        catch (err) {
            failed++;
            if (failed === 1)
                log(`could not upload ${id}, too big for the pack, on its own: ${err.message}; the next run builds it`);
        }
    }
}
/**
 * The parts of the previous save worth naming again (young enough, mostly still used), each
 * narrowed to the entries this job used, and the ids no reused part holds, in first-use order.
 */
function reusableParts(previous, ids, now = Date.now()) {
    const wanted = new Set(ids);
    const covered = new Set();
    const reused = [];
    for (const part of previous?.packParts ?? []) {
        const age = now - Date.parse(part.created);
        if (!(age >= 0 && age < PART_REUSE_MS))
            continue;
        const live = part.ids.filter((id) => wanted.has(id) && !covered.has(id));
        if (live.length === 0 || live.length < part.records * REUSE_MIN_LIVE)
            continue;
        for (const id of live)
            covered.add(id);
        reused.push({ ...part, ids: live });
    }
    return { reused, fresh: ids.filter((id) => !covered.has(id)) };
}
/** Parts in the order of their first-used entry: the prefetcher downloads them in that order. */
function orderParts(parts, ids) {
    const position = new Map(ids.map((id, i) => [id, i]));
    const first = (p) => p.ids.reduce((min, id) => Math.min(min, position.get(id) ?? Infinity), Infinity);
    return parts
        .map((p) => ({ p, at: first(p) }))
        .sort((a, b) => a.at - b.at)
        .map(({ p }) => p);
}
function summarize(parts, uploaded, reusedParts) {
    if (parts.length === 0)
        return undefined;
    const sum = (xs, f) => xs.reduce((a, p) => a + f(p), 0);
    return {
        parts: parts.length,
        entries: sum(parts, (p) => p.ids.length),
        bytes: sum(parts, (p) => p.bytes),
        uploadedParts: uploaded.length,
        uploadedBytes: sum(uploaded, (p) => p.bytes),
        reusedParts,
    };
}

;// CONCATENATED MODULE: ./src/cacheprog/manifest/commands.ts
// The manifest code, behind one dynamic import (the CLI's subcommands, the job server's prefetch): the serve path (every go
// command) never loads them, and the bundler emits their shared modules once, not per import site.




/***/ })

};
