export const id = 520;
export const ids = [520];
export const modules = {

/***/ 4520:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  saveManifest: () => (/* binding */ saveManifest)
});

// UNUSED EXPORTS: PART_REUSE_MS, reusableParts

// EXTERNAL MODULE: ./src/cacheprog/remote/create-backend.ts + 4 modules
var create_backend = __webpack_require__(9973);
// EXTERNAL MODULE: ./src/cacheprog/manifest/action-log.ts
var action_log = __webpack_require__(8963);
// EXTERNAL MODULE: ./src/cacheprog/store/local-store.ts
var local_store = __webpack_require__(8825);
// EXTERNAL MODULE: ./src/cacheprog/stats.ts
var stats = __webpack_require__(3899);
// EXTERNAL MODULE: ./src/cacheprog/manifest/manifest-format.ts
var manifest_format = __webpack_require__(283);
// EXTERNAL MODULE: ./src/cacheprog/remote/scopes.ts
var scopes = __webpack_require__(5434);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
var external_node_crypto_default = /*#__PURE__*/__webpack_require__.n(external_node_crypto_);
// EXTERNAL MODULE: ./src/cacheprog/manifest/manifest-key.ts
var manifest_key = __webpack_require__(8989);
// EXTERNAL MODULE: ./src/cacheprog/remote/object-format.ts
var object_format = __webpack_require__(8965);
// EXTERNAL MODULE: ./src/cacheprog/remote/verifying.ts
var verifying = __webpack_require__(2696);
;// CONCATENATED MODULE: ./src/cacheprog/manifest/work-pool.ts
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
        if ('alone' in record)
            continue;
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
            result.stored.push({ actionId: record.actionId, outputId, size, time: time.toISOString(), storedBytes: record.storedBytes });
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
function manifestStoreFor(s3, scopes) {
    if (!scopes)
        return new ManifestStore(s3);
    const views = (0,create_backend/* scopeViews */.tl)(s3, scopes);
    return new ManifestStore(views[0].store, views);
}
/** Reads and writes job manifests as plain objects beside the cache entries. */
class ManifestStore {
    s3;
    read;
    /**
     * s3 is where manifests and packs are written; `read` are the scopes they are read from, in
     * priority order (by default s3 alone, unscoped).
     */
    constructor(s3, read = [{ scope: '', store: s3 }]) {
        this.s3 = s3;
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
            const key = (0,manifest_key/* sanitizeManifestKey */.sQ)(raw);
            if (key === '' || tried.has(key))
                continue;
            tried.add(key);
            const hit = await this.find(`${MANIFEST_DIR}${key}`, signal);
            if (hit === undefined)
                continue;
            const { scope, value: { objectKey, bytes } } = hit;
            const name = objectKey.slice(MANIFEST_DIR.length);
            try {
                return { found: { key: name, scope, manifest: (0,manifest_format/* decodeManifest */.MK)(bytes), bytes: bytes.length }, rejected };
            }
            catch (err) {
                if (!(err instanceof manifest_format/* ManifestError */.Sh))
                    throw err;
                rejected.push(`${name}: ${err.message}`);
            }
        }
        return { rejected };
    }
    /** The object at objectKey (or for a restore prefix, the newest under it) in the first read scope that has one. */
    find(objectKey, signal) {
        return (0,scopes/* firstHit */.Eo)(this.read, async (store) => {
            const found = (0,manifest_key/* isRestorePrefix */.jX)(objectKey) ? await store.newestUnder(objectKey, signal) : objectKey;
            if (found === undefined)
                return undefined;
            const bytes = await store.getRaw(found, signal);
            return bytes === undefined ? undefined : { objectKey: found, bytes };
        });
    }
    /**
     * The manifest saved under key in the write scope (exact key, no restore prefix), or undefined
     * when there is none or it is unusable: what the next save may reuse parts of.
     */
    async loadOwn(key, signal) {
        const bytes = await this.s3.getRaw(`${MANIFEST_DIR}${manifestKeyOrThrow(key)}`, signal);
        if (bytes === undefined)
            return undefined;
        try {
            return (0,manifest_format/* decodeManifest */.MK)(bytes);
        }
        catch (err) {
            if (err instanceof manifest_format/* ManifestError */.Sh)
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
        const data = (0,manifest_format/* encodeManifest */.Gb)(actionIds, new Date(), parts && parts.length > 0 ? parts : undefined);
        await this.s3.putRaw(`${MANIFEST_DIR}${clean}`, data, signal);
        return { key: clean, bytes: data.length };
    }
    /**
     * Uploads parts under their content address, `concurrency` at a time; resolves with their
     * references in the order given. Two jobs writing the same part write the same bytes.
     */
    async putParts(parts, signal, concurrency = 4, now = new Date()) {
        const refs = [];
        const inflight = new Set();
        let failure;
        for await (const part of parts) {
            const hash = external_node_crypto_default().createHash('sha256').update(part.data).digest('hex');
            refs.push({ key: hash, bytes: part.data.length, records: part.entries, created: now.toISOString(), ids: part.ids });
            const put = this.s3.putRaw(partObjectKey(hash), part.data, signal).catch((err) => {
                failure ??= err;
            });
            const tracked = put.finally(() => inflight.delete(tracked));
            inflight.add(tracked);
            if (inflight.size >= concurrency)
                await Promise.race(inflight);
            if (failure !== undefined)
                break;
        }
        await Promise.all(inflight);
        if (failure !== undefined)
            throw failure;
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
        return view.store.getRaw(typeof part === 'number' ? packPartKey(manifest.key, part) : partObjectKey(part.key), signal);
    }
}
function manifestKeyOrThrow(key) {
    const clean = (0,manifest_key/* sanitizeManifestKey */.sQ)(key);
    if (clean === '' || (0,manifest_key/* isRestorePrefix */.jX)(clean))
        throw new manifest_format/* ManifestError */.Sh(`"${key}" is not a manifest key (it is empty or ends in '/')`);
    return clean;
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
var external_node_fs_default = /*#__PURE__*/__webpack_require__.n(external_node_fs_);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/cacheprog/store/atomic-file.ts
var atomic_file = __webpack_require__(7376);
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
        const scope = typeof value.scope === 'string' ? value.scope : '';
        return { key: value.key, digest: value.digest, ids: Number(value.ids) || 0, created: value.created, hasPack: value.hasPack === true, scope };
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
    if (restored.digest !== idsDigest(ids))
        return undefined;
    return `unchanged: the job used exactly the ${restored.ids} entries of the manifest ${key} it restored (written ${restored.created}; rewritten once a day)`;
}

;// CONCATENATED MODULE: ./src/cacheprog/manifest/save-manifest.ts









/**
 * A part of the previous save is named again while at least this share of its records are still
 * used: the rest are downloaded and skipped by the next prefetch, a bounded waste that spares
 * re-uploading the part. Below it, its live entries are packed anew.
 */
const REUSE_MIN_LIVE = 0.75;
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
    if (config.backend !== 's3' || !config.s3)
        return { saved: false, reason: 'the backend is not s3' };
    if (config.readOnly)
        return { saved: false, reason: 'read-only: nothing is written to the remote' };
    if (!config.statsDir)
        return { saved: false, reason: 'no -stats-dir to read the action logs from' };
    const ids = (0,action_log/* readActionLogs */.A)(config.statsDir, manifest_format/* MAX_MANIFEST_IDS */.AG, (file, why) => log(`skipped the unreadable action log ${file}: ${why}`));
    if (ids.length === 0)
        return { saved: false, reason: `no go process recorded a cache entry in ${config.statsDir}` };
    const unchanged = unchangedReason(readRestored(config.statsDir), (0,manifest_key/* sanitizeManifestKey */.sQ)(key), ids, config.pack, Date.now(), config.scopes?.write ?? '');
    if (unchanged)
        return { saved: false, reason: unchanged };
    const s3 = await (0,create_backend/* createS3Backend */.ly)(config, { warn: log });
    try {
        const manifests = manifestStoreFor(s3, config.scopes);
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
                const uploaded = await manifests.putParts(buildPackParts(store, fresh, { compression: config.compression, onSkip: () => skipped++ }));
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
            log(`saved a pack of ${pack.entries} entries in ${pack.parts} part(s) (${(0,stats/* formatBytes */.z3)(pack.bytes)}): ` +
                `uploaded ${(0,stats/* formatBytes */.z3)(pack.uploadedBytes)} in ${pack.uploadedParts} new part(s), reused ${pack.reusedParts} part(s) of the previous save`);
        }
        return { saved: true, key: saved.key, ids: ids.length, bytes: saved.bytes, ...(pack ? { pack } : {}) };
    }
    finally {
        await s3.close().catch(() => { });
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
    return parts.map((p) => ({ p, at: first(p) })).sort((a, b) => a.at - b.at).map(({ p }) => p);
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


/***/ })

};
