export const id = 115;
export const ids = [115];
export const modules = {

/***/ 7093:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AG: () => (/* binding */ MAX_MANIFEST_IDS),
/* harmony export */   Gb: () => (/* binding */ encodeManifest),
/* harmony export */   MK: () => (/* binding */ decodeManifest),
/* harmony export */   Sh: () => (/* binding */ ManifestError)
/* harmony export */ });
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8522);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_zlib__WEBPACK_IMPORTED_MODULE_0__);

/** Far beyond a big monorepo's `go test ./...` (~50k ids); ~13 MB of JSON, ~7 MB gzip'd. */
const MAX_MANIFEST_IDS = 200_000;
/** A gzip bomb (or a huge foreign object under our key) stops here, not at the end of memory. */
const MAX_JSON_BYTES = 32 * 1024 * 1024;
const HEX64 = /^[0-9a-f]{64}$/;
/** The manifest is not one we can use; the message says why. */
class ManifestError extends Error {
    name = 'ManifestError';
}
function encodeManifest(actionIds, now = new Date()) {
    const ids = [...new Set(actionIds)].slice(0, MAX_MANIFEST_IDS);
    for (const id of ids)
        if (!HEX64.test(id))
            throw new ManifestError(`not an action id: "${id.slice(0, 80)}"`);
    const manifest = { version: 1, created: now.toISOString(), actionIds: ids };
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
    const { version, created, actionIds } = parsed;
    if (version !== 1)
        throw new ManifestError(`unknown version ${JSON.stringify(version)} (this action reads version 1)`);
    if (!Array.isArray(actionIds))
        throw new ManifestError('actionIds is not an array');
    if (actionIds.length > MAX_MANIFEST_IDS)
        throw new ManifestError(`${actionIds.length} action ids, more than the ${MAX_MANIFEST_IDS} allowed`);
    const ids = new Set();
    for (const id of actionIds) {
        if (typeof id !== 'string' || !HEX64.test(id))
            throw new ManifestError(`not an action id: ${JSON.stringify(id)?.slice(0, 80)}`);
        ids.add(id);
    }
    return { version: 1, created: typeof created === 'string' ? created : '', actionIds: [...ids] };
}


/***/ }),

/***/ 9298:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  v: () => (/* binding */ ManifestStore)
});

// UNUSED EXPORTS: MANIFEST_DIR

// EXTERNAL MODULE: ./src/cacheprog/manifest/manifest-format.ts
var manifest_format = __webpack_require__(7093);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
var external_node_crypto_default = /*#__PURE__*/__webpack_require__.n(external_node_crypto_);
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
                return { found: { key: name, manifest: (0,manifest_format/* decodeManifest */.MK)(bytes), bytes: bytes.length }, rejected };
            }
            catch (err) {
                if (!(err instanceof manifest_format/* ManifestError */.Sh))
                    throw err;
                rejected.push(`${name}: ${err.message}`);
            }
        }
        return { rejected };
    }
    /** Writes the manifest under key (never a restore prefix); returns the stored key and size. */
    async save(key, actionIds, signal) {
        const clean = sanitizeManifestKey(key);
        if (clean === '' || isRestorePrefix(clean))
            throw new manifest_format/* ManifestError */.Sh(`"${key}" is not a manifest key (it is empty or ends in '/')`);
        const data = (0,manifest_format/* encodeManifest */.Gb)(actionIds);
        await this.s3.putRaw(`${MANIFEST_DIR}${clean}`, data, signal);
        return { key: clean, bytes: data.length };
    }
}


/***/ }),

/***/ 7115:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runPrefetch: () => (/* binding */ runPrefetch)
});

// EXTERNAL MODULE: ./src/cacheprog/remote/create-backend.ts + 6 modules
var create_backend = __webpack_require__(7637);
// EXTERNAL MODULE: ./src/cacheprog/stats.ts
var cacheprog_stats = __webpack_require__(3697);
// EXTERNAL MODULE: ./src/cacheprog/store/local-store.ts
var local_store = __webpack_require__(2891);
// EXTERNAL MODULE: ./src/cacheprog/store/locks.ts
var locks = __webpack_require__(648);
// EXTERNAL MODULE: ./src/cacheprog/manifest/manifest-store.ts + 1 modules
var manifest_store = __webpack_require__(9298);
// EXTERNAL MODULE: ./src/cacheprog/remote/backend.ts
var remote_backend = __webpack_require__(3345);
;// CONCATENATED MODULE: ./src/cacheprog/manifest/prefetch.ts

/**
 * Downloads the listed entries that the local cache lacks, `concurrency` at a time, in list order.
 * Each download holds the lock a go process takes for the same remote fetch (`get-<id>`), so a go
 * process that asks for an entry while it is being prefetched waits for it instead of fetching it
 * twice; and an entry a go process is fetching right now is skipped rather than waited for.
 */
async function prefetchEntries(ids, deps) {
    const outcome = { prefetched: 0, bytes: 0, alreadyLocal: 0, notInRemote: 0, failed: 0, notTried: 0 };
    let next = 0;
    let tried = 0;
    // The breaker counts remoteDisabled when it opens: past that point every get is a refusal.
    const stopped = () => deps.signal.aborted || deps.stats.counters.remoteDisabled > 0;
    const worker = async () => {
        while (!stopped() && next < ids.length) {
            const id = ids[next++];
            tried++;
            await fetchOne(id, deps, outcome);
        }
    };
    const workers = Array.from({ length: Math.min(deps.concurrency, ids.length) }, () => worker());
    await Promise.all(workers);
    outcome.notTried = ids.length - tried;
    return outcome;
}
async function fetchOne(actionId, deps, outcome) {
    const { store, stats, backend, signal } = deps;
    if (store.get(actionId)) {
        outcome.alreadyLocal++;
        return;
    }
    // No wait: a holder is a go process fetching this very entry, which makes our download moot.
    const lock = await deps.locker.acquire(`get-${actionId}`, 0);
    try {
        if (!lock.acquired || store.get(actionId)) {
            outcome.alreadyLocal++;
            return;
        }
        let remote;
        try {
            remote = await backend.get(actionId, signal);
        }
        catch (err) {
            if (signal.aborted) {
                outcome.notTried++;
                return;
            }
            outcome.failed++;
            if (err instanceof remote_backend/* IntegrityError */.c) {
                stats.add('verifyRejects');
                deps.log.warn(`rejected the remote object of action ${actionId}: ${err.message}; not prefetched`);
            }
            else {
                stats.add('remoteErrors');
                deps.log.debug(`prefetch ${actionId} failed: ${err.message}`);
            }
            return;
        }
        if (!remote) {
            outcome.notInRemote++;
            return;
        }
        store.putOutput(remote.outputId, remote.body);
        store.putEntry(actionId, { outputId: remote.outputId, size: remote.size, time: remote.time });
        outcome.prefetched++;
        outcome.bytes += remote.transferredBytes;
        stats.add('prefetched');
        stats.add('prefetchBytes', remote.transferredBytes);
        stats.add('bytesDownloaded', remote.transferredBytes);
    }
    finally {
        await lock.release();
    }
}

;// CONCATENATED MODULE: ./src/cacheprog/manifest/prefetch-command.ts






/**
 * The prefetch subcommand: find the job's manifest, download what it lists into the local cache,
 * write a stats file. Runs beside the build (the action starts it detached), so nothing here may
 * fail anything: every problem ends as one warning, and a run that is cut short (deadline,
 * SIGTERM from the post step) still records what it did.
 */
async function runPrefetch(config, log) {
    const started = performance.now();
    const stats = new cacheprog_stats/* Stats */.Uz(config.backend);
    // Not a go process: the summary's process count stays the number of go commands.
    stats.counters.processes = 0;
    const controller = new AbortController();
    const deadline = setTimeout(() => controller.abort(new Error('deadline')), config.prefetchTimeoutMs);
    let interrupted = false;
    const onSignal = () => {
        interrupted = true;
        controller.abort(new Error('interrupted'));
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
    let s3;
    try {
        if (config.backend !== 's3' || !config.s3) {
            log.info('prefetch: the backend is not s3, so there is no remote to prefetch from');
            return;
        }
        const keys = [config.manifestKey ?? '', ...config.manifestRestoreKeys];
        const store = new local_store/* LocalStore */.Vs(config.cacheDir);
        store.init();
        s3 = await (0,create_backend/* createS3Backend */.ly)(config, { warn: (m) => log.warn(m) });
        const { found, rejected } = await new manifest_store/* ManifestStore */.v(s3).load(keys, controller.signal);
        if (rejected.length > 0)
            log.warn(`prefetch: ignored ${rejected.length} unusable manifest(s): ${rejected.join('; ')}`);
        if (!found) {
            log.info(`prefetch: no manifest under ${keys.filter(Boolean).join(', ')}; nothing to prefetch (save-manifest records one for the next run)`);
            return;
        }
        const ids = found.manifest.actionIds;
        stats.add('prefetchListed', ids.length);
        log.info(`prefetch: manifest ${found.key} lists ${ids.length} entries (${(0,cacheprog_stats/* formatBytes */.z3)(found.bytes)})`);
        const backend = (0,create_backend/* backendChain */._8)(s3, config, { stats, warn: (m) => log.warn(m), who: 'prefetch' });
        const locker = (0,locks/* createLocker */.$J)(config.lockType, config.lockDir);
        const outcome = await prefetchEntries(ids, { store, locker, backend, stats, log, concurrency: config.prefetchConcurrency, signal: controller.signal });
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        const why = interrupted ? ', stopped by a signal' : controller.signal.aborted ? ', stopped at -prefetch-timeout' : stats.counters.remoteDisabled > 0 ? ', stopped because the remote failed' : '';
        log.info(`prefetch: downloaded ${outcome.prefetched} of ${ids.length} entries (${(0,cacheprog_stats/* formatBytes */.z3)(outcome.bytes)}) in ${seconds} s; ` +
            `${outcome.alreadyLocal} already local, ${outcome.notInRemote} not in the remote, ${outcome.failed} failed, ${outcome.notTried} not tried${why}`);
    }
    catch (err) {
        const what = controller.signal.aborted ? 'stopped before it could start' : `failed: ${err.message}`;
        log.warn(`prefetch ${what}; go fetches entries on demand instead`);
    }
    finally {
        clearTimeout(deadline);
        process.off('SIGTERM', onSignal);
        process.off('SIGINT', onSignal);
        await s3?.close().catch(() => { });
        stats.add('prefetchMs', Math.round(performance.now() - started));
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


/***/ })

};
