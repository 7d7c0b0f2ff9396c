export const id = 411;
export const ids = [411,649];
export const modules = {

/***/ 35411:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   saveManifest: () => (/* binding */ saveManifest)
/* harmony export */ });
/* unused harmony exports PART_REUSE_MS, reusableParts */
/* harmony import */ var _remote_open_remote_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1459);
/* harmony import */ var _action_log_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(66813);
/* harmony import */ var _store_local_store_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(42891);
/* harmony import */ var _stats_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(93697);
/* harmony import */ var _manifest_format_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(17093);
/* harmony import */ var _manifest_store_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(10709);
/* harmony import */ var _pack_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(54225);
/* harmony import */ var _manifest_key_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(87083);
/* harmony import */ var _restored_manifest_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(1926);









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
    const ids = (0,_action_log_js__WEBPACK_IMPORTED_MODULE_1__/* .readActionLogs */ .A)(config.statsDir, _manifest_format_js__WEBPACK_IMPORTED_MODULE_4__/* .MAX_MANIFEST_IDS */ .AG, (file, why) => log(`skipped the unreadable action log ${file}: ${why}`));
    if (ids.length === 0)
        return { saved: false, reason: `no go process recorded a cache entry in ${config.statsDir}` };
    const restored = (0,_restored_manifest_js__WEBPACK_IMPORTED_MODULE_8__/* .readRestored */ .f8)(config.statsDir);
    const unchanged = (0,_restored_manifest_js__WEBPACK_IMPORTED_MODULE_8__/* .unchangedReason */ .IQ)(restored, (0,_manifest_key_js__WEBPACK_IMPORTED_MODULE_7__/* .sanitizeManifestKey */ .sQ)(key), ids, config.pack, Date.now(), config.scopes?.write ?? '');
    if (unchanged)
        return { saved: false, reason: unchanged };
    const remote = await (0,_remote_open_remote_js__WEBPACK_IMPORTED_MODULE_0__/* .openRemote */ .d)(config, { warn: log, who: 'save-manifest' });
    if (!remote)
        return { saved: false, reason: `backend ${config.backend} has no remote` };
    try {
        const manifests = (0,_manifest_store_js__WEBPACK_IMPORTED_MODULE_5__/* .manifestStoreFor */ .kz)(remote.objects, config.scopes);
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
                const store = (0,_store_local_store_js__WEBPACK_IMPORTED_MODULE_2__/* .localStoreOf */ .IJ)(config);
                const alone = [];
                const uploaded = await manifests.putParts((0,_pack_js__WEBPACK_IMPORTED_MODULE_6__/* .buildPackParts */ .qw)(store, fresh, {
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
            log(`saved a pack of ${pack.entries} entries in ${pack.parts} part(s) (${(0,_stats_js__WEBPACK_IMPORTED_MODULE_3__/* .formatBytes */ .z3)(pack.bytes)}): ` +
                `uploaded ${(0,_stats_js__WEBPACK_IMPORTED_MODULE_3__/* .formatBytes */ .z3)(pack.uploadedBytes)} in ${pack.uploadedParts} new part(s), reused ${pack.reusedParts} part(s) of the previous save`);
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


/***/ })

};
