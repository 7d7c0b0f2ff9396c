import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 2856:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   l: () => (/* binding */ Cache)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _uploads_pending_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(3764);
/* harmony import */ var _uploads_spool_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(4912);
/* harmony import */ var _uploads_upload_queue_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(3544);




/** Downloads of bodies this big go to disk as they arrive (see BodySpill); smaller ones are cheaper in memory. */
const SPILL_BYTES = 4 * 1024 * 1024;
/** A lookup slower than this costs more than compiling a typical package. */
const SLOW_LOOKUP_MS = 1_000;
/** Of go's last LOOKUP_WINDOW lookups, SLOW_LOOKUPS slow ones turn lookups off: one slow cold start does not. */
const LOOKUP_WINDOW = 8;
const SLOW_LOOKUPS = 3;
/**
 * The cache behind every session of a process: the local store with an in-memory index in front,
 * the remote (one fetch-verify-store path for go's gets and the prefetcher), the actions known to
 * be absent remotely, and the upload queue with its journal. In a job server one of these serves
 * every go command of the job; in per-process mode, one go command.
 */
class Cache {
    deps;
    index = new Map();
    fetches = new Map();
    /** Entries on their way by another path (a pack part being downloaded), until they land. */
    arrivals = new Map();
    /** Entries whose own remote download is under way. */
    downloading = new Set();
    /** Remote misses of this process: a second get of the same action (go build, then go test) skips the round trip. */
    absent = new Set();
    /** Every action served as a hit or stored by a put, in first-use order (a Set keeps insertion order). */
    used = new Set();
    journal;
    /** Whether each of go's last lookups was slow (see noteLookup). */
    recentLookups = [];
    bypassed = false;
    /** go's gets waiting on the remote, by action: answered as misses once their lookup is slow. */
    lookupWaiters = new Map();
    uploads;
    finished;
    constructor(deps) {
        this.deps = deps;
        // Read-only is decided once, here: a read-only cache owes the remote nothing.
        const writes = deps.config.backend !== 'disk' && !deps.config.readOnly;
        this.journal = writes ? new _uploads_pending_js__WEBPACK_IMPORTED_MODULE_1__/* .UploadJournal */ .PS(deps.config.spoolDir) : undefined;
    }
    /** The local store behind this cache (a pack prefetch's writer threads store into it). */
    get store() {
        return this.deps.store;
    }
    /**
     * The local entry, from memory when this process has seen it and its output is still there (a
     * cleanup may have deleted it under a live server), else from disk.
     */
    local(actionId) {
        const known = this.index.get(actionId);
        if (known && node_fs__WEBPACK_IMPORTED_MODULE_0___default().statSync(known.diskPath, { throwIfNoEntry: false })?.size === known.size)
            return known;
        if (known)
            this.index.delete(actionId);
        const entry = this.deps.store.get(actionId);
        if (entry)
            this.index.set(actionId, entry);
        return entry;
    }
    getLocal(actionId) {
        const local = this.local(actionId);
        if (local) {
            this.deps.stats.add('localHits');
            this.deps.stats.add('bytesServedLocal', local.size);
            this.used.add(actionId);
        }
        return local;
    }
    /**
     * Hits the job server's bridge answered from the local store's files itself: counted, and
     * recorded for the manifest, as if answered here (the bridge marked them used for the trim).
     */
    servedElsewhere(actionIds, bytes) {
        const { stats } = this.deps;
        stats.add('gets', actionIds.length);
        stats.add('localHits', actionIds.length);
        stats.add('bridgeHits', actionIds.length);
        stats.add('bytesServedLocal', bytes);
        for (const actionId of actionIds)
            this.used.add(actionId);
    }
    async getRemote(actionId) {
        const { stats } = this.deps;
        const outcome = await this.waitForLookup(actionId, this.fetch(actionId, this.deps.config.remoteTimeoutMs, undefined, true));
        if (outcome.kind === 'fetched' || outcome.kind === 'local') {
            stats.add(outcome.kind === 'local' ? 'localHits' : 'remoteHits');
            this.used.add(actionId);
            return outcome.entry;
        }
        stats.add('misses');
        return undefined;
    }
    /**
     * Fetches an entry from the remote into the local store, once per action at a time: a get and
     * the prefetcher asking for the same entry share one download. `lockWaitMs` bounds the wait for
     * another process fetching it (the prefetcher passes 0: that process makes its download moot).
     */
    fetch(actionId, lockWaitMs, signal, goWaits = false) {
        let fetch = this.fetches.get(actionId);
        if (!fetch) {
            const arrival = this.arrivals.get(actionId);
            // An entry whose pack part is downloading: wait for the part, download alone only if it did not bring it.
            const remote = () => {
                const entry = arrival && this.local(actionId);
                return entry ? Promise.resolve({ kind: 'local', entry }) : this.fetchRemote(actionId, lockWaitMs, signal, goWaits);
            };
            fetch = (arrival ? arrival.then(remote) : remote()).finally(() => this.fetches.delete(actionId));
            this.fetches.set(actionId, fetch);
        }
        return fetch;
    }
    /**
     * Announces an entry that `arrival` is bringing (its pack part is downloading): until it
     * settles, a fetch of that entry waits for it instead of starting a download of its own.
     */
    expect(actionId, arrival) {
        if (this.arrivals.has(actionId))
            return;
        const settled = arrival.then(() => { }, () => { }).finally(() => this.arrivals.delete(actionId));
        this.arrivals.set(actionId, settled);
    }
    /** Whether a download of this entry alone is under way (a pack part that brings it too can skip it). */
    isDownloading(actionId) {
        return this.downloading.has(actionId);
    }
    /** Big downloads stream into the store, hashed as they land, instead of into memory. */
    spill = { minBytes: SPILL_BYTES, open: (meta) => this.deps.store.beginOutput(meta.outputId, meta.size) };
    /** Stores a verified remote body (a fetch) and indexes it. */
    adopt(actionId, meta, body) {
        this.deps.store.putEntryWithOutput(actionId, meta, body);
        return this.stored(actionId, meta);
    }
    /** Indexes an entry another thread stored (a pack part writer): verified, and on disk. */
    stored(actionId, meta) {
        const entry = { ...meta, diskPath: this.deps.store.outputPath(meta.outputId) };
        this.index.set(actionId, entry);
        this.absent.delete(actionId);
        return entry;
    }
    /** goWaits: a lookup of go's, timed for the slow-remote bypass (the prefetcher's downloads are not). */
    async fetchRemote(actionId, lockWaitMs, signal, goWaits) {
        const { stats, log } = this.deps;
        if (this.absent.has(actionId) || this.bypassed)
            return { kind: 'absent' };
        const backend = await this.deps.backend();
        if (!backend)
            return { kind: 'absent' };
        const lock = await this.deps.locker.acquire(`get-${actionId}`, lockWaitMs);
        try {
            // Another process may have fetched it while we waited for the lock, or be fetching it now.
            const local = this.local(actionId);
            if (local)
                return { kind: 'local', entry: local };
            if (!lock.acquired && lockWaitMs === 0)
                return { kind: 'busy' };
            log.debug(`remote get ${actionId}`);
            const started = performance.now();
            // Slow as soon as it has waited SLOW_LOOKUP_MS, not when it ends. If an earlier lookup was
            // slow too, go stops waiting for it then: compiling is cheaper than waiting on, and the
            // download still lands for later. One slow lookup alone (a loaded machine) is waited for.
            let slow = false;
            const onSlow = () => {
                slow = true;
                const suspect = this.recentLookups.some(Boolean);
                this.noteLookup(true);
                if (suspect)
                    this.releaseLookups(actionId);
            };
            const timer = goWaits ? setTimeout(onSlow, SLOW_LOOKUP_MS) : undefined;
            let remote;
            this.downloading.add(actionId);
            try {
                remote = await backend.get(actionId, signal, this.spill);
            }
            catch (err) {
                if (err.name === 'IntegrityError') {
                    stats.add('verifyRejects');
                    log.warnLimited('verification rejects', `rejected the remote object of action ${actionId}: ${err.message}; treating it as a miss`);
                }
                else if (!signal?.aborted) {
                    stats.add('remoteErrors');
                    log.debug(`remote get ${actionId} failed: ${err.message}`);
                }
                return { kind: 'failed', error: err };
            }
            finally {
                this.downloading.delete(actionId);
                clearTimeout(timer);
                stats.time('remoteGet', started);
                if (goWaits && !slow)
                    this.noteLookup(performance.now() - started >= SLOW_LOOKUP_MS);
            }
            if (!remote) {
                this.absent.add(actionId);
                return { kind: 'absent' };
            }
            const meta = { outputId: remote.outputId, size: remote.size, time: remote.time };
            // A spilled body is already in place (written by the store's verifying writer).
            const entry = remote.spilled ? this.stored(actionId, this.deps.store.putEntry(actionId, meta)) : this.adopt(actionId, meta, remote.body);
            stats.add('bytesDownloaded', remote.transferredBytes);
            return { kind: 'fetched', entry, transferredBytes: remote.transferredBytes };
        }
        finally {
            await lock.release();
        }
    }
    /**
     * A remote slower than compiling makes every miss (and hit) cost more than building it: once
     * SLOW_LOOKUPS of go's last LOOKUP_WINDOW lookups were slow, lookups skip the remote for the
     * rest of this process, with one warning, and the gets still waiting are answered as misses.
     * Uploads go on, so the next run still finds this one's work.
     */
    noteLookup(slow) {
        this.recentLookups.push(slow);
        if (this.recentLookups.length > LOOKUP_WINDOW)
            this.recentLookups.shift();
        const slowOnes = this.recentLookups.filter(Boolean).length;
        if (this.bypassed || slowOnes < SLOW_LOOKUPS)
            return;
        this.bypassed = true;
        this.deps.stats.add('remoteBypassed');
        // A remote the circuit breaker already switched off (one warning) fails fast from now on anyway.
        if (this.deps.stats.counters.remoteDisabled === 0)
            this.deps.log.warn(`${slowOnes} of the last ${this.recentLookups.length} remote lookups took over ${SLOW_LOOKUP_MS} ms, longer than building most packages: lookups skip the remote from now on (uploads go on)`);
        for (const actionId of [...this.lookupWaiters.keys()])
            this.releaseLookups(actionId);
    }
    /** go's wait for a lookup, cut short (a miss) when the lookup turns slow or lookups are turned off. */
    waitForLookup(actionId, fetch) {
        return new Promise((resolve, reject) => {
            const release = () => resolve({ kind: 'absent' });
            const waiters = this.lookupWaiters.get(actionId) ?? new Set();
            this.lookupWaiters.set(actionId, waiters.add(release));
            fetch.then(resolve, reject).finally(() => {
                waiters.delete(release);
                if (waiters.size === 0 && this.lookupWaiters.get(actionId) === waiters)
                    this.lookupWaiters.delete(actionId);
            });
        });
    }
    releaseLookups(actionId) {
        const waiters = this.lookupWaiters.get(actionId);
        this.lookupWaiters.delete(actionId);
        for (const release of waiters ?? [])
            release();
    }
    /** Whether lookups skip a remote slower than compiling (see noteLookup). */
    get remoteBypassed() {
        return this.bypassed;
    }
    put(actionId, outputId, size) {
        const { stats, store } = this.deps;
        stats.add('puts');
        stats.add('putBytes', size);
        let writer;
        let failure;
        try {
            writer = store.beginOutput(outputId, size);
        }
        catch (err) {
            failure = err;
        }
        return {
            write: (chunk) => {
                if (failure || !writer)
                    return;
                try {
                    writer.write(chunk);
                }
                catch (err) {
                    failure = err;
                    writer.abort();
                }
            },
            end: async (streamError) => {
                if (streamError) {
                    writer?.abort();
                    throw streamError;
                }
                let entry;
                try {
                    if (failure || !writer)
                        throw failure ?? new Error('no writer');
                    writer.finish();
                    entry = store.putEntry(actionId, { outputId, size, time: new Date() });
                }
                catch (err) {
                    writer?.abort();
                    if (err.name === 'BodyMismatchError')
                        throw err;
                    return this.notStored(outputId, size, err);
                }
                this.index.set(actionId, entry);
                this.absent.delete(actionId);
                this.used.add(actionId);
                await this.upload({ actionId, outputId, size, time: entry.time.toISOString(), path: entry.diskPath });
                return entry;
            },
        };
    }
    /**
     * A put the local disk refused (full, read-only, gone for good): go treats a put error as a
     * build error in places (its module index, `go list -export`), so the put is answered as if
     * stored, at the path the output would have had, and nothing is indexed or uploaded. go reads
     * that path again only for `go list -export`. No emergency trim to make room: any entry may
     * have been handed to a live go command (by this process, the bridge, or another process on
     * the cache dir) that has yet to read it; the post step trims to cache-max-size.
     */
    notStored(outputId, size, err) {
        const { stats, log, store } = this.deps;
        stats.add('putsNotStored');
        log.warnOnce(`put-${err.code ?? 'local'}`, `the local cache cannot store new entries (${err.message}); go keeps building without caching them`);
        return { outputId, size, time: new Date(), diskPath: store.outputPath(outputId) };
    }
    /** Owed to the remote from here on: in the journal before the put is answered, then queued. */
    async upload(pending) {
        if (!this.journal)
            return;
        this.journal.add(pending);
        const settle = (outcome) => {
            if (outcome !== 'failed')
                this.journal?.done(pending);
        };
        if (this.deps.config.asyncBackend) {
            void this.uploadQueue().then((queue) => queue?.add(pending).then(settle));
            return;
        }
        const queue = await this.uploadQueue();
        if (queue)
            settle(await queue.uploadNow(pending));
    }
    uploadQueue() {
        this.uploads ??= this.deps.backend().then((backend) => backend ? new _uploads_upload_queue_js__WEBPACK_IMPORTED_MODULE_3__/* .UploadQueue */ .v(backend, this.deps.stats, this.deps.log, { concurrency: this.deps.config.uploadConcurrency }) : undefined);
        return this.uploads;
    }
    /** Uploads still owed. */
    get pendingUploads() {
        return this.journal?.size ?? 0;
    }
    /** What this process used, for the job's manifest: the next run prefetches exactly these. */
    usedActionIds() {
        return [...this.used];
    }
    /**
     * Waits for uploads up to `uploadWaitMs` and hands what is still owed to the spool for the post
     * step's drain. Safe to call more than once.
     */
    finish(uploadWaitMs) {
        this.finished ??= this.doFinish(uploadWaitMs);
        return this.finished;
    }
    async doFinish(uploadWaitMs) {
        const { stats, log, config } = this.deps;
        log.flushLimited();
        if (!this.journal)
            return;
        const queue = this.uploads ? await this.uploads : undefined;
        stats.add('uploadsPendingAtClose', this.journal.size);
        if (queue && queue.pending > 0) {
            log.debug(`waiting up to ${uploadWaitMs} ms for ${queue.pending} upload(s)`);
            await queue.waitIdle(uploadWaitMs);
        }
        const left = this.journal.list();
        if (left.length > 0) {
            const spool = new _uploads_spool_js__WEBPACK_IMPORTED_MODULE_2__/* .Spool */ .Q(config.spoolDir);
            for (const pending of left)
                spool.add(pending);
            stats.add('spooled', left.length);
            log.info(`${left.length} upload(s) not finished were saved to the spool ${config.spoolDir}; run "drain" (the action's post step does) to upload them`);
        }
        this.journal.remove();
    }
}


/***/ }),

/***/ 7483:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  xL: () => (/* binding */ ConfigError),
  w5: () => (/* binding */ describeSetting),
  Du: () => (/* binding */ parseCommandLine),
  j8: () => (/* binding */ parseSocketAddress),
  CI: () => (/* binding */ usage)
});

// UNUSED EXPORTS: SUBCOMMANDS, listSettings, normalizePrefix, parseBoolean, parseDuration, parseSize, readEnv

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __nccwpck_require__(8161);
var external_node_os_default = /*#__PURE__*/__nccwpck_require__.n(external_node_os_);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(6760);
var external_node_path_default = /*#__PURE__*/__nccwpck_require__.n(external_node_path_);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __nccwpck_require__(7975);
// EXTERNAL MODULE: ./src/cacheprog/redact.ts
var redact = __nccwpck_require__(4205);
;// CONCATENATED MODULE: ./src/cacheprog/remote/prefix.ts
/**
 * Why an S3 key prefix would leave the namespace it names, or undefined. Stores differ on what
 * `..`, a leading '/' or '//' mean in a key (some resolve them like a path, some reject every
 * request with HTTP 400), so a prefix with them could reach another tool's keys or silently
 * disable the cache. Empty is the whole bucket; one trailing '/' is optional.
 */
function prefixProblem(prefix) {
    const shown = JSON.stringify(prefix.slice(0, 120));
    if (prefix === '')
        return undefined;
    if (prefix.startsWith('/'))
        return `${shown} is absolute; write it without the leading '/' (e.g. gobuildcache/)`;
    // eslint-disable-next-line no-control-regex -- control characters are what this rejects
    if (/[\u0000-\u001f\u007f\\]/.test(prefix))
        return `${shown} contains a control character or '\\'`;
    const segments = prefix.replace(/\/$/, '').split('/');
    if (segments.some((s) => s === '..' || s === '.'))
        return `${shown} has a '.' or '..' segment, which would leave the prefix's namespace`;
    if (segments.some((s) => s === ''))
        return `${shown} has an empty segment ('//')`;
    return undefined;
}

// EXTERNAL MODULE: ./src/cacheprog/remote/scopes.ts
var scopes = __nccwpck_require__(724);
;// CONCATENATED MODULE: ./src/cacheprog/config.ts






/** Thrown for any bad flag or env value; the message names what was wrong. */
class ConfigError extends Error {
    name = 'ConfigError';
}
const SETTINGS = {
    backend: { flag: 'backend', env: ['BACKEND_TYPE', 'BACKEND'], kind: 'string' },
    cacheDir: { flag: 'cache-dir', env: ['CACHE_DIR'], kind: 'string' },
    sharedCacheDir: { flag: 'shared-cache-dir', env: ['SHARED_CACHE_DIR'], kind: 'string' },
    cacheMaxSize: { flag: 'cache-max-size', env: ['CACHE_MAX_SIZE'], kind: 'string' },
    lockDir: { flag: 'lock-dir', env: ['LOCK_DIR'], kind: 'string' },
    lockType: { flag: 'lock-type', env: ['LOCK_TYPE'], kind: 'string' },
    spoolDir: { flag: 'spool-dir', env: ['SPOOL_DIR'], kind: 'string' },
    statsDir: { flag: 'stats-dir', env: ['STATS_DIR'], kind: 'string' },
    debug: { flag: 'debug', env: ['DEBUG'], kind: 'boolean' },
    printStats: { flag: 'stats', env: ['PRINT_STATS'], kind: 'boolean' },
    readOnly: { flag: 'read-only', env: ['READ_ONLY'], kind: 'boolean' },
    compression: { flag: 'compression', env: ['COMPRESSION'], kind: 'boolean' },
    asyncBackend: { flag: 'async-backend', env: ['ASYNC_BACKEND'], kind: 'boolean' },
    errorRate: { flag: 'error-rate', env: ['ERROR_RATE'], kind: 'string' },
    uploadWait: { flag: 'upload-wait', env: ['UPLOAD_WAIT'], kind: 'string' },
    drainTimeout: { flag: 'drain-timeout', env: ['DRAIN_TIMEOUT'], kind: 'string' },
    remoteTimeout: { flag: 'remote-timeout', env: ['REMOTE_TIMEOUT'], kind: 'string' },
    uploadConcurrency: { flag: 'upload-concurrency', env: ['UPLOAD_CONCURRENCY'], kind: 'string' },
    manifestKey: { flag: 'manifest-key', env: ['MANIFEST_KEY'], kind: 'string' },
    manifestRestoreKeys: { flag: 'manifest-restore-keys', env: ['MANIFEST_RESTORE_KEYS'], kind: 'string' },
    prefetchConcurrency: { flag: 'prefetch-concurrency', env: ['PREFETCH_CONCURRENCY'], kind: 'string' },
    prefetchTimeout: { flag: 'prefetch-timeout', env: ['PREFETCH_TIMEOUT'], kind: 'string' },
    pack: { flag: 'pack', env: ['PACK'], kind: 'boolean' },
    scope: { flag: 'scope', env: ['SCOPE'], kind: 'string' },
    readScopes: { flag: 'read-scopes', env: ['READ_SCOPES'], kind: 'string' },
    s3Bucket: { flag: 's3-bucket', env: ['S3_BUCKET'], kind: 'string' },
    s3Prefix: { flag: 's3-prefix', env: ['S3_PREFIX'], kind: 'string' },
    s3Region: { flag: 's3-region', env: ['AWS_REGION', 'AWS_DEFAULT_REGION'], kind: 'string' },
    s3Endpoint: { flag: 's3-endpoint', env: ['AWS_ENDPOINT_URL_S3', 'AWS_ENDPOINT_URL'], kind: 'string' },
    s3PathStyle: { flag: 's3-path-style', env: ['AWS_S3_USE_PATH_STYLE'], kind: 'boolean' },
    s3ChecksumWhenRequired: { flag: 's3-checksum-when-required', env: ['S3_CHECKSUM_WHEN_REQUIRED'], kind: 'boolean' },
    s3DirectRequests: { flag: 's3-direct-requests', env: ['S3_DIRECT_REQUESTS'], kind: 'boolean' },
    listKeys: { flag: 'list-keys', env: ['LIST_KEYS'], kind: 'boolean' },
    // Flag only: an exported env value would turn the bridge's per-process fallback into a second server.
    socket: { flag: 'socket', env: [], kind: 'string' },
    serverFile: { flag: 'server-file', env: [], kind: 'string' },
    statsFile: { flag: 'stats-file', env: ['STATS_FILE'], kind: 'string' },
    yes: { flag: 'yes', env: [], kind: 'boolean' },
};
const SUBCOMMANDS = ['serve', 'finish', 'clear-local', 'clear-remote', 'clear', 'drain', 'prefetch', 'save-manifest', 'normalize-mtimes', 'trim', 'help'];
/** Reads one env key the way the reference does: GOBUILDCACHE_<KEY>, then <KEY>; empty falls through. */
function readEnv(env, keys) {
    for (const key of keys) {
        for (const name of [`GOBUILDCACHE_${key}`, key]) {
            const value = env[name];
            if (value !== undefined && value !== '')
                return value;
        }
    }
    return undefined;
}
/**
 * Go's flag package takes `-name`, `--name`, `-name=value` and `-name value`, and booleans as
 * `-name` or `-name=false`. Rewrite to what node's parseArgs accepts with every option a string.
 */
function normalizeArgs(argv) {
    const booleans = new Set(Object.values(SETTINGS).filter((s) => s.kind === 'boolean').map((s) => s.flag));
    const out = [];
    for (const arg of argv) {
        if (!arg.startsWith('-') || arg === '-' || arg === '--') {
            out.push(arg);
            continue;
        }
        const long = arg.startsWith('--') ? arg : `-${arg}`;
        const name = long.slice(2).split('=')[0] ?? '';
        if (booleans.has(name) && !long.includes('='))
            out.push(`${long}=true`);
        else
            out.push(long);
    }
    return out;
}
function parseBoolean(value, what) {
    switch (value.trim().toLowerCase()) {
        case '1':
        case 't':
        case 'true':
        case 'yes':
        case 'on':
            return true;
        case '0':
        case 'f':
        case 'false':
        case 'no':
        case 'off':
            return false;
        default:
            throw new ConfigError(`${what}: "${value}" is not a boolean (use true or false)`);
    }
}
/** Parses "30s", "1500ms", "2m" or a bare number of seconds. */
function parseDuration(value, what) {
    const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(value);
    if (!match)
        throw new ConfigError(`${what}: "${value}" is not a duration (examples: 500ms, 30s, 2m)`);
    const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(match[2] ?? 's')];
    return Math.round(Number(match[1]) * unit);
}
const SIZE_UNITS = {
    '': 1, b: 1,
    k: 1000, kb: 1000, kib: 1024,
    m: 1000 ** 2, mb: 1000 ** 2, mib: 1024 ** 2,
    g: 1000 ** 3, gb: 1000 ** 3, gib: 1024 ** 3,
    t: 1000 ** 4, tb: 1000 ** 4, tib: 1024 ** 4,
};
/** Parses "10GiB", "500MiB", "1.5GB", "0" (bytes when there is no unit). */
function parseSize(value, what) {
    const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value);
    const unit = match ? SIZE_UNITS[(match[2] ?? '').toLowerCase()] : undefined;
    if (!match || unit === undefined)
        throw new ConfigError(`${what}: "${value}" is not a size (examples: 10GiB, 500MiB, 0 for no cap)`);
    const bytes = Math.floor(Number(match[1]) * unit);
    if (!Number.isSafeInteger(bytes))
        throw new ConfigError(`${what}: "${value}" is too large`);
    return bytes;
}
function parseInteger(value, what, min, max) {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) {
        throw new ConfigError(`${what}: "${value}" must be a whole number from ${min} to ${max}`);
    }
    return n;
}
function absoluteDir(value, what) {
    if (!external_node_path_default().isAbsolute(value))
        throw new ConfigError(`${what}: "${value}" must be an absolute path`);
    return external_node_path_default().normalize(value);
}
/** Every setting's flag and env keys: what help prints and docs/cli.md's table must name. */
function listSettings() {
    return Object.values(SETTINGS).map((s) => ({ flag: s.flag, env: s.env }));
}
function describeSetting(name) {
    const s = SETTINGS[name];
    const envs = s.env.map((k) => `GOBUILDCACHE_${k}`).join(' / ');
    return envs ? `-${s.flag} (${envs})` : `-${s.flag}`;
}
function parseCommandLine(argv, env = process.env) {
    const options = Object.fromEntries(Object.values(SETTINGS).map((s) => [s.flag, { type: 'string' }]));
    let parsed;
    try {
        parsed = (0,external_node_util_.parseArgs)({ args: normalizeArgs(argv), options, allowPositionals: true, strict: true });
    }
    catch (err) {
        throw new ConfigError(`${err.message}; run with "help" to list the flags`);
    }
    const positionals = parsed.positionals;
    if (positionals.length > 1)
        throw new ConfigError(`expected one subcommand, got "${positionals.join(' ')}"`);
    const sub = positionals[0] ?? 'serve';
    if (!SUBCOMMANDS.includes(sub)) {
        throw new ConfigError(`unknown subcommand "${sub}" (expected one of: ${SUBCOMMANDS.join(', ')})`);
    }
    const flags = parsed.values;
    const raw = (name) => flags[SETTINGS[name].flag] ?? readEnv(env, SETTINGS[name].env);
    const bool = (name, fallback) => {
        const v = raw(name);
        return v === undefined ? fallback : parseBoolean(v, describeSetting(name));
    };
    return { subcommand: sub, config: buildConfig(raw, bool), yes: bool('yes', false) };
}
function buildConfig(raw, bool) {
    const backend = (raw('backend') ?? 'disk').toLowerCase();
    if (backend !== 'disk' && backend !== 's3') {
        throw new ConfigError(`${describeSetting('backend')}: unknown backend "${backend}" (expected disk or s3)`);
    }
    const lockType = (raw('lockType') ?? 'fslock').toLowerCase();
    const lockTypes = { fslock: 'fslock', fs: 'fslock', memory: 'memory', noop: 'noop' };
    if (!(lockType in lockTypes)) {
        throw new ConfigError(`${describeSetting('lockType')}: unknown lock type "${lockType}" (expected fslock, memory or noop)`);
    }
    const base = external_node_path_default().join(external_node_os_default().tmpdir(), 'gobuildcache');
    const cacheDir = absoluteDir(raw('cacheDir') ?? external_node_path_default().join(base, 'cache'), describeSetting('cacheDir'));
    const statsDir = raw('statsDir');
    const sharedCacheDir = raw('sharedCacheDir');
    const errorRateText = raw('errorRate') ?? '0';
    const errorRate = Number(errorRateText);
    if (!Number.isFinite(errorRate) || errorRate < 0 || errorRate > 1) {
        throw new ConfigError(`${describeSetting('errorRate')}: "${errorRateText}" must be a number from 0 to 1`);
    }
    const config = {
        backend,
        cacheDir,
        sharedCacheDir: sharedCacheDir ? absoluteDir(sharedCacheDir, describeSetting('sharedCacheDir')) : undefined,
        cacheMaxBytes: parseSize(raw('cacheMaxSize') ?? '0', describeSetting('cacheMaxSize')),
        lockDir: absoluteDir(raw('lockDir') ?? external_node_path_default().join(base, 'locks'), describeSetting('lockDir')),
        lockType: lockTypes[lockType],
        spoolDir: absoluteDir(raw('spoolDir') ?? external_node_path_default().join(cacheDir, 'spool'), describeSetting('spoolDir')),
        statsDir: statsDir === undefined ? undefined : absoluteDir(statsDir, describeSetting('statsDir')),
        debug: bool('debug', false),
        printStats: bool('printStats', false),
        readOnly: bool('readOnly', false),
        compression: bool('compression', true),
        asyncBackend: bool('asyncBackend', true),
        errorRate,
        uploadWaitMs: parseDuration(raw('uploadWait') ?? '60s', describeSetting('uploadWait')),
        drainTimeoutMs: parseDuration(raw('drainTimeout') ?? '5m', describeSetting('drainTimeout')),
        remoteTimeoutMs: parseDuration(raw('remoteTimeout') ?? '10s', describeSetting('remoteTimeout')),
        uploadConcurrency: parseInteger(raw('uploadConcurrency') ?? '16', describeSetting('uploadConcurrency'), 1, 256),
        manifestKey: raw('manifestKey'),
        manifestRestoreKeys: (raw('manifestRestoreKeys') ?? '').split(/[,\n]/).map((k) => k.trim()).filter((k) => k !== ''),
        prefetchConcurrency: parseInteger(raw('prefetchConcurrency') ?? '32', describeSetting('prefetchConcurrency'), 1, 256),
        prefetchTimeoutMs: parseDuration(raw('prefetchTimeout') ?? '10m', describeSetting('prefetchTimeout')),
        pack: bool('pack', true),
        listKeys: bool('listKeys', true),
        socket: raw('socket'),
        serverFile: raw('serverFile') === undefined ? undefined : absoluteDir(raw('serverFile'), describeSetting('serverFile')),
        statsFile: raw('statsFile') === undefined ? undefined : absoluteDir(raw('statsFile'), describeSetting('statsFile')),
    };
    config.scopes = parseScopes(raw('scope'), raw('readScopes'));
    if (config.socket !== undefined)
        parseSocketAddress(config.socket, describeSetting('socket'));
    if (config.remoteTimeoutMs <= 0)
        throw new ConfigError(`${describeSetting('remoteTimeout')}: must be more than 0`);
    const bucket = raw('s3Bucket');
    if (backend === 's3') {
        if (!bucket)
            throw new ConfigError(`${describeSetting('s3Bucket')} is required with -backend s3`);
        const endpoint = raw('s3Endpoint');
        if (endpoint !== undefined && !/^https?:\/\/[^\s/]+/.test(endpoint)) {
            throw new ConfigError(`${describeSetting('s3Endpoint')}: "${(0,redact/* redactUrlCredentials */.dE)(endpoint)}" must be an http(s) URL`);
        }
        config.s3 = {
            bucket,
            prefix: checkedPrefix(raw('s3Prefix') ?? 'gobuildcache/'),
            region: raw('s3Region'),
            endpoint,
            pathStyle: bool('s3PathStyle', false),
            // Every object carries its own size and sha256, checked before go sees it, so the SDK's
            // CRC32 (pure JS, on every GET and PUT) only costs CPU; some non-AWS stores reject it too.
            checksumWhenRequired: bool('s3ChecksumWhenRequired', true),
            directRequests: bool('s3DirectRequests', true),
        };
    }
    return config;
}
function parseScopes(scope, readScopes) {
    const trusted = (readScopes ?? '').split(/[,\n]/).map((s) => s.trim()).filter((s) => s !== '');
    if (scope === undefined) {
        if (trusted.length > 0)
            throw new ConfigError(`${describeSetting('readScopes')} needs ${describeSetting('scope')}: a reader reads its own scope first`);
        return undefined;
    }
    const write = scope.trim();
    for (const [name, what] of [[write, 'scope'], ...trusted.map((t) => [t, 'readScopes'])]) {
        const problem = (0,scopes/* scopeNameProblem */.Rp)(name);
        if (problem)
            throw new ConfigError(`${describeSetting(what)}: ${problem}`);
    }
    return (0,scopes/* makeScopes */.CZ)(write, trusted);
}
/**
 * A job server's address: `unix:/abs/path` (or just the absolute path), where the socket's
 * directory keeps other users out; or `tcp:127.0.0.1:PORT` (port 0 picks one), loopback only,
 * for platforms without Unix sockets: clients then present the token from the server file.
 */
function parseSocketAddress(value, what = 'socket') {
    const unix = value.startsWith('unix:') ? value.slice(5) : value;
    if (external_node_path_default().isAbsolute(unix))
        return { kind: 'unix', path: external_node_path_default().normalize(unix) };
    const tcp = /^tcp:(127\.0\.0\.1|localhost|\[::1\]):(\d{1,5})$/.exec(value);
    if (tcp && Number(tcp[2]) <= 65535)
        return { kind: 'tcp', host: tcp[1] === '[::1]' ? '::1' : tcp[1], port: Number(tcp[2]) };
    throw new ConfigError(`${what}: "${value}" is not unix:/absolute/path or tcp:127.0.0.1:PORT (loopback only)`);
}
function checkedPrefix(value) {
    const problem = prefixProblem(value);
    if (problem)
        throw new ConfigError(`${describeSetting('s3Prefix')}: ${problem}`);
    return normalizePrefix(value);
}
/** '' stays '' (the whole bucket); anything else ends in exactly one '/'. */
function normalizePrefix(prefix) {
    const trimmed = prefix.replace(/^\/+/, '').replace(/\/+$/, '');
    return trimmed === '' ? '' : `${trimmed}/`;
}
function usage() {
    const lines = [
        'gobuildcache-action: a GOCACHEPROG server with a local disk cache and an optional S3 remote.',
        '',
        'Usage: GOCACHEPROG="node /path/to/dist/cacheprog/index.js [flags]" go build ./...',
        '       node dist/cacheprog/index.js <subcommand> [flags]',
        '',
        'Subcommands:',
        '  (none), serve   speak the GOCACHEPROG protocol on stdin/stdout (one go command); with -socket,',
        '                  be the job\'s cache server there, for every go command that connects through the bridge',
        '  finish          ask the job server at -socket (or -server-file) to finish: wait for uploads up to',
        '                  -drain-timeout, spool the rest, write its statistics, exit',
        '  clear-local     delete the local cache directory',
        '  clear-remote    delete every object under the S3 prefix, or only -scope\'s (an empty prefix needs -yes)',
        '  clear           both of the above',
        '  drain           upload everything waiting in the spool; exits 0 only when it is empty',
        '  prefetch        download the entries a manifest (-manifest-key, then -manifest-restore-keys) lists',
        '                  into the local cache before go asks for them; once its flags parse it exits 0',
        '  save-manifest   record the action ids the go processes used (read from -stats-dir) as the',
        '                  manifest -manifest-key, for the next run\'s prefetch',
        '  normalize-mtimes',
        '                  set the modification time of every file and directory git tracks under the',
        '                  current directory to a function of its content, so test results go cached',
        '                  on one checkout are found again on a fresh one (golang/go#58571)',
        '  trim            remove least recently used entries from the local cache until it takes at',
        '                  most 90% of -cache-max-size; entries used within the last hour stay',
        '  help            this text',
        '',
        'Flags (each also read from GOBUILDCACHE_<KEY>, then <KEY>):',
    ];
    for (const name of Object.keys(SETTINGS))
        lines.push(`  ${describeSetting(name)}`);
    return lines.join('\n');
}


/***/ }),

/***/ 6813:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   A: () => (/* binding */ readActionLogs),
/* harmony export */   M: () => (/* binding */ writeActionLog)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _store_atomic_file_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(9306);
/* harmony import */ var _protocol_types_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(7802);





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

/***/ 5332:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   D: () => (/* binding */ RequestReader)
/* harmony export */ });
/* unused harmony export parseRequest */
const NEWLINE = 0x0a;
const QUOTE = 0x22;
const MAX_HEADER_BYTES = 1 << 20;
function isSpace(byte) {
    return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}
/** Decodes a base64 id; returns an error text naming the field when it is not 32 bytes. */
function decodeId(value, field) {
    if (typeof value !== 'string')
        return { error: `${field} is missing or not a base64 string` };
    const bytes = Buffer.from(value, 'base64');
    if (bytes.length !== 32)
        return { error: `${field} must be 32 bytes, got ${bytes.length}` };
    return { hex: bytes.toString('hex') };
}
/** Request fields as cmd/go declares them. */
const DECLARED = new Set(['ID', 'Command', 'ActionID', 'OutputID', 'ObjectID', 'BodySize']);
function parseRequest(json) {
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
        return { id: -1, command: '', bodySize: 0, error: 'request is not a JSON object' };
    }
    const object = json;
    // encoding/json matches field names case-insensitively, and so does go's side of the protocol.
    // go itself writes them as declared, so the lower-cased map is built only for other spellings.
    let lowered;
    const lower = () => (lowered ??= new Map(Object.entries(object).map(([k, v]) => [k.toLowerCase(), v])));
    const asDeclared = Object.keys(object).every((k) => DECLARED.has(k));
    const field = (name) => (asDeclared || Object.hasOwn(object, name) ? object[name] : lower().get(name.toLowerCase()));
    const id = field('ID');
    const command = field('Command');
    const bodySizeRaw = field('BodySize') ?? 0;
    const request = {
        id: typeof id === 'number' && Number.isSafeInteger(id) ? id : -1,
        command: typeof command === 'string' ? command : '',
        bodySize: typeof bodySizeRaw === 'number' && Number.isSafeInteger(bodySizeRaw) && bodySizeRaw >= 0 ? bodySizeRaw : 0,
    };
    if (request.id < 0)
        return { ...request, error: `request ID must be a non-negative integer, got ${JSON.stringify(id)}` };
    if (request.bodySize === 0 && bodySizeRaw !== 0) {
        return { ...request, error: `BodySize must be a non-negative integer, got ${JSON.stringify(bodySizeRaw)}` };
    }
    if (request.command === 'get' || request.command === 'put') {
        const action = decodeId(field('ActionID'), 'ActionID');
        if (action.error)
            return { ...request, error: action.error };
        request.actionId = action.hex;
    }
    if (request.command === 'put') {
        const output = decodeId(field('OutputID') ?? field('ObjectID'), 'OutputID');
        if (output.error)
            return { ...request, error: output.error };
        request.outputId = output.hex;
    }
    if (request.command !== 'get' && request.command !== 'put' && request.command !== 'close')
        request.fields = lower();
    return request;
}
/** Swallows the body of a request that is answered with an error, so framing stays intact. */
const DISCARD = { write() { }, end() { } };
/**
 * Streams requests off stdin. A put body is a JSON string of base64 that can be tens of MB: it is
 * decoded chunk by chunk into a sink, never joined into one string, so memory and time stay linear.
 */
class RequestReader {
    handlers;
    state = 'header';
    headerParts = [];
    headerBytes = 0;
    sink = DISCARD;
    expected = 0;
    decoded = 0;
    /** Base64 characters left over from the last chunk (fewer than 4). */
    carry = '';
    constructor(handlers) {
        this.handlers = handlers;
    }
    push(chunk) {
        let pos = 0;
        while (pos < chunk.length && this.state !== 'dead') {
            if (this.state === 'body')
                pos = this.readBody(chunk, pos);
            else if (this.state === 'bodyStart')
                pos = this.readBodyStart(chunk, pos);
            else
                pos = this.readHeader(chunk, pos);
        }
    }
    /** stdin closed. A request cut off midway is reported; a clean end is not. */
    end() {
        if (this.state === 'body' || this.state === 'bodyStart') {
            this.sink.end(new Error(`stdin closed in the middle of a put body (${this.decoded} of ${this.expected} bytes)`));
            this.fatal('stdin closed in the middle of a put body');
        }
        else if (this.headerBytes > 0 && Buffer.concat(this.headerParts).toString().trim() !== '') {
            this.fatal('stdin closed in the middle of a request');
        }
        this.state = 'dead';
    }
    fatal(message) {
        this.state = 'dead';
        this.handlers.onFatal(message);
    }
    readHeader(chunk, start) {
        let pos = start;
        if (this.headerBytes === 0)
            while (pos < chunk.length && isSpace(chunk[pos]))
                pos++;
        if (pos >= chunk.length)
            return pos;
        const newline = chunk.indexOf(NEWLINE, pos);
        const end = newline === -1 ? chunk.length : newline;
        this.headerParts.push(chunk.subarray(pos, end));
        this.headerBytes += end - pos;
        if (this.headerBytes > MAX_HEADER_BYTES) {
            this.fatal(`malformed request: a request line is longer than ${MAX_HEADER_BYTES} bytes`);
            return chunk.length;
        }
        if (newline === -1)
            return chunk.length;
        const line = this.headerParts.length === 1 ? this.headerParts[0] : Buffer.concat(this.headerParts);
        this.headerParts = [];
        this.headerBytes = 0;
        this.handleHeader(line.toString('utf8'));
        return newline + 1;
    }
    handleHeader(line) {
        let json;
        try {
            json = JSON.parse(line);
        }
        catch (err) {
            this.fatal(`malformed request: invalid JSON (${err.message}): ${line.slice(0, 200)}`);
            return;
        }
        const request = parseRequest(json);
        if (request.id < 0) {
            // Without an ID no answer can reach the right waiter: say what was wrong and stop.
            this.fatal(`malformed request: ${request.error ?? 'no ID'}: ${line.slice(0, 200)}`);
            return;
        }
        const sink = this.handlers.onRequest(request);
        if (request.bodySize > 0) {
            this.sink = sink ?? DISCARD;
            this.expected = request.bodySize;
            this.decoded = 0;
            this.carry = '';
            this.state = 'bodyStart';
        }
    }
    readBodyStart(chunk, start) {
        let pos = start;
        while (pos < chunk.length && isSpace(chunk[pos]))
            pos++;
        if (pos >= chunk.length)
            return pos;
        if (chunk[pos] !== QUOTE) {
            this.sink.end(new Error('put body is missing'));
            this.fatal(`malformed request: expected a base64 body string after a put with BodySize ${this.expected}`);
            return chunk.length;
        }
        this.state = 'body';
        return pos + 1;
    }
    readBody(chunk, start) {
        const quote = chunk.indexOf(QUOTE, start);
        const end = quote === -1 ? chunk.length : quote;
        let text = this.carry + chunk.toString('latin1', start, end);
        const whole = quote === -1 ? text.length - (text.length % 4) : text.length;
        this.carry = text.slice(whole);
        text = text.slice(0, whole);
        if (text.length > 0) {
            const bytes = Buffer.from(text, 'base64');
            this.decoded += bytes.length;
            if (this.decoded <= this.expected)
                this.sink.write(bytes);
        }
        if (quote === -1)
            return chunk.length;
        if (this.decoded !== this.expected) {
            this.sink.end(new Error(`body size mismatch: BodySize is ${this.expected} but the body decodes to ${this.decoded} bytes`));
        }
        else {
            this.sink.end();
        }
        this.sink = DISCARD;
        this.state = 'header';
        return quote + 1;
    }
}


/***/ }),

/***/ 7802:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   b: () => (/* binding */ KNOWN_COMMANDS),
/* harmony export */   m: () => (/* binding */ HEX_ID)
/* harmony export */ });
/** A sha256 in lower-case hex: action and output ids, pack part keys. */
const HEX_ID = /^[0-9a-f]{64}$/;
const KNOWN_COMMANDS = ['get', 'put', 'close'];


/***/ }),

/***/ 2692:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   QK: () => (/* binding */ HANDSHAKE),
/* harmony export */   Tj: () => (/* binding */ ResponseWriter),
/* harmony export */   kd: () => (/* binding */ encodeResponse),
/* harmony export */   qS: () => (/* binding */ encodeHit)
/* harmony export */ });
/* unused harmony export hexToBase64 */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _types_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(7802);


function encodeResponse(response) {
    return `${JSON.stringify(response)}\n`;
}
/** Everything of a hit's answer after its ID, per entry: a warm build asks for the same entries again. */
const hitTails = new WeakMap();
/** A hit's answer, as encodeResponse would write it, from the entry's cached tail. */
function encodeHit(id, entry) {
    let tail = hitTails.get(entry);
    if (tail === undefined) {
        const rest = { OutputID: hexToBase64(entry.outputId), Size: entry.size, Time: entry.time.toISOString(), DiskPath: entry.diskPath };
        tail = JSON.stringify(rest).slice(1);
        hitTails.set(entry, tail);
    }
    return `{"ID":${id},${tail}\n`;
}
const HANDSHAKE = { ID: 0, KnownCommands: [..._types_js__WEBPACK_IMPORTED_MODULE_1__/* .KNOWN_COMMANDS */ .b] };
/**
 * Writes protocol responses to a file descriptor. stdout belongs to the go command: nothing else
 * may ever go there. A plain blocking write(2) on fd 1 skips the stream machinery of
 * process.stdout, which is most of the cost of a response; go reads its end continuously, so the
 * write never waits for long.
 */
class ResponseWriter {
    fd;
    constructor(fd = 1) {
        this.fd = fd;
    }
    handshake() {
        this.send(encodeResponse(HANDSHAKE));
    }
    send(line) {
        const data = Buffer.from(line);
        for (let offset = 0; offset < data.length;) {
            try {
                offset += node_fs__WEBPACK_IMPORTED_MODULE_0___default().writeSync(this.fd, data, offset);
            }
            catch (err) {
                // A non-blocking pipe that is momentarily full: go is still reading, so try again.
                if (err.code !== 'EAGAIN')
                    throw err;
            }
        }
    }
}
function hexToBase64(hex) {
    return Buffer.from(hex, 'hex').toString('base64');
}


/***/ }),

/***/ 4205:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   O4: () => (/* binding */ urlCredentials),
/* harmony export */   OI: () => (/* binding */ displayEndpoint),
/* harmony export */   dE: () => (/* binding */ redactUrlCredentials)
/* harmony export */ });
/**
 * Credentials written into a URL (https://user:secret@host) must never reach a log line, an
 * error or a job summary. Every message that may name an endpoint goes through here.
 */
/** scheme://userinfo@ — userinfo cannot hold '/', '@' or blanks unencoded. */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi;
/** Replaces the user:password@ of every URL in text with ***@. */
function redactUrlCredentials(text) {
    return text.replace(URL_USERINFO, '$1***@');
}
/** An endpoint as shown to users: no user:password@, no query, no fragment. */
function displayEndpoint(endpoint, region) {
    if (endpoint === undefined)
        return `AWS S3${region ? ` in ${region}` : ''}`;
    try {
        const url = new URL(endpoint);
        return `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`;
    }
    catch {
        return '(invalid endpoint)';
    }
}
/** The decoded user name and password of a URL, for the list of values a redactor cuts out. */
function urlCredentials(endpoint) {
    if (endpoint === undefined)
        return [];
    try {
        const url = new URL(endpoint);
        return [url.username, url.password].filter((v) => v !== '').flatMap((v) => {
            const decoded = safeDecode(v);
            return decoded === v ? [v] : [v, decoded];
        });
    }
    catch {
        return [];
    }
}
function safeDecode(value) {
    try {
        return decodeURIComponent(value);
    }
    catch {
        return value;
    }
}


/***/ }),

/***/ 3345:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   c: () => (/* binding */ IntegrityError),
/* harmony export */   m: () => (/* binding */ BackendDecorator)
/* harmony export */ });
/** A verification failure: the remote object is not what its key promises. */
class IntegrityError extends Error {
    name = 'IntegrityError';
}
/** Forwards every call to the inner backend, so a decorator overrides only what it changes. */
class BackendDecorator {
    inner;
    name;
    constructor(inner, suffix = '') {
        this.inner = inner;
        this.name = `${inner.name}${suffix}`;
    }
    get(actionId, signal, spill) {
        return this.inner.get(actionId, signal, spill);
    }
    put(actionId, meta, body, signal) {
        return this.inner.put(actionId, meta, body, signal);
    }
    check(signal) {
        return this.inner.check(signal);
    }
    clear() {
        return this.inner.clear();
    }
    close() {
        return this.inner.close();
    }
}


/***/ }),

/***/ 6469:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Y: () => (/* binding */ BodySink)
/* harmony export */ });
/**
 * Collects a response body: into one buffer of the announced length when there is one (a big
 * object then costs its size once, not chunks plus their joined copy), else chunk by chunk.
 */
class BodySink {
    whole;
    filled = 0;
    chunks = [];
    constructor(expectedLength) {
        this.whole = Number.isSafeInteger(expectedLength) && expectedLength > 0 ? Buffer.allocUnsafe(expectedLength) : undefined;
    }
    push(chunk) {
        if (this.whole && this.chunks.length === 0 && this.filled + chunk.length <= this.whole.length) {
            this.filled += chunk.copy(this.whole, this.filled);
            return;
        }
        // More than announced: keep everything, the caller's checks reject it.
        if (this.whole && this.chunks.length === 0)
            this.chunks.push(this.whole.subarray(0, this.filled));
        this.chunks.push(chunk);
    }
    take() {
        if (this.chunks.length > 0)
            return Buffer.concat(this.chunks);
        return this.whole ? this.whole.subarray(0, this.filled) : Buffer.alloc(0);
    }
}


/***/ }),

/***/ 2134:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

// ESM COMPAT FLAG
__nccwpck_require__.r(__webpack_exports__);

// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  backendChain: () => (/* binding */ backendChain),
  createBackend: () => (/* binding */ createBackend),
  createS3Backend: () => (/* binding */ createS3Backend),
  listReadableActionIds: () => (/* binding */ listReadableActionIds),
  scopeViews: () => (/* binding */ scopeViews)
});

// EXTERNAL MODULE: ./src/cacheprog/remote/backend.ts
var backend = __nccwpck_require__(3345);
;// CONCATENATED MODULE: ./src/cacheprog/remote/circuit-breaker.ts

/**
 * A put refused because the remote is switched off. The upload layer should spool the entry
 * (for the post step's drain) instead of retrying: retrying is what the breaker prevents.
 */
class RemoteDisabledError extends Error {
    name = 'RemoteDisabledError';
}
const DEFAULT_THRESHOLD = 3;
const DEFAULT_COOL_DOWN_MS = 30_000;
/**
 * Stops a broken remote from costing every build step a timeout. While open, gets are misses
 * and puts fail at once; after the cool-down a single request probes the remote and closes the
 * breaker if it answers. A miss, an IntegrityError or a denied write is an answer, so none counts as a failure;
 * nor does a request its caller cancelled.
 */
class CircuitBreakerBackend {
    inner;
    options;
    name;
    threshold;
    coolDownMs;
    now;
    consecutiveFailures = 0;
    openedAt;
    reason = '';
    probing = false;
    notified = false;
    constructor(inner, options) {
        this.inner = inner;
        this.options = options;
        this.name = inner.name;
        this.threshold = options.threshold ?? DEFAULT_THRESHOLD;
        this.coolDownMs = options.coolDownMs ?? DEFAULT_COOL_DOWN_MS;
        this.now = options.now ?? Date.now;
        if (!(this.threshold >= 1))
            throw new RangeError(`breaker threshold must be at least 1, got ${this.threshold}`);
    }
    get state() {
        if (this.openedAt === undefined)
            return 'closed';
        return this.probing ? 'half-open' : 'open';
    }
    async get(actionId, signal, spill) {
        const admission = this.admit();
        if (admission === 'reject')
            return undefined;
        return this.track(admission, signal, () => this.inner.get(actionId, signal, spill));
    }
    async put(actionId, meta, body, signal) {
        const admission = this.admit();
        if (admission === 'reject')
            throw this.disabledError();
        return this.track(admission, signal, () => this.inner.put(actionId, meta, body, signal));
    }
    /** A failed check opens the breaker at once: the remote is unusable, not merely flaky. */
    async check(signal) {
        const admission = this.admit();
        if (admission === 'reject')
            throw this.disabledError();
        try {
            await this.inner.check(signal);
        }
        catch (err) {
            if (admission === 'probe')
                this.probing = false;
            if (!signal?.aborted)
                this.open(`remote check failed: ${messageOf(err)}`);
            throw err;
        }
        this.succeeded(admission);
    }
    /** Maintenance (the clear-remote subcommand) reports its own errors; the breaker stays out of it. */
    clear() {
        return this.inner.clear();
    }
    close() {
        return this.inner.close();
    }
    admit() {
        if (this.openedAt === undefined)
            return 'pass';
        if (this.probing || this.now() - this.openedAt < this.coolDownMs)
            return 'reject';
        this.probing = true;
        return 'probe';
    }
    async track(admission, signal, call) {
        let result;
        try {
            result = await call();
        }
        catch (err) {
            // A corrupt object or a denied write is an answer from a working remote, not an outage:
            // a key that may read but not write must keep reading.
            if (err instanceof backend/* IntegrityError */.c || err?.name === 'WritesDeniedError') {
                this.succeeded(admission);
            }
            else if (signal?.aborted) {
                // Cancelled by our own side (shutdown): says nothing about the remote.
                if (admission === 'probe')
                    this.probing = false;
            }
            else {
                this.failed(admission, err);
            }
            throw err;
        }
        this.succeeded(admission);
        return result;
    }
    succeeded(admission) {
        if (admission === 'probe') {
            this.probing = false;
            this.openedAt = undefined;
        }
        // A straggler admitted before the breaker opened proves little; only a probe closes it.
        if (this.openedAt === undefined)
            this.consecutiveFailures = 0;
    }
    failed(admission, err) {
        if (admission === 'probe') {
            this.probing = false;
            this.open(`the remote still fails after ${Math.round(this.coolDownMs / 1000)} s: ${messageOf(err)}`);
            return;
        }
        if (this.openedAt !== undefined)
            return;
        this.consecutiveFailures++;
        if (this.consecutiveFailures >= this.threshold) {
            this.open(`${this.consecutiveFailures} remote requests failed in a row, the last with: ${messageOf(err)}`);
        }
    }
    open(reason) {
        this.openedAt = this.now();
        this.reason = reason;
        if (this.notified)
            return;
        this.notified = true;
        this.options.onOpen(reason);
    }
    disabledError() {
        return new RemoteDisabledError(`remote cache ${this.name} is disabled after errors (${this.reason})`);
    }
}
function messageOf(err) {
    return err instanceof Error ? err.message : String(err);
}

;// CONCATENATED MODULE: ./src/cacheprog/remote/fault-injection.ts

class InjectedFaultError extends Error {
    name = 'InjectedFaultError';
}
/**
 * -error-rate: fails that fraction of gets and puts, to exercise the degradation paths
 * (retries, spool, circuit breaker) without a broken network. check/clear/close pass through
 * so a test run still starts and can be cleaned up.
 */
class FaultInjectionBackend extends backend/* BackendDecorator */.m {
    rate;
    random;
    constructor(inner, rate, random = Math.random) {
        super(inner);
        this.rate = rate;
        this.random = random;
        if (!(rate >= 0 && rate <= 1))
            throw new RangeError(`error rate must be from 0 to 1, got ${rate}`);
    }
    maybeFail(operation, actionId) {
        if (this.random() < this.rate) {
            throw new InjectedFaultError(`injected fault (-error-rate ${this.rate}): ${operation} ${actionId.slice(0, 16)}…`);
        }
    }
    async get(actionId, signal, spill) {
        this.maybeFail('get', actionId);
        return this.inner.get(actionId, signal, spill);
    }
    async put(actionId, meta, body, signal) {
        this.maybeFail('put', actionId);
        return this.inner.put(actionId, meta, body, signal);
    }
}

;// CONCATENATED MODULE: ./src/cacheprog/remote/read-only.ts

/** Thrown by clear() on a read-only remote. */
class ReadOnlyError extends Error {
    name = 'ReadOnlyError';
}
/**
 * A put refused because this process's credentials may not write (a 403 AccessDenied on an
 * earlier put). Final: the upload layer drops the job instead of retrying or spooling it, since
 * no later attempt with the same key can succeed.
 */
class WritesDeniedError extends Error {
    name = 'WritesDeniedError';
}
/** The answer a store gives a key that may not write: S3 and versitygw say 403 AccessDenied. */
function isWriteDenied(err) {
    const e = err;
    return e?.status === 403 && (e.code === 'AccessDenied' || e.code === 'AllAccessDisabled');
}
/**
 * Where a process decides that it does not write to the remote. With -read-only (pull requests
 * from forks, say) it never does: puts succeed without sending anything, so the upload layer
 * neither retries nor spools them. Otherwise the first put the store denies (a key that may
 * read but not write) switches writes off for the rest of the process with one warning: that
 * put and every later one fail at once with WritesDeniedError, without a request, and reads go on.
 */
class ReadOnlyBackend extends backend/* BackendDecorator */.m {
    options;
    deniedReason;
    constructor(inner, options = { configured: true }) {
        super(inner, options.configured ? ' (read-only)' : '');
        this.options = options;
    }
    /** Whether puts are off: configured so, or denied by the store. */
    get readOnly() {
        return this.options.configured || this.deniedReason !== undefined;
    }
    async put(actionId, meta, body, signal) {
        if (this.options.configured)
            return { transferredBytes: 0 };
        if (this.deniedReason !== undefined)
            throw new WritesDeniedError(this.deniedReason);
        try {
            return await this.inner.put(actionId, meta, body, signal);
        }
        catch (err) {
            if (!isWriteDenied(err))
                throw err;
            if (this.deniedReason === undefined) {
                this.deniedReason = `${this.inner.name} denied a write: ${err.message}`;
                this.options.onWritesDenied?.(this.deniedReason);
            }
            throw new WritesDeniedError(this.deniedReason);
        }
    }
    async clear() {
        if (this.options.configured)
            throw new ReadOnlyError(`${this.inner.name} is read-only (-read-only): refusing to delete remote objects`);
        return this.inner.clear();
    }
}

// EXTERNAL MODULE: ./src/cacheprog/remote/body-sink.ts
var body_sink = __nccwpck_require__(6469);
// EXTERNAL MODULE: ./src/cacheprog/remote/spill-sink.ts
var spill_sink = __nccwpck_require__(6935);
// EXTERNAL MODULE: ./src/cacheprog/remote/object-format.ts
var object_format = __nccwpck_require__(2076);
// EXTERNAL MODULE: ./src/cacheprog/redact.ts
var redact = __nccwpck_require__(4205);
// EXTERNAL MODULE: ./src/cacheprog/protocol/types.ts
var types = __nccwpck_require__(7802);
;// CONCATENATED MODULE: ./src/cacheprog/remote/s3.ts





/** A failed S3 request, with what a user needs to act: operation, target, endpoint, status, code. */
class S3RequestError extends Error {
    operation;
    status;
    code;
    timedOut;
    name = 'S3RequestError';
    constructor(message, operation, status, code, timedOut = false) {
        super(message);
        this.operation = operation;
        this.status = status;
        this.code = code;
        this.timedOut = timedOut;
    }
}
function isServiceError(err) {
    return typeof err === 'object' && err !== null && '$fault' in err && '$metadata' in err;
}
function statusOf(err) {
    return isServiceError(err) ? err.$metadata?.httpStatusCode : undefined;
}
/**
 * The slowest transfer rate an upload is allowed before it counts as dead: its deadline is
 * -remote-timeout plus its size at this rate (a 3.6 MB object: 10 s + 110 s). It is a floor for
 * cutting a dead connection, not a speed anyone should build with: far below any link a CI
 * runner has, and uploads run beside the build, so a slow one delays nothing but itself.
 */
const MIN_UPLOAD_BYTES_PER_SECOND = 32 * 1024;
/** The deadline of an upload of this many bytes (see MIN_UPLOAD_BYTES_PER_SECOND). */
function uploadDeadlineMs(remoteTimeoutMs, bytes) {
    return remoteTimeoutMs + Math.ceil((bytes * 1000) / MIN_UPLOAD_BYTES_PER_SECOND);
}
/**
 * Per-request deadline joined with the caller's signal, cleared as soon as the request ends.
 * A download's size is unknown until its headers arrive, so a fixed total would cut big objects
 * on slow links: once the answer starts (progress()), the deadline turns into a stall timeout
 * that fires only when no byte has arrived for stallMs.
 */
class Deadline {
    ms;
    outer;
    stallMs;
    controller = new AbortController();
    timer;
    lastProgress = 0;
    streaming = false;
    timedOut = false;
    // Hand-rolled instead of AbortSignal.any(AbortSignal.timeout(), outer): that pins a live timer
    // per request until it fires and has leaked dependants of long-lived outer signals in Node 20/22.
    constructor(ms, outer, stallMs = ms) {
        this.ms = ms;
        this.outer = outer;
        this.stallMs = stallMs;
        this.timer = this.arm(ms);
        if (outer?.aborted)
            this.controller.abort(outer.reason);
        else
            outer?.addEventListener('abort', this.onOuterAbort, { once: true });
    }
    get signal() {
        return this.controller.signal;
    }
    /** Whether the deadline fired after the answer had started (a stall, not a missing answer). */
    get stalled() {
        return this.timedOut && this.streaming;
    }
    /** Bytes (or headers) arrived. Costs a clock read: the timer is re-armed only when it fires. */
    progress = () => {
        this.lastProgress = performance.now();
        if (this.streaming)
            return;
        this.streaming = true;
        clearTimeout(this.timer);
        this.timer = this.arm(this.stallMs);
    };
    arm(ms) {
        const timer = setTimeout(() => {
            const idle = performance.now() - this.lastProgress;
            if (this.streaming && idle < this.stallMs) {
                this.timer = this.arm(this.stallMs - idle);
                return;
            }
            this.timedOut = true;
            this.controller.abort(new Error(this.streaming ? `no bytes for ${this.stallMs} ms` : `deadline of ${this.ms} ms exceeded`));
        }, ms);
        timer.unref();
        return timer;
    }
    onOuterAbort = () => {
        this.controller.abort(this.outer?.reason);
    };
    dispose() {
        clearTimeout(this.timer);
        this.outer?.removeEventListener('abort', this.onOuterAbort);
    }
}
/** Credentials given as GOBUILDCACHE_AWS_*, which keeps them out of the environment of the tests go runs. */
function prefixedCredentials(env) {
    const accessKeyId = env.GOBUILDCACHE_AWS_ACCESS_KEY_ID;
    const secretAccessKey = env.GOBUILDCACHE_AWS_SECRET_ACCESS_KEY;
    if (!accessKeyId || !secretAccessKey)
        return undefined;
    return { accessKeyId, secretAccessKey, sessionToken: env.GOBUILDCACHE_AWS_SESSION_TOKEN || undefined };
}
/** Values that must never reach a log line, longest first so a token containing a key is cut whole. */
function secretsIn(env, endpoint) {
    const names = ['AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_ACCESS_KEY_ID'];
    const values = [...names.flatMap((n) => [env[n], env[`GOBUILDCACHE_${n}`]]), ...(0,redact/* urlCredentials */.O4)(endpoint)];
    return values.filter((v) => typeof v === 'string' && v.length >= 8).sort((a, b) => b.length - a.length);
}
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED']);
const DIRECTORY_BUCKET = /--x-s3$/;
class S3Backend {
    sdk;
    options;
    name;
    bucket;
    /** Every key this backend reads or writes starts with it. */
    prefix;
    endpointText;
    secrets;
    listPageSize;
    shared;
    /** A view (see view()) shares its parent's client, which only the parent closes. */
    ownsClient;
    /** Loads the SDK (the slow part) and builds a client; sends nothing. */
    static async create(options) {
        // On Node < 22 the SDK prints a 7-line support notice into the stderr of every go command;
        // it is not about the build (the action runs node24), so keep go's output to our one warning.
        process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
        const { sdk, SignedObjectClient } = await Promise.all(/* import() */[__nccwpck_require__.e(711), __nccwpck_require__.e(539)]).then(__nccwpck_require__.bind(__nccwpck_require__, 4539));
        const backend = new S3Backend(sdk, options);
        if (options.s3.directRequests) {
            // The SDK's own region resolution (env, profile) so both paths sign for the same region.
            const region = await backend.client.config.region().catch(() => undefined);
            const credentials = async () => backend.client.config.credentials();
            backend.direct = SignedObjectClient.create(options.s3, region, credentials, options.env ?? process.env, options.maxSockets ?? 128);
        }
        return backend;
    }
    client;
    /** The lean request path for entry GETs and PUTs; undefined when only the SDK can reach the bucket. */
    get direct() {
        return this.shared.direct;
    }
    set direct(client) {
        this.shared.direct = client;
    }
    /** Whether object GETs and PUTs still take the direct signed path (-s3-direct-requests). */
    get directRequests() {
        return this.direct !== undefined;
    }
    constructor(sdk, options, parent) {
        this.sdk = sdk;
        this.options = options;
        const { s3 } = options;
        const env = options.env ?? process.env;
        this.bucket = s3.bucket;
        this.prefix = s3.prefix;
        this.name = `s3://${s3.bucket}/${s3.prefix}`;
        this.ownsClient = parent === undefined;
        this.shared = parent?.shared ?? { direct: undefined, warnedAccessDenied: false };
        // Custom endpoints (versitygw, Tigris, R2) ignore or want 'auto'; AWS resolves it from the SDK chain.
        const region = s3.region ?? (s3.endpoint !== undefined ? 'us-east-1' : undefined);
        this.endpointText = (0,redact/* displayEndpoint */.OI)(s3.endpoint, region);
        this.secrets = secretsIn(env, s3.endpoint);
        this.listPageSize = Math.min(1000, Math.max(1, options.listPageSize ?? 1000));
        const whenRequired = s3.checksumWhenRequired ? 'WHEN_REQUIRED' : undefined;
        const maxSockets = options.maxSockets ?? 128;
        const agent = { keepAlive: true, maxSockets };
        this.client = parent?.client ?? new sdk.S3Client({
            region,
            endpoint: s3.endpoint,
            forcePathStyle: s3.pathStyle,
            credentials: prefixedCredentials(env),
            // The SDK's standard backoff is fine for one or two retries; its default budget is not,
            // on a build's critical path. The deadline below bounds the total either way.
            maxAttempts: options.maxAttempts ?? 3,
            retryMode: 'standard',
            requestChecksumCalculation: whenRequired,
            responseChecksumValidation: whenRequired,
            // Options, not a NodeHttpHandler instance: @smithy/node-http-handler is the SDK's
            // dependency, not ours, and the SDK builds the handler from this object itself.
            requestHandler: {
                connectionTimeout: Math.min(3000, options.remoteTimeoutMs),
                // ~-p gets at once, plus background uploads: the default 50 sockets would queue them.
                httpAgent: agent,
                httpsAgent: agent,
            },
        });
    }
    /**
     * The same bucket, client and connections under <prefix><subPrefix> (a write or read scope).
     * Closing a view does nothing; closing this backend closes the client they share.
     */
    view(subPrefix) {
        if (!subPrefix.endsWith('/') || subPrefix.startsWith('/'))
            throw new TypeError(`a view's prefix must end in '/', got "${subPrefix}"`);
        return new S3Backend(this.sdk, { ...this.options, s3: { ...this.options.s3, prefix: `${this.prefix}${subPrefix}` } }, this);
    }
    async get(actionId, signal, spill) {
        const key = (0,object_format/* objectKey */.T5)(this.prefix, actionId);
        let sink;
        // A new sink per response: one that is not 200 (a miss, an error document) is only collected.
        const sinkFor = spill && ((status, length) => {
            if (status !== 200)
                return new spill_sink/* MemorySink */.$(length);
            sink = new spill_sink/* SpillSink */.Q(actionId, spill, length, `remote object for action ${actionId.slice(0, 16)}…`);
            return sink;
        });
        let raw;
        try {
            raw = await this.getObject(key, signal, this.options.remoteTimeoutMs, sinkFor);
        }
        catch (err) {
            // The request's error wrapping would make a bad object look like a network failure.
            if (sink?.failure)
                throw sink.failure;
            throw err;
        }
        if (raw === undefined)
            return undefined;
        if (sink?.spilled)
            return { ...sink.spilled, body: raw, spilled: true, transferredBytes: sink.transferred };
        const decoded = await (0,object_format/* decodeObject */.gv)(raw, actionId);
        return { ...decoded.meta, body: decoded.body, transferredBytes: raw.length };
    }
    /**
     * The bytes stored at <prefix><key>, undefined when there is no such object. For the objects
     * that are not cache entries (manifests): no codec, no verification — the caller checks them.
     */
    getRaw(key, signal) {
        return this.getObject(this.rawKey(key), signal, this.options.remoteTimeoutMs);
    }
    async putRaw(key, data, signal) {
        const fullKey = this.rawKey(key);
        const timeoutMs = uploadDeadlineMs(this.options.remoteTimeoutMs, data.length);
        await this.request('PutObject', fullKey, signal, timeoutMs, (abortSignal) => this.client.send(new this.sdk.PutObjectCommand({ Bucket: this.bucket, Key: fullKey, Body: data, ContentLength: data.length, ContentType: 'application/octet-stream' }), { abortSignal }));
        return { transferredBytes: data.length };
    }
    /**
     * The key (relative to the prefix) of the most recently written object under <prefix><keyPrefix>,
     * or undefined when there is none. keyPrefix must end in '/': S3 Express lists nothing else.
     */
    async newestUnder(keyPrefix, signal) {
        if (!keyPrefix.endsWith('/'))
            throw new TypeError(`a list prefix must end in '/', got "${keyPrefix}"`);
        const fullPrefix = this.rawKey(keyPrefix);
        let newest;
        let token;
        // Bounded: a restore prefix holds one manifest per branch, not thousands of pages.
        for (let page = 0; page < 20; page++) {
            const out = await this.request('ListObjectsV2', `s3://${this.bucket}/${fullPrefix}`, signal, this.options.remoteTimeoutMs, (abortSignal) => this.client.send(new this.sdk.ListObjectsV2Command({ Bucket: this.bucket, Prefix: fullPrefix, ContinuationToken: token }), { abortSignal }));
            for (const o of out.Contents ?? []) {
                const time = o.LastModified?.getTime() ?? 0;
                if (o.Key?.startsWith(fullPrefix) && (newest === undefined || time > newest.time))
                    newest = { key: o.Key, time };
            }
            token = out.IsTruncated ? out.NextContinuationToken : undefined;
            if (!token)
                break;
        }
        return newest?.key.slice(this.prefix.length);
    }
    /**
     * Every action id stored under the prefix, listed in parallel shards by the first hex digit
     * (S3 Express directory buckets list only by '/'-terminated prefixes, so there one lister walks
     * it all). Undefined when the listing passes `cap` ids: a bucket that big is asked key by key.
     */
    async listActionIds(cap, signal) {
        const root = (0,object_format/* objectKey */.T5)(this.prefix, '0'.repeat(64)).slice(0, -64);
        const shards = DIRECTORY_BUCKET.test(this.bucket) ? [root] : [...'0123456789abcdef'].map((c) => `${root}${c}`);
        const ids = new Set();
        let over = false;
        await Promise.all(shards.map(async (prefix) => {
            let token;
            do {
                const out = await this.request('ListObjectsV2', `s3://${this.bucket}/${prefix}`, signal, this.options.remoteTimeoutMs, (abortSignal) => this.client.send(new this.sdk.ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token, MaxKeys: this.listPageSize }), { abortSignal }));
                for (const o of out.Contents ?? []) {
                    const id = o.Key?.slice(root.length);
                    if (id && types/* HEX_ID */.m.test(id))
                        ids.add(id);
                }
                if (ids.size > cap)
                    over = true;
                token = out.IsTruncated && !over ? out.NextContinuationToken : undefined;
            } while (token);
        }));
        return over ? undefined : ids;
    }
    /**
     * GetObject of a whole body; undefined for a missing key (and for a denied one, after one
     * warning). timeoutMs bounds the wait for the answer's headers; after that, only a stall of
     * -remote-timeout (no bytes at all) ends it, however big the object and slow the link.
     */
    getObject(key, signal, timeoutMs, sinkFor) {
        return this.request('GetObject', key, signal, timeoutMs, async (abortSignal, progress) => {
            // Only the lean path spills: the SDK's, rarely taken, collects the body in memory.
            const direct = await this.tryDirect('GET', key, undefined, abortSignal, progress, sinkFor);
            if (direct?.status === 200)
                return direct.body;
            if (direct !== undefined && this.isAbsent(key, direct.status, direct.code))
                return undefined;
            try {
                const out = await this.client.send(new this.sdk.GetObjectCommand({ Bucket: this.bucket, Key: key }), { abortSignal });
                progress();
                // In Node the body is an http.IncomingMessage (a Readable), whatever the union type says.
                return await readBody(out.Body, out.ContentLength, abortSignal, progress);
            }
            catch (err) {
                if (isServiceError(err) && this.isAbsent(key, statusOf(err), err.name))
                    return undefined;
                throw err;
            }
        }, this.options.remoteTimeoutMs);
    }
    /**
     * Whether a failed GetObject means "no such object": a missing key, or a denied one (after one
     * warning). A missing bucket is a configuration error, not a miss: it counts as a failure.
     */
    isAbsent(key, status, code) {
        if ((status === 404 && code !== 'NoSuchBucket') || code === 'NoSuchKey')
            return true;
        if (code !== 'AccessDenied')
            return false;
        this.warnAccessDeniedOnce(key);
        return true;
    }
    /**
     * One request on the lean path, or undefined when there is none or the network failed on it
     * (the SDK's path then retries). An answer that says the lean path is addressed or signed
     * differently from what the store wants switches it off for good: the SDK knows better.
     */
    async tryDirect(method, key, body, abortSignal, progress, sinkFor) {
        const direct = this.direct;
        if (direct === undefined)
            return undefined;
        let response;
        try {
            response = await direct.send(method, key, body, abortSignal, progress, sinkFor);
        }
        catch (err) {
            // An object that is not what its key says is an answer, not a reason to ask the SDK again.
            if (abortSignal.aborted || err.name === 'IntegrityError')
                throw err;
            return undefined;
        }
        const refused = response.status === 301 || response.status === 307 || response.status === 400 || (response.status === 403 && response.code !== 'AccessDenied');
        if (refused && this.direct === direct) {
            this.direct = undefined;
            direct.close();
        }
        return response;
    }
    /** Raw keys live beside the entries' <prefix>v1/ space and can never reach outside the prefix. */
    rawKey(key) {
        if (key === '' || key.startsWith('/') || key.split('/').some((s) => s === '.' || s === '..')) {
            throw new TypeError(`invalid object key "${key.slice(0, 80)}"`);
        }
        return `${this.prefix}${key}`;
    }
    async put(actionId, meta, body, signal) {
        const key = (0,object_format/* objectKey */.T5)(this.prefix, actionId);
        const parts = await (0,object_format/* encodeObjectParts */.eL)(actionId, meta, body, { compression: this.options.compression });
        const length = parts[0].length + parts[1].length;
        const timeoutMs = uploadDeadlineMs(this.options.remoteTimeoutMs, length);
        await this.request('PutObject', key, signal, timeoutMs, async (abortSignal) => {
            if ((await this.tryDirect('PUT', key, parts, abortSignal))?.status === 200)
                return;
            await this.client.send(new this.sdk.PutObjectCommand({
                Bucket: this.bucket,
                Key: key,
                // A Buffer with a length, never a stream: streams switch the SDK to aws-chunked
                // uploads, which Tigris, R2 and others reject. Joined here only, off the lean path.
                Body: Buffer.concat(parts, length),
                ContentLength: length,
                ContentType: 'application/octet-stream',
            }), { abortSignal });
        });
        return { transferredBytes: length };
    }
    /** HeadBucket: proves endpoint, credentials and bucket, and warms the connection (and the S3 Express session). */
    async check(signal) {
        await this.request('HeadBucket', `bucket ${this.bucket}`, signal, this.options.remoteTimeoutMs, (abortSignal) => this.client.send(new this.sdk.HeadBucketCommand({ Bucket: this.bucket }), { abortSignal }));
    }
    /**
     * GetObject of a key under the prefix that no entry has. HeadBucket says nothing of the objects:
     * a prefix the store refuses (HTTP 400 on every key) or a policy without s3:GetObject passes
     * it, and the cache would then do nothing, silently, job after job. A missing key is the
     * answer expected; a present one is as good. Through the SDK, which reports the store's code.
     */
    async probeObjects(signal) {
        const key = (0,object_format/* objectKey */.T5)(this.prefix, '0'.repeat(64));
        await this.request('GetObject', key, signal, this.options.remoteTimeoutMs, async (abortSignal) => {
            try {
                const out = await this.client.send(new this.sdk.GetObjectCommand({ Bucket: this.bucket, Key: key }), { abortSignal });
                out.Body?.destroy?.();
            }
            catch (err) {
                if (isServiceError(err) && ((statusOf(err) === 404 && err.name !== 'NoSuchBucket') || err.name === 'NoSuchKey'))
                    return;
                throw err;
            }
        });
    }
    /**
     * Deletes every object under the prefix, page by page, and nothing else: keys a server
     * returns outside the prefix are skipped, and the loop follows continuation tokens (S3 Express
     * lists in no particular order, so no StartAfter tricks).
     */
    async clear() {
        // Maintenance may be slower than the build path: a 1000-key delete can take seconds.
        const timeoutMs = Math.max(this.options.remoteTimeoutMs, 60_000);
        let deleted = 0;
        let token;
        do {
            const page = await this.request('ListObjectsV2', `s3://${this.bucket}/${this.prefix}`, undefined, timeoutMs, (abortSignal) => this.client.send(new this.sdk.ListObjectsV2Command({
                Bucket: this.bucket,
                Prefix: this.prefix === '' ? undefined : this.prefix,
                ContinuationToken: token,
                MaxKeys: this.listPageSize,
            }), { abortSignal }));
            const keys = (page.Contents ?? [])
                .map((o) => o.Key)
                .filter((k) => typeof k === 'string' && k.startsWith(this.prefix));
            if (keys.length > 0)
                deleted += await this.deleteKeys(keys, timeoutMs);
            const next = page.IsTruncated ? page.NextContinuationToken : undefined;
            if (next !== undefined && next === token) {
                throw new S3RequestError(`ListObjectsV2 on ${this.name} returned the same continuation token twice (${this.endpointText})`, 'ListObjectsV2');
            }
            token = next;
        } while (token);
        return deleted;
    }
    async close() {
        if (!this.ownsClient)
            return;
        this.direct?.close();
        this.client.destroy();
    }
    async deleteKeys(keys, timeoutMs) {
        let deleted = 0;
        for (let i = 0; i < keys.length; i += 1000) {
            const batch = keys.slice(i, i + 1000);
            // DeleteObjects requires an integrity header; S3 Express has no MD5, and the SDK adds
            // CRC32 for it even with WHEN_REQUIRED, because this operation requires one.
            const out = await this.request('DeleteObjects', `${batch.length} objects in s3://${this.bucket}/${this.prefix}`, undefined, timeoutMs, (abortSignal) => this.client.send(new this.sdk.DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } }), { abortSignal }));
            const errors = out.Errors ?? [];
            deleted += batch.length - errors.length;
            const first = errors[0];
            if (first !== undefined) {
                throw new S3RequestError(this.redact(`DeleteObjects on ${this.name}: ${errors.length} of ${batch.length} objects were not deleted ` +
                    `(${deleted} deleted so far); first: ${first.Key ?? '?'}: ${first.Code ?? 'error'} ${first.Message ?? ''}`.trim()), 'DeleteObjects', undefined, first.Code);
            }
        }
        return deleted;
    }
    /** Runs one SDK call under a deadline and turns any failure into an S3RequestError. */
    async request(operation, target, signal, timeoutMs, call, stallMs) {
        const deadline = new Deadline(timeoutMs, signal, stallMs);
        try {
            return await call(deadline.signal, deadline.progress);
        }
        catch (err) {
            throw this.describe(err, operation, target, deadline, signal);
        }
        finally {
            deadline.dispose();
        }
    }
    describe(err, operation, target, deadline, signal) {
        const what = `${operation} ${target} on ${this.endpointText}`;
        if (deadline.stalled) {
            return new S3RequestError(`${what}: the transfer stalled, no bytes for ${deadline.stallMs} ms (-remote-timeout)`, operation, undefined, 'Timeout', true);
        }
        if (deadline.timedOut) {
            return new S3RequestError(`${what}: no answer within ${deadline.ms} ms (-remote-timeout)`, operation, undefined, 'Timeout', true);
        }
        if (signal?.aborted)
            return new S3RequestError(`${what}: cancelled`, operation, undefined, 'Cancelled');
        const message = err instanceof Error ? err.message : String(err);
        if (isServiceError(err)) {
            const status = err.$metadata?.httpStatusCode;
            const code = err.name;
            const detail = message && message !== code && message !== 'UnknownError' ? `: ${message}` : '';
            const hint = this.hintFor(status, code, err);
            return new S3RequestError(this.redact(`${what} failed: HTTP ${status ?? '?'} ${code}${detail}${hint ? ` (${hint})` : ''}`), operation, status, code);
        }
        const name = err instanceof Error ? err.name : 'Error';
        const errno = typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
        if (name === 'CredentialsProviderError') {
            return new S3RequestError(`${what}: no AWS credentials found (set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or GOBUILDCACHE_AWS_*, or configure a role)`, operation, undefined, 'NoCredentials');
        }
        if (/region is missing/i.test(message)) {
            return new S3RequestError(`${what}: no region configured (set AWS_REGION)`, operation, undefined, 'NoRegion');
        }
        if (errno !== undefined && NETWORK_CODES.has(errno)) {
            return new S3RequestError(this.redact(`${what}: cannot reach the endpoint: ${errno}`), operation, undefined, errno);
        }
        return new S3RequestError(this.redact(`${what} failed: ${name}: ${message}`), operation, undefined, errno ?? name);
    }
    hintFor(status, code, err) {
        switch (code) {
            case 'NoSuchBucket':
                return `bucket "${this.bucket}" does not exist`;
            case 'InvalidAccessKeyId':
            case 'SignatureDoesNotMatch':
                return 'check the access key and secret';
            case 'ExpiredToken':
            case 'TokenRefreshRequired':
                return 'the session credentials have expired';
            case 'PermanentRedirect':
            case 'AuthorizationHeaderMalformed': {
                const region = err.$response?.headers?.['x-amz-bucket-region'];
                return `the bucket is in another region${region ? ` (${region})` : ''}: set AWS_REGION`;
            }
            default:
                break;
        }
        if (status === 301)
            return 'the bucket is in another region: set AWS_REGION';
        if (status === 403)
            return 'check the credentials and that the IAM policy allows this operation on the bucket';
        if (status === 404)
            return `bucket "${this.bucket}" does not exist or the endpoint is wrong`;
        return undefined;
    }
    warnAccessDeniedOnce(key) {
        if (this.shared.warnedAccessDenied)
            return;
        this.shared.warnedAccessDenied = true;
        this.options.warn(`GetObject ${key} on ${this.endpointText} was denied (HTTP 403 AccessDenied); counting it and any like it as misses. ` +
            'S3 answers 403 instead of 404 for a missing key when the policy lacks s3:ListBucket on the bucket: grant it ' +
            '(and s3:GetObject on the prefix) so that misses and denials can be told apart.');
    }
    redact(text) {
        let out = (0,redact/* redactUrlCredentials */.dE)(text).replace(/(X-Amz-(?:Signature|Credential|Security-Token))=[^&\s]+/gi, '$1=***');
        for (const secret of this.secrets)
            out = out.split(secret).join('***');
        return out;
    }
}
/**
 * Reads a GetObject body in full, reporting progress per chunk (the stall timeout). The body
 * must be consumed or destroyed, or its socket never returns to the pool; and a body that stalls
 * mid-stream must not outlive the deadline.
 */
async function readBody(body, length, abortSignal, progress) {
    if (body === undefined)
        return Buffer.alloc(0);
    const onAbort = () => body.destroy?.(new Error('deadline exceeded while reading the body'));
    abortSignal.addEventListener('abort', onAbort, { once: true });
    try {
        const sink = new body_sink/* BodySink */.Y(length ?? Number.NaN);
        for await (const chunk of body) {
            progress();
            sink.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        }
        return sink.take();
    }
    catch (err) {
        body.destroy?.();
        throw err;
    }
    finally {
        abortSignal.removeEventListener('abort', onAbort);
    }
}

// EXTERNAL MODULE: ./src/cacheprog/remote/scopes.ts
var remote_scopes = __nccwpck_require__(724);
// EXTERNAL MODULE: ./src/cacheprog/remote/verifying.ts
var verifying = __nccwpck_require__(6866);
;// CONCATENATED MODULE: ./src/cacheprog/remote/create-backend.ts






/**
 * Builds the remote chain, outermost first:
 *   circuit breaker ▶ verifying ▶ [fault injection] ▶ read-only ▶ [scopes ▶ S3 views] ▶ S3 (object codec inside).
 * The breaker sits outside verification so that a corrupt object (an answer) never counts as
 * an outage, and injected faults sit inside it so -error-rate exercises the breaker too.
 * Read-only sits innermost, where it sees the store's own answer to a put: -read-only, or a
 * denied write that switches writes off (see ReadOnlyBackend).
 * Resolves undefined for the disk backend. Loads the AWS SDK: call it after the handshake.
 */
async function createBackend(config, hooks) {
    if (config.backend === 'disk')
        return undefined;
    return backendChain(await createS3Backend(config, hooks), config, hooks);
}
/** The bare S3 client, for callers that also need its raw object access (manifests). */
async function createS3Backend(config, hooks) {
    if (config.s3 === undefined)
        throw new Error('backend s3 needs an S3 configuration (-s3-bucket)');
    return S3Backend.create({
        s3: config.s3,
        remoteTimeoutMs: config.remoteTimeoutMs,
        compression: config.compression,
        warn: hooks.warn,
        env: hooks.env,
    });
}
/** Wraps an S3 backend in the decorators above; closing the chain closes the client. */
function backendChain(s3, config, hooks) {
    let chain = new ReadOnlyBackend(config.scopes ? scopedBackend(s3, config.scopes) : s3, {
        configured: config.readOnly,
        onWritesDenied: (reason) => {
            hooks.stats?.add('writesDenied');
            hooks.warn(`uploads to ${s3.name} are off for this ${hooks.who ?? 'go command'}: these credentials may read but not write (${reason}); reads continue`);
        },
    });
    if (config.errorRate > 0)
        chain = new FaultInjectionBackend(chain, config.errorRate);
    chain = new verifying/* VerifyingBackend */.WM(chain);
    return new CircuitBreakerBackend(chain, {
        ...hooks.breaker,
        onOpen: (reason) => {
            hooks.stats?.add('remoteDisabled');
            hooks.warn(`remote cache ${s3.name} disabled for this ${hooks.who ?? 'go command'}: ${reason}; continuing with the local cache only`);
        },
    });
}
/** The write scope and the read scopes as views of one client, in the order they are read. */
function scopeViews(s3, scopes) {
    return scopes.read.map((scope) => ({ scope, store: s3.view((0,remote_scopes/* scopeDir */.UW)(scope)) }));
}
function scopedBackend(s3, scopes) {
    return new remote_scopes/* ScopedBackend */.Jt(s3, scopeViews(s3, scopes), scopes);
}
/**
 * Every action id in the scopes this process reads (unscoped: under the prefix), so a miss of a
 * key that no read scope has costs no request; undefined past `cap`, like listActionIds.
 */
async function listReadableActionIds(s3, config, cap, signal) {
    if (!config.scopes)
        return s3.listActionIds(cap, signal);
    const lists = await Promise.all(scopeViews(s3, config.scopes).map((v) => v.store.listActionIds(cap, signal)));
    const union = new Set();
    for (const ids of lists) {
        if (ids === undefined)
            return undefined;
        for (const id of ids)
            union.add(id);
    }
    return union.size > cap ? undefined : union;
}


/***/ }),

/***/ 2076:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   CG: () => (/* binding */ encodeObject),
/* harmony export */   T5: () => (/* binding */ objectKey),
/* harmony export */   WA: () => (/* binding */ readObjectHead),
/* harmony export */   ZL: () => (/* binding */ readObjectFrame),
/* harmony export */   eL: () => (/* binding */ encodeObjectParts),
/* harmony export */   gv: () => (/* binding */ decodeObject),
/* harmony export */   wt: () => (/* binding */ decodePayloadSync)
/* harmony export */ });
/* unused harmony exports LAYOUT_VERSION, MAGIC, MIN_COMPRESS_BYTES, decodePayload */
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(7975);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_util__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(8522);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_zlib__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _backend_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(3345);
/* harmony import */ var _protocol_types_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(7802);




/**
 * The remote layout. Bumping it puts new objects under a new key space, so old and new
 * versions of this action can share a bucket without reading each other's objects.
 */
const LAYOUT_VERSION = 'v1';
/** First line of every object: lets a reader reject anything that is not ours before parsing. */
const MAGIC = `gobuildcache-action ${LAYOUT_VERSION}\n`;
const MAGIC_BYTES = Buffer.from(MAGIC, 'latin1');
/** A header is a few hundred bytes; the cap stops a corrupt object from making us scan megabytes. */
const MAX_HEADER_BYTES = 4096;
/** Below this, gzip rarely saves anything worth a decode on every hit. */
const MIN_COMPRESS_BYTES = 1024;
/**
 * zlib's async API runs on the libuv threadpool, which keeps the event loop free to read go's
 * stdin (go stalls the whole build when we stop reading), but every call pays a thread hop.
 * Most objects are small, where the sync call costs microseconds; only big ones go async.
 */
const SYNC_ZLIB_LIMIT = 64 * 1024;
const gzipAsync = (0,node_util__WEBPACK_IMPORTED_MODULE_0__.promisify)((node_zlib__WEBPACK_IMPORTED_MODULE_1___default().gzip));
const gunzipAsync = (0,node_util__WEBPACK_IMPORTED_MODULE_0__.promisify)((node_zlib__WEBPACK_IMPORTED_MODULE_1___default().gunzip));
/** The key of one action's object. Rejects anything but 32-byte lower-case hex, so no id can escape the prefix. */
function objectKey(prefix, actionId) {
    if (!_protocol_types_js__WEBPACK_IMPORTED_MODULE_2__/* .HEX_ID */ .m.test(actionId))
        throw new TypeError(`action id must be 64 lower-case hex digits, got "${actionId.slice(0, 80)}"`);
    return `${prefix}${LAYOUT_VERSION}/${actionId}`;
}
async function gzip(body) {
    // The whole output in one chunk, as for inflate below: zlib's 16 KiB default costs a big body's
    // async compression a main-thread callback and a copy per 16 KiB. The margin covers deflate's
    // few bytes of framing on a body that does not compress. Capped lower than inflate's: the
    // chunk is allocated whole, and a big body's compressed form is usually much smaller than it.
    const options = { level: 1, chunkSize: Math.min(Math.max((node_zlib__WEBPACK_IMPORTED_MODULE_1___default().constants).Z_DEFAULT_CHUNK, body.length + 1024), MAX_GZIP_CHUNK) };
    return body.length <= SYNC_ZLIB_LIMIT ? node_zlib__WEBPACK_IMPORTED_MODULE_1___default().gzipSync(body, options) : gzipAsync(body, options);
}
/**
 * Inflate options for a payload of known size: capping the output at the declared size stops a
 * corrupt or hostile object from inflating into gigabytes (a size mismatch is then caught by the
 * length check). An output chunk one byte bigger than that inflates in one pass (a chunk filled to
 * the byte would make zlib allocate another to find the end), where zlib's 16 KiB default makes a
 * megabyte body cost dozens of chunk round trips, copies and, async, threadpool hops.
 */
function inflateOptions(expectedSize) {
    const size = Math.max(1, expectedSize);
    return { maxOutputLength: size, chunkSize: Math.min(Math.max((node_zlib__WEBPACK_IMPORTED_MODULE_1___default().constants).Z_MIN_CHUNK, size + 1), MAX_ZLIB_CHUNK) };
}
/** Bigger bodies (de)compress in several chunks: no single allocation beyond this. */
const MAX_ZLIB_CHUNK = 64 * 1024 * 1024;
const MAX_GZIP_CHUNK = 8 * 1024 * 1024;
async function gunzip(payload, expectedSize) {
    const options = inflateOptions(expectedSize);
    return payload.length <= SYNC_ZLIB_LIMIT ? node_zlib__WEBPACK_IMPORTED_MODULE_1___default().gunzipSync(payload, options) : gunzipAsync(payload, options);
}
async function encodeObject(actionId, meta, body, options) {
    const parts = await encodeObjectParts(actionId, meta, body, options);
    return Buffer.concat(parts);
}
/**
 * encodeObject as its two parts, magic line and header, then the payload: a caller that can send
 * them one after the other (the upload) spares a copy of the body, which for a big output is the
 * job server's biggest allocation.
 */
async function encodeObjectParts(actionId, meta, body, options) {
    if (body.length !== meta.size)
        throw new RangeError(`body is ${body.length} bytes but meta.size says ${meta.size}`);
    let payload = body;
    let encoding = 'identity';
    if (options.compression && body.length >= MIN_COMPRESS_BYTES && worthCompressing(body)) {
        const compressed = await gzip(body);
        if (compressed.length < body.length) {
            payload = compressed;
            encoding = 'gzip';
        }
    }
    const header = {
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
function worthCompressing(body) {
    if (body.length <= PROBE_ABOVE)
        return true;
    const sample = body.subarray(0, PROBE_BYTES);
    return node_zlib__WEBPACK_IMPORTED_MODULE_1___default().gzipSync(sample, { level: 1 }).length < sample.length * 0.9;
}
function isNonNegativeInteger(value) {
    return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
function parseHeader(line, where) {
    let value;
    try {
        value = JSON.parse(line);
    }
    catch {
        throw new _backend_js__WEBPACK_IMPORTED_MODULE_3__/* .IntegrityError */ .c(`${where}: header is not valid JSON`);
    }
    if (typeof value !== 'object' || value === null)
        throw new _backend_js__WEBPACK_IMPORTED_MODULE_3__/* .IntegrityError */ .c(`${where}: header is not a JSON object`);
    const h = value;
    const problems = [];
    if (typeof h.actionId !== 'string' || !_protocol_types_js__WEBPACK_IMPORTED_MODULE_2__/* .HEX_ID */ .m.test(h.actionId))
        problems.push('actionId');
    if (typeof h.outputId !== 'string' || !_protocol_types_js__WEBPACK_IMPORTED_MODULE_2__/* .HEX_ID */ .m.test(h.outputId))
        problems.push('outputId');
    if (!isNonNegativeInteger(h.size))
        problems.push('size');
    if (typeof h.time !== 'string' || Number.isNaN(Date.parse(h.time)))
        problems.push('time');
    if (h.encoding !== 'identity' && h.encoding !== 'gzip')
        problems.push('encoding');
    if (!isNonNegativeInteger(h.storedSize))
        problems.push('storedSize');
    if (problems.length > 0)
        throw new _backend_js__WEBPACK_IMPORTED_MODULE_3__/* .IntegrityError */ .c(`${where}: header has a missing or invalid ${problems.join(', ')}`);
    return h;
}
/**
 * Reads the magic line and header of the object starting at offset. Throws IntegrityError when
 * there is no object of ours there or its payload runs past the end of buf.
 */
function readObjectFrame(buf, offset, where) {
    const head = readObjectHead(buf, offset, where, true);
    if (!head)
        throw new _backend_js__WEBPACK_IMPORTED_MODULE_3__/* .IntegrityError */ .c(`${where}: header line is missing or longer than ${MAX_HEADER_BYTES} bytes`);
    const { header, payloadStart } = head;
    const end = payloadStart + header.storedSize;
    if (end > buf.length) {
        throw new _backend_js__WEBPACK_IMPORTED_MODULE_3__/* .IntegrityError */ .c(`${where}: truncated, payload is ${buf.length - payloadStart} of ${header.storedSize} bytes`);
    }
    return { header, payloadStart, end };
}
/**
 * The header of the object starting at offset, and where its payload starts; undefined while buf
 * is too short to hold the whole header line (a download that has only begun), unless `whole`.
 */
function readObjectHead(buf, offset, where, whole = false) {
    const magicEnd = offset + MAGIC_BYTES.length;
    const magic = buf.subarray(offset, magicEnd);
    if (!MAGIC_BYTES.subarray(0, magic.length).equals(magic) || (whole && magic.length < MAGIC_BYTES.length)) {
        const start = magic.toString('latin1');
        const hint = start.startsWith('gobuildcache-action ') ? ' (written by another layout version?)' : '';
        throw new _backend_js__WEBPACK_IMPORTED_MODULE_3__/* .IntegrityError */ .c(`${where}: does not start with "${MAGIC.trim()}"${hint}`);
    }
    if (magic.length < MAGIC_BYTES.length)
        return undefined;
    // Look for the header's end within the cap only: a pack part with a damaged header can be
    // megabytes of payload bytes with no newline in them.
    const window = buf.subarray(magicEnd, magicEnd + MAX_HEADER_BYTES + 1);
    const found = window.indexOf(0x0a);
    if (found < 0) {
        if (whole || window.length > MAX_HEADER_BYTES)
            throw new _backend_js__WEBPACK_IMPORTED_MODULE_3__/* .IntegrityError */ .c(`${where}: header line is missing or longer than ${MAX_HEADER_BYTES} bytes`);
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
async function decodeObject(buf, expectedActionId) {
    const where = expectedActionId === undefined ? 'remote object' : `remote object for action ${expectedActionId.slice(0, 16)}…`;
    const frame = readObjectFrame(buf, 0, where);
    if (frame.end < buf.length) {
        throw new _backend_js__WEBPACK_IMPORTED_MODULE_3__/* .IntegrityError */ .c(`${where}: ${buf.length - frame.end} unexpected bytes after the payload`);
    }
    if (expectedActionId !== undefined && frame.header.actionId !== expectedActionId) {
        throw new _backend_js__WEBPACK_IMPORTED_MODULE_3__/* .IntegrityError */ .c(`${where}: the object belongs to action ${frame.header.actionId.slice(0, 16)}… (stored under the wrong key)`);
    }
    return decodePayload(frame.header, buf.subarray(frame.payloadStart, frame.end), where);
}
/** The body of a framed object: gunzipped if need be, its length checked against the header. */
async function decodePayload(header, payload, where) {
    if (header.encoding === 'identity')
        return decoded(header, payload, where);
    let body;
    try {
        body = await gunzip(payload, header.size);
    }
    catch (err) {
        throw undecodable(where, err);
    }
    return decoded(header, body, where);
}
/**
 * decodePayload on the calling thread whatever the size: for a thread that does nothing else (the
 * pack part writer), where a threadpool hop only adds latency.
 */
function decodePayloadSync(header, payload, where) {
    if (header.encoding === 'identity')
        return decoded(header, payload, where);
    let body;
    try {
        body = node_zlib__WEBPACK_IMPORTED_MODULE_1___default().gunzipSync(payload, inflateOptions(header.size));
    }
    catch (err) {
        throw undecodable(where, err);
    }
    return decoded(header, body, where);
}
function undecodable(where, err) {
    return new _backend_js__WEBPACK_IMPORTED_MODULE_3__/* .IntegrityError */ .c(`${where}: gzip payload does not decode (${err.message})`);
}
function decoded(header, body, where) {
    if (body.length !== header.size) {
        throw new _backend_js__WEBPACK_IMPORTED_MODULE_3__/* .IntegrityError */ .c(`${where}: body is ${body.length} bytes but the header says ${header.size}`);
    }
    return {
        meta: { outputId: header.outputId, size: header.size, time: new Date(header.time) },
        body,
        encoding: header.encoding,
    };
}


/***/ }),

/***/ 724:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   CZ: () => (/* binding */ makeScopes),
/* harmony export */   Eo: () => (/* binding */ firstHit),
/* harmony export */   Jt: () => (/* binding */ ScopedBackend),
/* harmony export */   Rp: () => (/* binding */ scopeNameProblem),
/* harmony export */   UW: () => (/* binding */ scopeDir),
/* harmony export */   iU: () => (/* binding */ SCOPES_DIR)
/* harmony export */ });
/* unused harmony export TRUSTED_SCOPE */
/**
 * Trust scopes. A writer writes only under <prefix>scopes/<its scope>/, and a reader reads its own
 * scope first, then the scopes it trusts, in that order. The layout is what makes the rule
 * enforceable by the store and not only by this program: a bucket or IAM policy can grant a
 * pull request's credentials PutObject on <prefix>scopes/pr-*, and the default branch's on
 * <prefix>scopes/default/*, so code running in a pull request cannot write where the default
 * branch reads, whatever it does with the job's credentials. Without a scope the layout is the
 * unscoped one (everything directly under <prefix>), as in the reference CLI.
 */
const SCOPES_DIR = 'scopes/';
/** The scope the default branch (and the branches a workflow trusts like it) writes. */
const TRUSTED_SCOPE = 'default';
const SCOPE_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}$/;
/** Why `name` cannot be a scope (one '/'-free object key segment of at most 100 characters), or undefined. */
function scopeNameProblem(name) {
    if (!SCOPE_NAME.test(name))
        return `"${name.slice(0, 120)}" is not a scope name (1-100 letters, digits, '.', '_' or '-', not starting with '.')`;
    return undefined;
}
/** The write scope first, then the trusted read scopes in order, each once. */
function makeScopes(write, readAfter) {
    return { write, read: [...new Set([write, ...readAfter])] };
}
/** The key prefix of one scope, relative to the cache prefix. */
function scopeDir(scope) {
    const problem = scopeNameProblem(scope);
    if (problem)
        throw new TypeError(problem);
    return `${SCOPES_DIR}${scope}/`;
}
/**
 * Asks every view at once and resolves with the first answer in priority order that is a hit,
 * so a miss costs one round trip whatever the number of scopes. A failed lookup in one scope does
 * not hide a hit in a later one (every scope in the list is trusted); when nothing hits and some
 * lookup failed, the first failure is thrown, so the caller counts an error and not a miss.
 */
async function firstHit(views, lookup) {
    const settled = views.map((v) => lookup(v.store).then((value) => ({ ok: true, value }), (error) => ({ ok: false, error })));
    let failure;
    for (let i = 0; i < views.length; i++) {
        const result = await settled[i];
        if (result.ok && result.value !== undefined)
            return { scope: views[i].scope, value: result.value };
        if (!result.ok)
            failure ??= result;
    }
    if (failure)
        throw failure.error;
    return undefined;
}
/**
 * The remote as a scoped reader and writer sees it: puts go to the write scope only; gets ask
 * the read scopes at once and take the first hit in priority order. Sits under the read-only and
 * verifying decorators, so what it returns is verified like any other object.
 */
class ScopedBackend {
    owner;
    views;
    name;
    writer;
    /** owner is closed with this backend; the views share its client. */
    constructor(owner, views, scopes) {
        this.owner = owner;
        this.views = views;
        const writer = views.find((v) => v.scope === scopes.write);
        if (!writer)
            throw new TypeError(`the write scope ${scopes.write} has no view`);
        this.writer = writer.store;
        const others = scopes.read.filter((s) => s !== scopes.write);
        this.name = `${owner.name} (scope ${scopes.write}${others.length > 0 ? `, reading ${others.join(', ')}` : ''})`;
    }
    /** Spilled with one scope only: lookups of several scopes race, and only one body may land. */
    async get(actionId, signal, spill) {
        if (this.views.length === 1)
            return this.writer.get(actionId, signal, spill);
        return (await firstHit(this.views, (b) => b.get(actionId, signal)))?.value;
    }
    put(actionId, meta, body, signal) {
        return this.writer.put(actionId, meta, body, signal);
    }
    /** Bucket-level: one check proves every scope reachable. */
    check(signal) {
        return this.writer.check(signal);
    }
    /** Only the write scope: a scoped process must not delete what other scopes wrote. */
    clear() {
        return this.writer.clear();
    }
    close() {
        return this.owner.close();
    }
}


/***/ }),

/***/ 6935:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   $: () => (/* binding */ MemorySink),
/* harmony export */   Q: () => (/* binding */ SpillSink)
/* harmony export */ });
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(8522);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_zlib__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _backend_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(3345);
/* harmony import */ var _body_sink_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(6469);
/* harmony import */ var _object_format_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(2076);




/** A BodySink as a ResponseSink: the whole body in memory. */
class MemorySink {
    sink;
    constructor(expectedLength) {
        this.sink = new _body_sink_js__WEBPACK_IMPORTED_MODULE_2__/* .BodySink */ .Y(expectedLength);
    }
    push(chunk) {
        this.sink.push(chunk);
    }
    end() {
        return Promise.resolve(this.sink.take());
    }
    abort() { }
}
/**
 * Reads one object of ours as it downloads: once its header is in, a body of spill.minBytes or
 * more streams (gunzipped if need be) into the spill's writer, which hashes it as it goes, and
 * nothing of it stays in memory; a smaller one is collected as usual. Every way the object can be
 * wrong (not ours, another action's, short, long, undecodable, not its output) is an
 * IntegrityError, kept in `failure` too, since the transport's error wrapping would hide its name.
 */
class SpillSink {
    actionId;
    spill;
    expectedLength;
    where;
    head = Buffer.alloc(0);
    memory;
    header;
    writer;
    gunzip;
    gunzipped;
    payloadBytes = 0;
    bodyBytes = 0;
    failure;
    /** Bytes received, as they crossed the network. */
    transferred = 0;
    /** Set once a spilled body was written and checked. */
    spilled;
    constructor(actionId, spill, expectedLength, where) {
        this.actionId = actionId;
        this.spill = spill;
        this.expectedLength = expectedLength;
        this.where = where;
    }
    push(chunk) {
        this.transferred += chunk.length;
        if (this.memory)
            return this.memory.push(chunk);
        if (this.header)
            return this.payload(chunk);
        this.head = Buffer.concat([this.head, chunk]);
        const found = this.guard(() => (0,_object_format_js__WEBPACK_IMPORTED_MODULE_1__/* .readObjectHead */ .WA)(this.head, 0, this.where));
        if (!found)
            return;
        const { header, payloadStart } = found;
        if (header.size < this.spill.minBytes) {
            this.memory = new MemorySink(this.expectedLength);
            this.memory.push(this.head);
            return;
        }
        if (header.actionId !== this.actionId) {
            throw this.fail(`the object belongs to action ${header.actionId.slice(0, 16)}… (stored under the wrong key)`);
        }
        this.header = header;
        this.writer = this.spill.open({ outputId: header.outputId, size: header.size, time: new Date(header.time) });
        if (header.encoding === 'gzip') {
            const gunzip = node_zlib__WEBPACK_IMPORTED_MODULE_0___default().createGunzip();
            this.gunzip = gunzip;
            gunzip.on('data', (out) => this.body(out));
            this.gunzipped = new Promise((resolve, reject) => {
                gunzip.once('end', resolve);
                gunzip.once('error', (err) => reject(this.fail(`gzip payload does not decode (${err.message})`)));
            });
            // Handled through `gunzipped`; this only keeps an early error from being unhandled.
            this.gunzipped.catch(() => { });
        }
        const rest = this.head.subarray(payloadStart);
        this.head = Buffer.alloc(0);
        if (rest.length > 0)
            this.payload(rest);
    }
    async end() {
        if (this.memory)
            return this.memory.end();
        const header = this.header;
        if (!header || !this.writer)
            throw this.fail(`truncated: the header did not arrive (${this.head.length} bytes)`);
        if (this.payloadBytes !== header.storedSize)
            throw this.fail(`truncated, payload is ${this.payloadBytes} of ${header.storedSize} bytes`);
        if (this.failure)
            throw this.failure;
        if (this.gunzip) {
            this.gunzip.end();
            await this.gunzipped;
        }
        // Read again: the gunzip may have failed while it was awaited (narrowing does not know).
        const failure = this.failure;
        if (failure)
            throw failure;
        if (this.bodyBytes !== header.size)
            throw this.fail(`body is ${this.bodyBytes} bytes but the header says ${header.size}`);
        this.guard(() => this.writer?.finish());
        this.spilled = { outputId: header.outputId, size: header.size, time: new Date(header.time) };
        return Buffer.alloc(0);
    }
    abort() {
        this.gunzip?.destroy();
        if (!this.spilled)
            this.writer?.abort();
    }
    payload(chunk) {
        const header = this.header;
        this.payloadBytes += chunk.length;
        if (this.payloadBytes > header.storedSize)
            throw this.fail(`${this.payloadBytes - header.storedSize} unexpected bytes after the payload`);
        if (this.gunzip)
            this.gunzip.write(chunk);
        else
            this.body(chunk);
    }
    body(chunk) {
        if (this.failure)
            return;
        this.bodyBytes += chunk.length;
        // An inflating payload must not fill the disk: the header said how big the body is.
        if (this.bodyBytes > this.header.size) {
            // Not as the argument of `this.gunzip?.destroy(...)`: without gunzip it would never be made.
            const failure = this.fail(`body is more than the ${this.header.size} bytes the header says`);
            this.gunzip?.destroy(failure);
            if (!this.gunzip)
                throw failure;
            return;
        }
        this.guard(() => this.writer?.write(chunk));
    }
    guard(op) {
        try {
            return op();
        }
        catch (err) {
            if (err instanceof _backend_js__WEBPACK_IMPORTED_MODULE_3__/* .IntegrityError */ .c)
                throw (this.failure ??= err);
            if (err.name === 'BodyMismatchError')
                throw this.fail(err.message);
            throw err;
        }
    }
    fail(message) {
        this.failure ??= new _backend_js__WEBPACK_IMPORTED_MODULE_3__/* .IntegrityError */ .c(`${this.where}: ${message}`);
        return this.failure;
    }
}


/***/ }),

/***/ 6866:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   WM: () => (/* binding */ VerifyingBackend),
/* harmony export */   f2: () => (/* binding */ verifyEntrySync),
/* harmony export */   i: () => (/* binding */ verifyEntry)
/* harmony export */ });
/* unused harmony export sha256Hex */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _backend_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(3345);


/**
 * Small bodies hash in one call; big ones a slice at a time with the loop let go in between, so
 * a 50 MB archive does not freeze the loop that reads go's stdin. Not WebCrypto on the
 * threadpool: it copies its input first, which for a big output doubled the server's peak memory.
 */
const SYNC_HASH_LIMIT = 1024 * 1024;
async function sha256Hex(body) {
    const hash = node_crypto__WEBPACK_IMPORTED_MODULE_0___default().createHash('sha256');
    if (body.length <= SYNC_HASH_LIMIT)
        return hash.update(body).digest('hex');
    for (let at = 0; at < body.length; at += SYNC_HASH_LIMIT) {
        hash.update(body.subarray(at, at + SYNC_HASH_LIMIT));
        await new Promise((resolve) => setImmediate(resolve));
    }
    return hash.digest('hex');
}
/** Throws IntegrityError unless body is exactly the output that meta describes. */
async function verifyEntry(actionId, meta, body, what) {
    checkSize(actionId, meta, body, what);
    checkHash(actionId, meta, await sha256Hex(body), what);
}
/** verifyEntry on the calling thread whatever the size (the pack part writer's own thread). */
function verifyEntrySync(actionId, meta, body, what) {
    checkSize(actionId, meta, body, what);
    checkHash(actionId, meta, node_crypto__WEBPACK_IMPORTED_MODULE_0___default().createHash('sha256').update(body).digest('hex'), what);
}
function checkSize(actionId, meta, body, what) {
    if (body.length !== meta.size) {
        throw new _backend_js__WEBPACK_IMPORTED_MODULE_1__/* .IntegrityError */ .c(`${what} for action ${actionId.slice(0, 16)}…: body is ${body.length} bytes, expected ${meta.size}`);
    }
}
function checkHash(actionId, meta, actual, what) {
    if (actual !== meta.outputId) {
        throw new _backend_js__WEBPACK_IMPORTED_MODULE_1__/* .IntegrityError */ .c(`${what} for action ${actionId.slice(0, 16)}…: sha256 is ${actual.slice(0, 16)}…, expected ${meta.outputId.slice(0, 16)}…`);
    }
}
/**
 * The compiler must never see bytes a remote store mangled (or a writer lied about): the go
 * command itself checks only the size of package archives. Puts are checked too, so a body
 * damaged on local disk (spool, drain) is never published for every other job to reject.
 */
class VerifyingBackend extends _backend_js__WEBPACK_IMPORTED_MODULE_1__/* .BackendDecorator */ .m {
    async get(actionId, signal, spill) {
        const entry = await this.inner.get(actionId, signal, spill);
        if (entry === undefined)
            return undefined;
        // A spilled body was hashed as it was written, and the writer refused it unless it matched.
        if (entry.spilled)
            return entry;
        await verifyEntry(actionId, entry, entry.body, 'downloaded object');
        return entry;
    }
    async put(actionId, meta, body, signal) {
        await verifyEntry(actionId, meta, body, 'upload');
        return this.inner.put(actionId, meta, body, signal);
    }
}


/***/ }),

/***/ 5873:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   bp: () => (/* binding */ openCache),
/* harmony export */   wX: () => (/* binding */ serve),
/* harmony export */   z8: () => (/* binding */ report)
/* harmony export */ });
/* harmony import */ var _cache_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(2856);
/* harmony import */ var _manifest_action_log_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(6813);
/* harmony import */ var _protocol_reader_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(5332);
/* harmony import */ var _protocol_writer_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(2692);
/* harmony import */ var _remote_create_backend_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(2134);
/* harmony import */ var _session_js__WEBPACK_IMPORTED_MODULE_5__ = __nccwpck_require__(4826);
/* harmony import */ var _stats_js__WEBPACK_IMPORTED_MODULE_6__ = __nccwpck_require__(3697);
/* harmony import */ var _store_local_store_js__WEBPACK_IMPORTED_MODULE_7__ = __nccwpck_require__(2891);
/* harmony import */ var _store_locks_js__WEBPACK_IMPORTED_MODULE_8__ = __nccwpck_require__(648);









/** The parts every server shares: the local store, the cache over it, its statistics. */
function openCache(config, log, locker, stats = new _stats_js__WEBPACK_IMPORTED_MODULE_6__/* .Stats */ .Uz(config.backend), remote) {
    const store = (0,_store_local_store_js__WEBPACK_IMPORTED_MODULE_7__/* .localStoreOf */ .IJ)(config);
    store.init();
    // Per process, set up on the first miss or put, not at start: loading the SDK costs ~75 ms of
    // CPU and ~75 MB, which a build served from the local cache should not pay while go needs both cores.
    let lazy = remote;
    const backend = () => (lazy ??= startBackend(config, stats, log));
    return { cache: new _cache_js__WEBPACK_IMPORTED_MODULE_0__/* .Cache */ .l({ config, store, stats, log, locker, backend }), stats, store };
}
/** Runs the GOCACHEPROG protocol on stdin/stdout until close or EOF, then exits: one go command. */
function serve(config, log) {
    const writer = new _protocol_writer_js__WEBPACK_IMPORTED_MODULE_3__/* .ResponseWriter */ .Tj();
    const { cache, stats } = openCache(config, log, (0,_store_locks_js__WEBPACK_IMPORTED_MODULE_8__/* .createServeLocker */ .M3)(config.lockType, config.lockDir));
    // go waits for the handshake with no timeout: send it before anything that can be slow.
    writer.handshake();
    let exiting = false;
    const exit = async (code, uploadWaitMs = config.uploadWaitMs) => {
        if (exiting)
            return;
        exiting = true;
        await cache.finish(uploadWaitMs).catch((err) => log.error(`finishing: ${err.message}`));
        report(config, stats, log, cache.usedActionIds());
        // Idle keep-alive sockets and timers must not keep go waiting for our stdout to close.
        process.exit(code);
    };
    const session = new _session_js__WEBPACK_IMPORTED_MODULE_5__/* .Session */ .N({
        handler: cache, sink: writer, stats, log,
        // A go command's helper ends with its close: what it uploads must be done or spooled by then.
        // A remote slower than compiling would hold go's exit for its uploads: the drain takes them.
        beforeCloseReply: () => cache.finish(cache.remoteBypassed ? 0 : config.uploadWaitMs),
        onClosed: () => void exit(0),
    });
    const reader = new _protocol_reader_js__WEBPACK_IMPORTED_MODULE_2__/* .RequestReader */ .D({
        onRequest: (request) => session.onRequest(request),
        onFatal: (message) => {
            stats.add('protocolErrors');
            log.error(message);
            void exit(1);
        },
    });
    process.stdin.on('data', (chunk) => reader.push(chunk));
    // go closed our stdin without a close request (it was killed or crashed): keep what we can.
    process.stdin.on('end', () => {
        reader.end();
        void exit(0);
    });
    // Interrupted: no time to wait for uploads, but what is pending still goes to the spool.
    for (const signal of ['SIGINT', 'SIGTERM'])
        process.on(signal, () => void exit(0, 0));
}
function startBackend(config, stats, log) {
    const backend = (0,_remote_create_backend_js__WEBPACK_IMPORTED_MODULE_4__.createBackend)(config, { stats, warn: (message) => log.warn(message) }).catch((err) => {
        log.warn(`remote cache disabled: ${err.message}; building with the local cache only`);
        stats.add('remoteDisabled');
        return undefined;
    });
    // Checking at once warms the connection (and the S3 Express session) beside the first request;
    // a failure opens the circuit breaker, which warns once.
    void backend.then((b) => b?.check().catch(() => { }));
    return backend;
}
/** The -stats table and the stats dir's files (statistics, and the action log for save-manifest). */
function report(config, stats, log, usedActionIds, label) {
    if (config.printStats)
        process.stderr.write(`${(0,_stats_js__WEBPACK_IMPORTED_MODULE_6__/* .formatStatsTable */ .VJ)(stats.counters, stats.latency)}\n`);
    if (config.statsDir) {
        try {
            stats.writeFile(config.statsDir, label);
            // For save-manifest: the next run of this job prefetches what this process used.
            (0,_manifest_action_log_js__WEBPACK_IMPORTED_MODULE_1__/* .writeActionLog */ .M)(config.statsDir, usedActionIds);
        }
        catch (err) {
            log.warn(`could not write stats to ${config.statsDir}: ${err.message}`);
        }
    }
}


/***/ }),

/***/ 4826:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   N: () => (/* binding */ Session)
/* harmony export */ });
/* harmony import */ var _protocol_writer_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(2692);

/**
 * One go command's conversation: answers get, put and close over any byte stream, knowing the
 * cache only through CacheHandler. Responses may go out of order (go matches them by ID); close
 * is answered after everything before it.
 */
class Session {
    options;
    inflight = new Set();
    constructor(options) {
        this.options = options;
    }
    /** Called by the reader for each request; returns the sink of a put body. */
    onRequest(request) {
        const { stats, log } = this.options;
        if (request.error) {
            stats.add('protocolErrors');
            log.warn(`bad ${request.command || 'request'} (ID ${request.id}): ${request.error}`);
            this.reply({ ID: request.id, Err: request.error });
            return undefined;
        }
        switch (request.command) {
            case 'get':
                this.get(request.id, request.actionId);
                return undefined;
            case 'put':
                return this.put(request);
            case 'close':
                void this.close(request.id).catch((err) => log.error(`close: ${err.message}`));
                return undefined;
            default:
                if (this.options.control) {
                    const control = this.options.control;
                    this.track(control(request).then((r) => r && this.reply(r), (err) => this.reply({ ID: request.id, Err: err.message })));
                    return undefined;
                }
                stats.add('protocolErrors');
                this.reply({ ID: request.id, Err: `unknown command "${request.command}" (known: get, put, close)` });
                return undefined;
        }
    }
    /** Resolves once every request received so far has been answered. */
    async settled() {
        while (this.inflight.size > 0)
            await Promise.allSettled([...this.inflight]);
    }
    track(work) {
        const tracked = work.catch((err) => {
            this.options.log.error(`internal error: ${err.stack ?? String(err)}`);
        });
        this.inflight.add(tracked);
        void tracked.finally(() => this.inflight.delete(tracked));
    }
    reply(response) {
        this.options.sink.send((0,_protocol_writer_js__WEBPACK_IMPORTED_MODULE_0__/* .encodeResponse */ .kd)(response));
    }
    /** A local hit is answered before this returns: most gets of a warm build never wait on a promise. */
    get(id, actionId) {
        const { stats, handler } = this.options;
        const started = performance.now();
        stats.add('gets');
        let entry;
        try {
            entry = handler.getLocal(actionId);
        }
        catch (err) {
            this.storeUnreadable(err);
        }
        if (entry) {
            this.options.sink.send((0,_protocol_writer_js__WEBPACK_IMPORTED_MODULE_0__/* .encodeHit */ .qS)(id, entry));
            stats.time('get', started);
            return;
        }
        this.track(handler.getRemote(actionId).then((fetched) => {
            this.options.sink.send(fetched ? (0,_protocol_writer_js__WEBPACK_IMPORTED_MODULE_0__/* .encodeHit */ .qS)(id, fetched) : (0,_protocol_writer_js__WEBPACK_IMPORTED_MODULE_0__/* .encodeResponse */ .kd)({ ID: id, Miss: true }));
            stats.time('get', started);
        }, (err) => {
            this.storeUnreadable(err);
            this.reply({ ID: id, Miss: true });
        }));
    }
    storeUnreadable(err) {
        // A store that cannot even be read is a miss: go builds it and tries to put it.
        this.options.log.warnOnce('get-failed', `could not read the local cache (${err.message}); treating lookups that fail as misses`);
    }
    put(request) {
        const actionId = request.actionId;
        const started = performance.now();
        const body = this.options.handler.put(actionId, request.outputId, request.bodySize);
        const end = (streamError) => {
            this.track(body.end(streamError).then((entry) => {
                this.reply({ ID: request.id, DiskPath: entry.diskPath });
                this.options.stats.time('put', started);
            }, (err) => {
                // A body that is not what go promised, or a broken stream (the disk's failures are
                // answered as puts by the handler).
                this.options.stats.add('protocolErrors');
                this.options.log.warn(`put ${actionId} refused: ${err.message}`);
                this.reply({ ID: request.id, Err: `put ${actionId}: ${err.message}` });
            }));
        };
        if (request.bodySize === 0) {
            end();
            return undefined;
        }
        return { write: (chunk) => body.write(chunk), end };
    }
    async close(id) {
        // Every get and put is answered before close is, as go expects.
        await this.settled();
        await this.options.beforeCloseReply?.();
        this.reply({ ID: id });
        this.options.onClosed?.();
    }
}


/***/ }),

/***/ 3697:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Uz: () => (/* binding */ Stats),
/* harmony export */   VJ: () => (/* binding */ formatStatsTable),
/* harmony export */   z3: () => (/* binding */ formatBytes)
/* harmony export */ });
/* unused harmony exports Histogram, LATENCIES, emptyCounters, aggregateStatsDir, formatMs */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);


/**
 * Log-scale latency histogram. Quantiles of several processes cannot be averaged, but
 * histograms add up exactly, so the post step can report job-wide p50/p95.
 */
class Histogram {
    // Bucket i covers [BASE * GROWTH^i, BASE * GROWTH^(i+1)) milliseconds: 10 µs to ~10 min, ±5 %.
    static BASE_MS = 0.01;
    static GROWTH = 1.1;
    counts = {};
    count = 0;
    sumMs = 0;
    maxMs = 0;
    record(ms) {
        const i = ms <= Histogram.BASE_MS ? 0 : Math.floor(Math.log(ms / Histogram.BASE_MS) / Math.log(Histogram.GROWTH));
        this.counts[i] = (this.counts[i] ?? 0) + 1;
        this.count++;
        this.sumMs += ms;
        if (ms > this.maxMs)
            this.maxMs = ms;
    }
    merge(other) {
        for (const [k, v] of Object.entries(other.counts))
            this.counts[Number(k)] = (this.counts[Number(k)] ?? 0) + v;
        this.count += other.count;
        this.sumMs += other.sumMs;
        this.maxMs = Math.max(this.maxMs, other.maxMs);
    }
    /** The upper edge of the bucket holding quantile q, capped at the largest value seen. */
    quantile(q) {
        if (this.count === 0)
            return 0;
        const rank = Math.ceil(q * this.count);
        let seen = 0;
        for (const i of Object.keys(this.counts).map(Number).sort((a, b) => a - b)) {
            seen += this.counts[i] ?? 0;
            if (seen >= rank)
                return Math.min(Histogram.BASE_MS * Histogram.GROWTH ** (i + 1), this.maxMs);
        }
        return this.maxMs;
    }
    toJSON() {
        return { counts: this.counts, count: this.count, sumMs: this.sumMs, maxMs: this.maxMs };
    }
}
const LATENCIES = ['get', 'put', 'remoteGet', 'upload'];
function emptyCounters() {
    return {
        processes: 0, gets: 0, localHits: 0, remoteHits: 0, misses: 0, puts: 0, putBytes: 0,
        bytesServedLocal: 0, bytesDownloaded: 0, bytesUploaded: 0, uploads: 0, uploadFailures: 0,
        uploadRetries: 0, verifyRejects: 0, remoteErrors: 0, protocolErrors: 0,
        uploadsPendingAtClose: 0, spooled: 0, drained: 0, remoteDisabled: 0, writesDenied: 0, uploadsDenied: 0,
        putsNotStored: 0, uploadsLost: 0,
        prefetchListed: 0, prefetched: 0, prefetchBytes: 0, prefetchPackParts: 0, prefetchMs: 0, busyMs: 0, listedAbsent: 0, remoteBypassed: 0, bridgeHits: 0,
    };
}
class Stats {
    backend;
    counters = emptyCounters();
    latency = Object.fromEntries(LATENCIES.map((n) => [n, new Histogram()]));
    started = performance.now();
    constructor(backend) {
        this.backend = backend;
        this.counters.processes = 1;
    }
    add(name, n = 1) {
        this.counters[name] += n;
    }
    time(name, startedMs) {
        this.latency[name].record(performance.now() - startedMs);
    }
    toJSON() {
        this.counters.busyMs = Math.round(performance.now() - this.started);
        return {
            version: 1,
            backend: this.backend,
            counters: { ...this.counters },
            latency: Object.fromEntries(LATENCIES.map((n) => [n, this.latency[n].toJSON()])),
        };
    }
    /** One file per process, written atomically so a reader never sees half of one. */
    writeFile(dir, label = 'cacheprog') {
        node_fs__WEBPACK_IMPORTED_MODULE_0___default().mkdirSync(dir, { recursive: true });
        const name = `${label}-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}.json`;
        const file = node_path__WEBPACK_IMPORTED_MODULE_1___default().join(dir, name);
        node_fs__WEBPACK_IMPORTED_MODULE_0___default().writeFileSync(`${file}.tmp`, JSON.stringify(this.toJSON()));
        node_fs__WEBPACK_IMPORTED_MODULE_0___default().renameSync(`${file}.tmp`, file);
        return file;
    }
}
/** Adds up every stats file in dir; unreadable files are skipped and reported, never fatal. */
function aggregateStatsDir(dir, onSkip = () => { }) {
    const agg = {
        backend: 'disk',
        counters: emptyCounters(),
        latency: Object.fromEntries(LATENCIES.map((n) => [n, new Histogram()])),
        files: 0,
    };
    let names;
    try {
        names = fs.readdirSync(dir).filter((n) => n.endsWith('.json'));
    }
    catch {
        return agg;
    }
    for (const name of names) {
        const file = path.join(dir, name);
        try {
            const json = JSON.parse(fs.readFileSync(file, 'utf8'));
            if (json.version !== 1)
                throw new Error(`unknown version ${String(json.version)}`);
            for (const key of Object.keys(agg.counters))
                agg.counters[key] += json.counters[key] ?? 0;
            for (const n of LATENCIES)
                if (json.latency[n])
                    agg.latency[n].merge(json.latency[n]);
            if (json.backend !== 'disk')
                agg.backend = json.backend;
            agg.files++;
        }
        catch (err) {
            onSkip(file, err.message);
        }
    }
    return agg;
}
function formatBytes(n) {
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let i = 0;
    let v = n;
    while (v >= 1024 && i < units.length - 1) {
        v /= 1024;
        i++;
    }
    return i === 0 ? `${n} B` : `${v.toFixed(1)} ${units[i]}`;
}
function formatMs(ms) {
    return ms < 10 ? `${ms.toFixed(2)} ms` : `${Math.round(ms)} ms`;
}
/** The table printed to stderr at exit with -stats. */
function formatStatsTable(c, latency) {
    const hitRatio = c.gets === 0 ? 0 : (c.localHits + c.remoteHits) / c.gets;
    const rows = [
        ['gets', `${c.gets} (local hits ${c.localHits}${c.bridgeHits > 0 ? ` of which ${c.bridgeHits} answered by the bridge, not timed` : ''}, remote hits ${c.remoteHits}, misses ${c.misses}, hit ratio ${(hitRatio * 100).toFixed(1)}%)`],
        ['puts', `${c.puts} (${formatBytes(c.putBytes)})`],
        ['remote', `down ${formatBytes(c.bytesDownloaded)}, up ${formatBytes(c.bytesUploaded)} in ${c.uploads} uploads`],
        ['problems', `remote errors ${c.remoteErrors}, upload failures ${c.uploadFailures}, retries ${c.uploadRetries}, verification rejects ${c.verifyRejects}, protocol errors ${c.protocolErrors}`],
        ['at close', `pending ${c.uploadsPendingAtClose}, spooled ${c.spooled}${c.uploadsDenied > 0 ? `, dropped ${c.uploadsDenied} (writes denied)` : ''}${c.uploadsLost > 0 ? `, lost ${c.uploadsLost} (local output gone)` : ''}${c.putsNotStored > 0 ? `, ${c.putsNotStored} put(s) not stored` : ''}`],
    ];
    if (c.prefetchListed > 0) {
        rows.push(['prefetch', `${c.prefetched} of ${c.prefetchListed} listed (${formatBytes(c.prefetchBytes)}) in ${formatMs(c.prefetchMs)}`]);
    }
    for (const n of LATENCIES) {
        const h = latency[n];
        if (h.count > 0)
            rows.push([`${n} latency`, `p50 ${formatMs(h.quantile(0.5))}, p95 ${formatMs(h.quantile(0.95))}, max ${formatMs(h.maxMs)} (n=${h.count})`]);
    }
    const width = Math.max(...rows.map(([k]) => k.length));
    return ['gobuildcache stats:', ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`)].join('\n');
}


/***/ }),

/***/ 9306:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   A0: () => (/* binding */ ensureDir),
/* harmony export */   Xf: () => (/* binding */ inDir),
/* harmony export */   Zf: () => (/* binding */ writeFileAtomic),
/* harmony export */   fz: () => (/* binding */ AtomicFileWriter),
/* harmony export */   s6: () => (/* binding */ ensureDirAsync)
/* harmony export */ });
/* unused harmony export tempPathFor */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);



const knownDirs = new Set();
/** mkdir -p, remembered, so the hot path does not ask the kernel twice for the same directory. */
function ensureDir(dir) {
    if (knownDirs.has(dir))
        return;
    node_fs__WEBPACK_IMPORTED_MODULE_1___default().mkdirSync(dir, { recursive: true });
    knownDirs.add(dir);
}
/**
 * Runs an operation in dir, making dir again and retrying once when it failed because dir is gone:
 * a cleanup deleting the cache dir (or `clear-local`) under a live server must not turn the job's
 * later writes into errors, and the memo above would otherwise never ask the kernel again.
 */
function inDir(dir, op) {
    try {
        return op();
    }
    catch (err) {
        if (err.code !== 'ENOENT')
            throw err;
        knownDirs.delete(dir);
        node_fs__WEBPACK_IMPORTED_MODULE_1___default().mkdirSync(dir, { recursive: true });
        knownDirs.add(dir);
        return op();
    }
}
/** ensureDir on the libuv threadpool, for directories made ahead of need (LocalStore.createShards). */
async function ensureDirAsync(dir) {
    if (knownDirs.has(dir))
        return;
    await node_fs__WEBPACK_IMPORTED_MODULE_1___default().promises.mkdir(dir, { recursive: true });
    knownDirs.add(dir);
}
/** Unique to this process even if a dead one had its pid; the counter makes each name unique within it. */
const processTag = `${process.pid}-${node_crypto__WEBPACK_IMPORTED_MODULE_0___default().randomBytes(4).toString('hex')}`;
let tempCounter = 0;
/** A unique name beside target: same directory, so rename(2) is atomic; a dot so listings skip it. */
function tempPathFor(target) {
    return node_path__WEBPACK_IMPORTED_MODULE_2___default().join(node_path__WEBPACK_IMPORTED_MODULE_2___default().dirname(target), `.tmp-${processTag}-${(tempCounter++).toString(36)}`);
}
/**
 * Writes a whole file so that readers in any process see either nothing or all of it: a torn file
 * is impossible however many go processes write the same entry at once.
 */
function writeFileAtomic(target, data, mode) {
    const dir = node_path__WEBPACK_IMPORTED_MODULE_2___default().dirname(target);
    ensureDir(dir);
    inDir(dir, () => {
        const temp = tempPathFor(target);
        try {
            node_fs__WEBPACK_IMPORTED_MODULE_1___default().writeFileSync(temp, data, { mode });
            node_fs__WEBPACK_IMPORTED_MODULE_1___default().renameSync(temp, target);
        }
        catch (err) {
            node_fs__WEBPACK_IMPORTED_MODULE_1___default().rmSync(temp, { force: true });
            throw err;
        }
    });
}
/**
 * Streams into a temp file with sync writes (bodies arrive in order, off one stdin reader). Opened
 * for reading too: when the directory vanished while the body streamed in, commit copies what the
 * still-open file holds into a directory made again, so the put is stored after all.
 */
class AtomicFileWriter {
    target;
    temp;
    fd;
    dir;
    constructor(target) {
        this.target = target;
        this.dir = node_path__WEBPACK_IMPORTED_MODULE_2___default().dirname(target);
        ensureDir(this.dir);
        this.temp = tempPathFor(target);
        this.fd = inDir(this.dir, () => node_fs__WEBPACK_IMPORTED_MODULE_1___default().openSync(this.temp, 'w+'));
    }
    write(chunk) {
        if (this.fd === undefined)
            throw new Error('write after close');
        let offset = 0;
        while (offset < chunk.length)
            offset += node_fs__WEBPACK_IMPORTED_MODULE_1___default().writeSync(this.fd, chunk, offset);
    }
    commit() {
        try {
            node_fs__WEBPACK_IMPORTED_MODULE_1___default().renameSync(this.temp, this.target);
        }
        catch (err) {
            if (err.code !== 'ENOENT' || this.fd === undefined) {
                this.abort();
                throw err;
            }
            this.relink(this.fd);
        }
        finally {
            this.close();
        }
    }
    /** The temp file went with its directory: its content, still readable through fd, goes to a new one. */
    relink(fd) {
        const from = fd;
        inDir(this.dir, () => {
            this.temp = tempPathFor(this.target);
            const to = node_fs__WEBPACK_IMPORTED_MODULE_1___default().openSync(this.temp, 'w');
            try {
                const buf = Buffer.allocUnsafe(1024 * 1024);
                for (let pos = 0, n; (n = node_fs__WEBPACK_IMPORTED_MODULE_1___default().readSync(from, buf, 0, buf.length, pos)) > 0; pos += n) {
                    for (let off = 0; off < n;)
                        off += node_fs__WEBPACK_IMPORTED_MODULE_1___default().writeSync(to, buf, off, n - off);
                }
            }
            finally {
                node_fs__WEBPACK_IMPORTED_MODULE_1___default().closeSync(to);
            }
        });
        try {
            node_fs__WEBPACK_IMPORTED_MODULE_1___default().renameSync(this.temp, this.target);
        }
        catch (err) {
            node_fs__WEBPACK_IMPORTED_MODULE_1___default().rmSync(this.temp, { force: true });
            throw err;
        }
    }
    abort() {
        this.close();
        node_fs__WEBPACK_IMPORTED_MODULE_1___default().rmSync(this.temp, { force: true });
    }
    close() {
        if (this.fd !== undefined)
            node_fs__WEBPACK_IMPORTED_MODULE_1___default().closeSync(this.fd);
        this.fd = undefined;
    }
}


/***/ }),

/***/ 2891:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   EW: () => (/* binding */ readSmallFile),
/* harmony export */   IJ: () => (/* binding */ localStoreOf),
/* harmony export */   IP: () => (/* binding */ USE_RESOLUTION_MS),
/* harmony export */   Vs: () => (/* binding */ LocalStore),
/* harmony export */   Wf: () => (/* binding */ parseEntryLine),
/* harmony export */   ol: () => (/* binding */ listDir)
/* harmony export */ });
/* unused harmony exports BodyMismatchError, formatEntryLine */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _protocol_types_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(7802);
/* harmony import */ var _atomic_file_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(9306);





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
        await Promise.all(shards.flatMap((shard) => [(0,_atomic_file_js__WEBPACK_IMPORTED_MODULE_3__/* .ensureDirAsync */ .s6)(node_path__WEBPACK_IMPORTED_MODULE_2___default().join(this.dir, 'a', shard)), (0,_atomic_file_js__WEBPACK_IMPORTED_MODULE_3__/* .ensureDirAsync */ .s6)(node_path__WEBPACK_IMPORTED_MODULE_2___default().join(this.dir, 'o', shard))]));
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

/***/ 648:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   $J: () => (/* binding */ createLocker),
/* harmony export */   M3: () => (/* binding */ createServeLocker),
/* harmony export */   PT: () => (/* binding */ NoopLocker),
/* harmony export */   W_: () => (/* binding */ isRunning),
/* harmony export */   qN: () => (/* binding */ announcePrefetcher)
/* harmony export */ });
/* unused harmony exports deadHolder, MemoryLocker, FileLocker, PrefetchAwareLocker */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_os__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _atomic_file_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(9306);




const NOOP_RELEASE = async () => { };
/** proper-lockfile refreshes a held lock's mtime every STALE_MS / 2; older than this, its holder is gone. */
const STALE_MS = 10_000;
/** The lock a prefetcher holds for its whole run, in the lock dir. */
const PREFETCHER = 'prefetcher';
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
class NoopLocker {
    async acquire() {
        return { acquired: true, release: NOOP_RELEASE };
    }
}
/**
 * The holder of a lock, written inside its lock directory as "<pid> <hostname>": a lock whose
 * holder is gone from this host is taken over at once instead of after STALE_MS. A killed
 * prefetcher leaves dozens of lock dirs, and each one a go process meets would otherwise cost
 * it up to the stale time.
 */
const OWNER_FILE = 'owner';
const HOSTNAME = node_os__WEBPACK_IMPORTED_MODULE_1___default().hostname();
/**
 * proper-lockfile creates and removes a lock with mkdir/rmdir on the fs it is given: this one
 * also writes the owner file on creation and removes it first on removal (sync too, for its
 * exit handler), so the owner lives and dies with the lock directory.
 */
const ownerFs = {
    ...(node_fs__WEBPACK_IMPORTED_MODULE_0___default()),
    mkdir(dir, callback) {
        node_fs__WEBPACK_IMPORTED_MODULE_0___default().mkdir(dir, (err) => {
            if (err)
                return callback(err);
            // A failed owner write only loses the fast takeover; the lock is still ours.
            node_fs__WEBPACK_IMPORTED_MODULE_0___default().writeFile(node_path__WEBPACK_IMPORTED_MODULE_2___default().join(dir, OWNER_FILE), `${process.pid} ${HOSTNAME}\n`, () => callback(null));
        });
    },
    rmdir(dir, callback) {
        node_fs__WEBPACK_IMPORTED_MODULE_0___default().rm(node_path__WEBPACK_IMPORTED_MODULE_2___default().join(dir, OWNER_FILE), { force: true }, () => node_fs__WEBPACK_IMPORTED_MODULE_0___default().rmdir(dir, callback));
    },
    rmdirSync(dir) {
        node_fs__WEBPACK_IMPORTED_MODULE_0___default().rmSync(node_path__WEBPACK_IMPORTED_MODULE_2___default().join(dir, OWNER_FILE), { force: true });
        node_fs__WEBPACK_IMPORTED_MODULE_0___default().rmdirSync(dir);
    },
};
/** Whether a process with this pid runs on this host (EPERM: it runs, as another user). */
function isRunning(pid) {
    try {
        process.kill(pid, 0);
    }
    catch (err) {
        if (err.code !== 'EPERM')
            return false;
    }
    return !isZombie(pid);
}
/**
 * A killed server whose go command exited is re-parented to PID 1, and the PID 1 of many
 * containers (and of GitHub's container jobs) never reaps it: it stays a zombie that signal 0
 * still reaches, holding no lock and finishing no upload. Linux only; elsewhere false.
 */
function isZombie(pid) {
    let stat;
    try {
        stat = node_fs__WEBPACK_IMPORTED_MODULE_0___default().readFileSync(`/proc/${pid}/stat`, 'latin1');
    }
    catch {
        return false;
    }
    // "pid (comm) S ...": comm may hold spaces and parentheses, the state follows the last ')'.
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state === 'Z' || state === 'X';
}
/**
 * The pid recorded in a lock directory when its holder is certainly dead: same host, no such
 * process. undefined when the lock has no owner yet (just created), another host's (a shared
 * filesystem) or a live holder.
 */
function deadHolder(lockDir) {
    let text;
    try {
        text = node_fs__WEBPACK_IMPORTED_MODULE_0___default().readFileSync(node_path__WEBPACK_IMPORTED_MODULE_2___default().join(lockDir, OWNER_FILE), 'latin1');
    }
    catch {
        return undefined;
    }
    const [pidText, host] = text.trim().split(' ');
    const pid = Number(pidText);
    if (!Number.isSafeInteger(pid) || pid <= 0 || host !== HOSTNAME || pid === process.pid)
        return undefined;
    return isRunning(pid) ? undefined : pid;
}
/**
 * Removes a lock whose holder is dead; true when it did. Two processes can race to take over
 * the same dead lock and one may then remove the other's fresh lock: as with proper-lockfile's
 * own stale takeover, that costs at most a duplicate download, never a torn file.
 */
function takeOverIfDead(lockDir) {
    if (deadHolder(lockDir) === undefined)
        return false;
    try {
        ownerFs.rmdirSync(lockDir);
    }
    catch {
        // Gone already (someone else took it over) or not empty: just try the lock again.
    }
    return true;
}
/** How every lock of ours is taken: one try, a lock directory beside the target, stale after STALE_MS. */
function lockOptions(target) {
    return {
        realpath: false,
        lockfilePath: `${target}.lock`,
        stale: STALE_MS,
        retries: 0,
        fs: ownerFs,
        // A compromised lock only means another process may duplicate our download: harmless.
        onCompromised: () => { },
    };
}
/** Serialises holders of one key inside this process only. */
class MemoryLocker {
    held = new Map();
    async acquire(key, waitMs) {
        const deadline = Date.now() + waitMs;
        for (let current = this.held.get(key); current; current = this.held.get(key)) {
            const left = deadline - Date.now();
            if (left <= 0)
                return { acquired: false, release: NOOP_RELEASE };
            await Promise.race([current, sleep(left)]);
        }
        let done;
        this.held.set(key, new Promise((resolve) => (done = resolve)));
        return {
            acquired: true,
            release: async () => {
                this.held.delete(key);
                done();
            },
        };
    }
}
/** Cross-process locks with proper-lockfile: a lock directory per key, kept fresh while held. */
class FileLocker {
    dir;
    memory = new MemoryLocker();
    lockfile;
    constructor(dir) {
        this.dir = dir;
    }
    async acquire(key, waitMs) {
        const deadline = Date.now() + waitMs;
        // proper-lockfile refuses a second lock on a path this process already holds: queue in memory first.
        const inProcess = await this.memory.acquire(key, waitMs);
        if (!inProcess.acquired)
            return inProcess;
        this.lockfile ??= (await __nccwpck_require__.e(/* import() */ 648).then(__nccwpck_require__.t.bind(__nccwpck_require__, 3648, 23))).default;
        (0,_atomic_file_js__WEBPACK_IMPORTED_MODULE_3__/* .ensureDir */ .A0)(this.dir);
        const target = node_path__WEBPACK_IMPORTED_MODULE_2___default().join(this.dir, key);
        let takeovers = 0;
        for (let delay = 5;; delay = Math.min(delay * 2, 100)) {
            try {
                const unlock = await this.lockfile.lock(target, lockOptions(target));
                return {
                    acquired: true,
                    release: async () => {
                        await unlock().catch(() => { });
                        await inProcess.release();
                    },
                };
            }
            catch (err) {
                const locked = err.code === 'ELOCKED';
                // Bounded: a dead holder's lock is taken over, but a loop of takeovers is not a wait.
                if (locked && takeovers < 3 && takeOverIfDead(`${target}.lock`)) {
                    takeovers++;
                    continue;
                }
                const left = deadline - Date.now();
                if (!locked || left <= 0) {
                    await inProcess.release();
                    return { acquired: false, release: NOOP_RELEASE };
                }
                await sleep(Math.min(delay, left));
            }
        }
    }
}
/**
 * A go process's locks. Without a prefetcher, two go processes fetching one entry at once only
 * cost a duplicate download, rarer and cheaper than locking every miss (a lock directory made,
 * timed and removed: ~1 ms of a miss's CPU). So downloads are locked only while a prefetcher
 * announces itself, which is when waiting for an entry it is fetching saves a download.
 */
class PrefetchAwareLocker {
    inner;
    dir;
    checkedAt = -Infinity;
    running = false;
    constructor(inner, dir) {
        this.inner = inner;
        this.dir = dir;
    }
    acquire(key, waitMs) {
        return this.prefetcherRunning() ? this.inner.acquire(key, waitMs) : Promise.resolve({ acquired: true, release: NOOP_RELEASE });
    }
    prefetcherRunning() {
        // A stat at most every 100 ms; a prefetcher starts before the build, not mid-way.
        const now = performance.now();
        if (now - this.checkedAt >= 100) {
            this.checkedAt = now;
            const lockDir = node_path__WEBPACK_IMPORTED_MODULE_2___default().join(this.dir, `${PREFETCHER}.lock`);
            const lock = node_fs__WEBPACK_IMPORTED_MODULE_0___default().statSync(lockDir, { throwIfNoEntry: false });
            // A killed prefetcher's lock stays fresh for STALE_MS: its dead pid says it is gone now.
            this.running = lock !== undefined && Date.now() - lock.mtimeMs < STALE_MS && deadHolder(lockDir) === undefined;
        }
        return this.running;
    }
}
/**
 * Held by the prefetcher for its whole run, so that go processes lock their downloads (see
 * PrefetchAwareLocker). A second prefetcher on the same lock dir runs without it.
 */
async function announcePrefetcher(dir) {
    const lockfile = (await __nccwpck_require__.e(/* import() */ 648).then(__nccwpck_require__.t.bind(__nccwpck_require__, 3648, 23))).default;
    (0,_atomic_file_js__WEBPACK_IMPORTED_MODULE_3__/* .ensureDir */ .A0)(dir);
    const target = node_path__WEBPACK_IMPORTED_MODULE_2___default().join(dir, PREFETCHER);
    for (let attempt = 0; attempt < 2; attempt++) {
        try {
            const unlock = await lockfile.lock(target, lockOptions(target));
            return () => unlock().catch(() => { });
        }
        catch (err) {
            if (err.code !== 'ELOCKED' || !takeOverIfDead(`${target}.lock`))
                break;
        }
    }
    return NOOP_RELEASE;
}
/** The locker of a go process: with fslock, cross-process only while a prefetcher runs. */
function createServeLocker(type, dir) {
    const locker = createLocker(type, dir);
    return type === 'fslock' ? new PrefetchAwareLocker(locker, dir) : locker;
}
function createLocker(type, dir) {
    switch (type) {
        case 'fslock':
            return new FileLocker(dir);
        case 'memory':
            return new MemoryLocker();
        case 'noop':
            return new NoopLocker();
    }
}


/***/ }),

/***/ 3764:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   PS: () => (/* binding */ UploadJournal),
/* harmony export */   _h: () => (/* binding */ orphanedJournals),
/* harmony export */   a0: () => (/* binding */ readJournal),
/* harmony export */   fX: () => (/* binding */ metaOf),
/* harmony export */   lQ: () => (/* binding */ isPendingUpload)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _store_atomic_file_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(9306);
/* harmony import */ var _store_locks_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(648);
/* harmony import */ var _protocol_types_js__WEBPACK_IMPORTED_MODULE_5__ = __nccwpck_require__(7802);






function isPendingUpload(value) {
    const p = value;
    return (typeof p === 'object' && p !== null && _protocol_types_js__WEBPACK_IMPORTED_MODULE_5__/* .HEX_ID */ .m.test(String(p.actionId)) && _protocol_types_js__WEBPACK_IMPORTED_MODULE_5__/* .HEX_ID */ .m.test(String(p.outputId)) &&
        Number.isSafeInteger(p.size) && p.size >= 0 && typeof p.path === 'string' && node_path__WEBPACK_IMPORTED_MODULE_2___default().isAbsolute(p.path) &&
        !Number.isNaN(new Date(p.time).getTime()));
}
function metaOf(upload) {
    return { outputId: upload.outputId, size: upload.size, time: new Date(upload.time) };
}
const JOURNAL = /^journal-(\d+)-[0-9a-f]+\.jsonl$/;
/**
 * The uploads this process owes the remote, written to an append-only journal before the put
 * that caused them is answered: a server killed with SIGKILL (or by the OOM killer) leaves its
 * debt on disk, and the next `drain` pays it. One write(2) per put and per finished upload, with
 * no fsync: the journal must survive the process, not the machine.
 */
class UploadJournal {
    dir;
    pending = new Map();
    fd;
    file;
    constructor(dir) {
        this.dir = dir;
        (0,_store_atomic_file_js__WEBPACK_IMPORTED_MODULE_3__/* .ensureDir */ .A0)(dir);
        this.file = node_path__WEBPACK_IMPORTED_MODULE_2___default().join(dir, `journal-${process.pid}-${node_crypto__WEBPACK_IMPORTED_MODULE_0___default().randomBytes(4).toString('hex')}.jsonl`);
    }
    add(upload) {
        this.pending.set(upload.actionId, upload);
        this.append(`${JSON.stringify(upload)}\n`);
    }
    /** The upload reached the remote (or can never be made): unless a newer put replaced it, it is settled. */
    done(upload) {
        if (this.pending.get(upload.actionId)?.outputId !== upload.outputId)
            return;
        this.pending.delete(upload.actionId);
        this.append(`-${upload.actionId} ${upload.outputId}\n`);
    }
    list() {
        return [...this.pending.values()];
    }
    get size() {
        return this.pending.size;
    }
    /** At a clean end, after what is left went to the spool: the journal has nothing more to say. */
    remove() {
        if (this.fd !== undefined)
            node_fs__WEBPACK_IMPORTED_MODULE_1___default().closeSync(this.fd);
        this.fd = undefined;
        node_fs__WEBPACK_IMPORTED_MODULE_1___default().rmSync(this.file, { force: true });
    }
    append(line) {
        this.fd ??= (0,_store_atomic_file_js__WEBPACK_IMPORTED_MODULE_3__/* .inDir */ .Xf)(this.dir, () => node_fs__WEBPACK_IMPORTED_MODULE_1___default().openSync(this.file, 'a'));
        node_fs__WEBPACK_IMPORTED_MODULE_1___default().writeSync(this.fd, line);
    }
}
/** What a journal still owed when its process stopped: every added upload not marked done. */
function readJournal(file) {
    const pending = new Map();
    for (const line of node_fs__WEBPACK_IMPORTED_MODULE_1___default().readFileSync(file, 'utf8').split('\n')) {
        if (line.startsWith('-')) {
            const [actionId, outputId] = line.slice(1).split(' ');
            if (actionId !== undefined && pending.get(actionId)?.outputId === outputId)
                pending.delete(actionId);
            continue;
        }
        // A line cut short by the kill is the last one; any line that does not parse is skipped.
        try {
            const upload = JSON.parse(line);
            if (isPendingUpload(upload))
                pending.set(upload.actionId, upload);
        }
        catch {
            // skipped
        }
    }
    return [...pending.values()];
}
/** Journals in dir whose process is gone (a live one is still uploading its own). */
function orphanedJournals(dir) {
    let names;
    try {
        names = node_fs__WEBPACK_IMPORTED_MODULE_1___default().readdirSync(dir);
    }
    catch {
        return [];
    }
    return names
        .map((name) => ({ name, pid: Number(JOURNAL.exec(name)?.[1]) }))
        .filter(({ pid }) => pid > 0 && (pid === process.pid ? false : !(0,_store_locks_js__WEBPACK_IMPORTED_MODULE_4__/* .isRunning */ .W_)(pid)))
        .map(({ name }) => node_path__WEBPACK_IMPORTED_MODULE_2___default().join(dir, name));
}


/***/ }),

/***/ 4912:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Q: () => (/* binding */ Spool)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _store_atomic_file_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(9306);
/* harmony import */ var _pending_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(3764);




/**
 * Uploads handed over to a later process (the post step's drain): one small JSON file per
 * pending upload, named by action id so a newer put replaces an older one. The upload journals of
 * processes that died (see pending.ts) live in the same directory and are folded in by `adopt`.
 */
class Spool {
    dir;
    constructor(dir) {
        this.dir = dir;
    }
    add(entry) {
        (0,_store_atomic_file_js__WEBPACK_IMPORTED_MODULE_2__/* .writeFileAtomic */ .Zf)(node_path__WEBPACK_IMPORTED_MODULE_1___default().join(this.dir, `${entry.actionId}.json`), JSON.stringify(entry));
    }
    /** Turns the journals of dead processes into spool entries; returns how many uploads they owed. */
    adopt() {
        let owed = 0;
        for (const file of (0,_pending_js__WEBPACK_IMPORTED_MODULE_3__/* .orphanedJournals */ ._h)(this.dir)) {
            try {
                const pending = (0,_pending_js__WEBPACK_IMPORTED_MODULE_3__/* .readJournal */ .a0)(file);
                for (const upload of pending)
                    this.add(upload);
                owed += pending.length;
                node_fs__WEBPACK_IMPORTED_MODULE_0___default().rmSync(file, { force: true });
            }
            catch {
                // Another drain took it meanwhile.
            }
        }
        return owed;
    }
    /** Every readable entry; unreadable ones are reported and removed (they can never be uploaded). */
    list(onBad = () => { }) {
        let names;
        try {
            names = node_fs__WEBPACK_IMPORTED_MODULE_0___default().readdirSync(this.dir).filter((n) => n.endsWith('.json'));
        }
        catch {
            return [];
        }
        const entries = [];
        for (const name of names) {
            const file = node_path__WEBPACK_IMPORTED_MODULE_1___default().join(this.dir, name);
            try {
                const entry = JSON.parse(node_fs__WEBPACK_IMPORTED_MODULE_0___default().readFileSync(file, 'utf8'));
                if (!(0,_pending_js__WEBPACK_IMPORTED_MODULE_3__/* .isPendingUpload */ .lQ)(entry))
                    throw new Error('not a pending upload');
                entries.push(entry);
            }
            catch (err) {
                // A file vanishing under us means another drain took it: not an error.
                if (err.code === 'ENOENT')
                    continue;
                onBad(file, err.message);
                node_fs__WEBPACK_IMPORTED_MODULE_0___default().rmSync(file, { force: true });
            }
        }
        return entries;
    }
    /** Removes an entry once uploaded, unless a newer put replaced it meanwhile. */
    remove(entry) {
        const file = node_path__WEBPACK_IMPORTED_MODULE_1___default().join(this.dir, `${entry.actionId}.json`);
        try {
            const current = JSON.parse(node_fs__WEBPACK_IMPORTED_MODULE_0___default().readFileSync(file, 'utf8'));
            if (current.outputId === entry.outputId)
                node_fs__WEBPACK_IMPORTED_MODULE_0___default().rmSync(file, { force: true });
        }
        catch {
            // Already gone: another drain got there first.
        }
    }
    /** Spooled entries plus what dead processes' journals still owe. */
    count() {
        let n;
        try {
            n = node_fs__WEBPACK_IMPORTED_MODULE_0___default().readdirSync(this.dir).filter((name) => name.endsWith('.json')).length;
        }
        catch {
            return 0;
        }
        for (const file of (0,_pending_js__WEBPACK_IMPORTED_MODULE_3__/* .orphanedJournals */ ._h)(this.dir)) {
            try {
                n += (0,_pending_js__WEBPACK_IMPORTED_MODULE_3__/* .readJournal */ .a0)(file).length;
            }
            catch {
                // gone
            }
        }
        return n;
    }
}


/***/ }),

/***/ 3544:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   v: () => (/* binding */ UploadQueue)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _pending_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(3764);


const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** Errors after which retrying cannot help: the breaker is open, or the job itself is broken. */
function isFinal(err) {
    const name = err?.name;
    return name === 'RemoteDisabledError' || name === 'IntegrityError' || name === 'LocalOutputError' || name === 'WritesDeniedError';
}
class LocalOutputError extends Error {
    name = 'LocalOutputError';
}
/**
 * Uploads in the background with bounded concurrency and retries. Nothing is dropped: a job that
 * has not reached the remote stays listed in `unfinished()` for the spool.
 */
class UploadQueue {
    backend;
    stats;
    log;
    options;
    waiting = new Map();
    active = new Map();
    failed = new Map();
    /**
     * Jobs dropped because the store denies writes to these credentials (see ReadOnlyBackend):
     * not failures to retry or spool, since no later attempt with the same key can succeed.
     */
    denied = new Set();
    idleWaiters = [];
    attempts;
    backoffMs;
    constructor(backend, stats, log, options) {
        this.backend = backend;
        this.stats = stats;
        this.log = log;
        this.options = options;
        this.attempts = options.attempts ?? 3;
        this.backoffMs = options.backoffMs ?? 200;
    }
    /**
     * Queues a job; a newer job for the same action replaces one that has not started. A failed
     * job stays in `unfinished()`.
     */
    add(job) {
        this.failed.delete(job.actionId);
        this.denied.delete(job.actionId);
        const done = this.waiting.get(job.actionId)?.done ?? [];
        const result = new Promise((resolve) => done.push(resolve));
        this.waiting.set(job.actionId, { job, done });
        this.pump();
        return result;
    }
    /** Uploads now and resolves when done (the synchronous mode, -async-backend=false). */
    async uploadNow(job) {
        this.active.set(job.actionId, job);
        try {
            return await this.run(job);
        }
        finally {
            this.active.delete(job.actionId);
            this.notifyIfIdle();
        }
    }
    get pending() {
        return this.waiting.size + this.active.size;
    }
    /** Resolves true when everything queued has finished, false when the wait ran out first. */
    waitIdle(timeoutMs) {
        if (this.pending === 0)
            return Promise.resolve(true);
        return new Promise((resolve) => {
            const timer = setTimeout(() => resolve(false), timeoutMs);
            this.idleWaiters.push(() => {
                clearTimeout(timer);
                resolve(true);
            });
        });
    }
    /** Everything not yet on the remote: waiting, still in flight, or failed. */
    unfinished() {
        return [...this.active.values(), ...[...this.waiting.values()].map((w) => w.job), ...this.failed.values()];
    }
    pump() {
        while (this.active.size < this.options.concurrency && this.waiting.size > 0) {
            const [actionId, { job, done }] = this.waiting.entries().next().value;
            this.waiting.delete(actionId);
            this.active.set(actionId, job);
            void this.run(job).then((outcome) => {
                if (this.active.get(actionId) === job)
                    this.active.delete(actionId);
                for (const resolve of done)
                    resolve(outcome);
                this.pump();
                this.notifyIfIdle();
            });
        }
    }
    notifyIfIdle() {
        if (this.pending > 0)
            return;
        const waiters = this.idleWaiters;
        this.idleWaiters = [];
        for (const wake of waiters)
            wake();
    }
    async run(job) {
        for (let attempt = 1;; attempt++) {
            const started = performance.now();
            try {
                const body = await this.readBody(job);
                const { transferredBytes } = await this.backend.put(job.actionId, (0,_pending_js__WEBPACK_IMPORTED_MODULE_1__/* .metaOf */ .fX)(job), body);
                this.stats.time('upload', started);
                this.stats.add('uploads');
                this.stats.add('bytesUploaded', transferredBytes);
                return 'uploaded';
            }
            catch (err) {
                const message = err.message;
                if (err.name === 'WritesDeniedError') {
                    this.stats.add('uploadsDenied');
                    this.denied.add(job.actionId);
                    return 'dropped';
                }
                if (isFinal(err) || attempt >= this.attempts) {
                    this.stats.add('uploadFailures');
                    this.log.debug(`upload of ${job.actionId} failed after ${attempt} attempt(s): ${message}`);
                    // A local file that is gone or wrong can never be uploaded: keeping it would only fail again.
                    if (err.name !== 'LocalOutputError') {
                        this.failed.set(job.actionId, job);
                        return 'failed';
                    }
                    this.stats.add('uploadsLost');
                    // Counted, and warned about once by the post step: a cleanup can take hundreds at once.
                    this.log.debug(`cannot upload ${job.actionId}: ${message}`);
                    return 'dropped';
                }
                this.stats.add('uploadRetries');
                this.log.debug(`upload of ${job.actionId} failed (attempt ${attempt}), retrying: ${message}`);
                await sleep(this.backoffMs * 4 ** (attempt - 1) * (0.5 + Math.random()));
            }
        }
    }
    async readBody(job) {
        let body;
        try {
            body = await node_fs__WEBPACK_IMPORTED_MODULE_0___default().promises.readFile(job.path);
        }
        catch (err) {
            throw new LocalOutputError(`local output ${job.path} is unreadable: ${err.message}`);
        }
        if (body.length !== job.size) {
            throw new LocalOutputError(`local output ${job.path} is ${body.length} bytes, expected ${job.size}`);
        }
        return body;
    }
}


/***/ }),

/***/ 2613:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("assert");

/***/ }),

/***/ 9140:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("constants");

/***/ }),

/***/ 4434:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("events");

/***/ }),

/***/ 9896:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs");

/***/ }),

/***/ 6698:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:async_hooks");

/***/ }),

/***/ 1421:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");

/***/ }),

/***/ 7598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 3024:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");

/***/ }),

/***/ 1455:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");

/***/ }),

/***/ 7067:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");

/***/ }),

/***/ 2467:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http2");

/***/ }),

/***/ 4708:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:https");

/***/ }),

/***/ 7030:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:net");

/***/ }),

/***/ 8161:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");

/***/ }),

/***/ 6760:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

/***/ }),

/***/ 1708:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:process");

/***/ }),

/***/ 7075:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream");

/***/ }),

/***/ 3136:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");

/***/ }),

/***/ 7975:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");

/***/ }),

/***/ 5919:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");

/***/ }),

/***/ 8522:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");

/***/ }),

/***/ 6928:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("path");

/***/ }),

/***/ 2203:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("stream");

/***/ }),

/***/ 9023:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("util");

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId].call(module.exports, module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/compat get default export */
/******/ (() => {
/******/ 	// getDefaultExport function for compatibility with non-harmony modules
/******/ 	__nccwpck_require__.n = (module) => {
/******/ 		var getter = module && module.__esModule ?
/******/ 			() => (module['default']) :
/******/ 			() => (module);
/******/ 		__nccwpck_require__.d(getter, { a: getter });
/******/ 		return getter;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/create fake namespace object */
/******/ (() => {
/******/ 	var getProto = Object.getPrototypeOf ? (obj) => (Object.getPrototypeOf(obj)) : (obj) => (obj.__proto__);
/******/ 	var leafPrototypes;
/******/ 	// create a fake namespace object
/******/ 	// mode & 1: value is a module id, require it
/******/ 	// mode & 2: merge all properties of value into the ns
/******/ 	// mode & 4: return value when already ns object
/******/ 	// mode & 16: return value when it's Promise-like
/******/ 	// mode & 8|1: behave like require
/******/ 	__nccwpck_require__.t = function(value, mode) {
/******/ 		if(mode & 1) value = this(value);
/******/ 		if(mode & 8) return value;
/******/ 		if(typeof value === 'object' && value) {
/******/ 			if((mode & 4) && value.__esModule) return value;
/******/ 			if((mode & 16) && typeof value.then === 'function') return value;
/******/ 		}
/******/ 		var ns = Object.create(null);
/******/ 		__nccwpck_require__.r(ns);
/******/ 		var def = {};
/******/ 		leafPrototypes = leafPrototypes || [null, getProto({}), getProto([]), getProto(getProto)];
/******/ 		for(var current = mode & 2 && value; typeof current == 'object' && !~leafPrototypes.indexOf(current); current = getProto(current)) {
/******/ 			Object.getOwnPropertyNames(current).forEach((key) => (def[key] = () => (value[key])));
/******/ 		}
/******/ 		def['default'] = () => (value);
/******/ 		__nccwpck_require__.d(ns, def);
/******/ 		return ns;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
var __webpack_exports__ = {};

// EXTERNAL MODULE: ./src/cacheprog/config.ts + 1 modules
var cacheprog_config = __nccwpck_require__(7483);
// EXTERNAL MODULE: ./src/cacheprog/redact.ts
var redact = __nccwpck_require__(4205);
;// CONCATENATED MODULE: ./src/cacheprog/log.ts

/** Warnings of one kind a process prints before it only counts them (see warnLimited). */
const WARN_LIMIT = 5;
/**
 * Logs to stderr only: stdout is the protocol channel to the go command. Every line loses the
 * user:password@ of any URL in it, whatever message (an SDK error, say) put it there.
 */
class Logger {
    debugEnabled;
    warned = new Set();
    limited = new Map();
    constructor(debugEnabled = false, write = (line) => process.stderr.write(line)) {
        this.debugEnabled = debugEnabled;
        this.write = (line) => write(line.includes('@') ? (0,redact/* redactUrlCredentials */.dE)(line) : line);
    }
    write;
    debug(message) {
        if (this.debugEnabled)
            this.write(`gobuildcache: debug: ${message}\n`);
    }
    info(message) {
        this.write(`gobuildcache: ${message}\n`);
    }
    warn(message) {
        this.write(`gobuildcache: warning: ${message}\n`);
    }
    /** One warning per key for the life of the process, however often the cause recurs. */
    warnOnce(key, message) {
        if (this.warned.has(key))
            return;
        this.warned.add(key);
        this.warn(message);
    }
    /**
     * At most `limit` warnings of one kind for the life of the process (verification rejects: a
     * tampered bucket would otherwise print one per object); the last one says more are counted,
     * and flushLimited() prints how many were held back.
     */
    warnLimited(kind, message, limit = WARN_LIMIT) {
        const count = (this.limited.get(kind) ?? 0) + 1;
        this.limited.set(kind, count);
        if (count < limit)
            this.warn(message);
        else if (count === limit)
            this.warn(`${message} (further ${kind} are counted, not printed)`);
    }
    /** One line per kind that went past its limit; call once at exit. */
    flushLimited(limit = WARN_LIMIT) {
        for (const [kind, count] of this.limited) {
            if (count > limit)
                this.warn(`${count - limit} more ${kind} were not printed (${count} in all)`);
        }
        this.limited.clear();
    }
    error(message) {
        this.write(`gobuildcache: error: ${message}\n`);
    }
}

// EXTERNAL MODULE: ./src/cacheprog/remote/create-backend.ts + 4 modules
var create_backend = __nccwpck_require__(2134);
// EXTERNAL MODULE: ./src/cacheprog/remote/scopes.ts
var scopes = __nccwpck_require__(724);
// EXTERNAL MODULE: ./src/cacheprog/serve.ts
var serve = __nccwpck_require__(5873);
// EXTERNAL MODULE: ./src/cacheprog/stats.ts
var cacheprog_stats = __nccwpck_require__(3697);
// EXTERNAL MODULE: ./src/cacheprog/store/local-store.ts
var local_store = __nccwpck_require__(2891);
// EXTERNAL MODULE: ./src/cacheprog/uploads/spool.ts
var uploads_spool = __nccwpck_require__(4912);
// EXTERNAL MODULE: ./src/cacheprog/uploads/upload-queue.ts
var upload_queue = __nccwpck_require__(3544);
;// CONCATENATED MODULE: ./src/cacheprog/uploads/drain.ts





/** Uploads everything the go processes left in the spool, within a deadline. */
async function drainSpool(config, options) {
    const spool = new uploads_spool/* Spool */.Q(config.spoolDir);
    // What killed servers still owed, from their journals, joins the spool first.
    const adopted = spool.adopt();
    if (adopted > 0)
        options.log(`recovered ${adopted} upload(s) from the journal of a server that did not finish`);
    const entries = spool.list((file, why) => options.log(`dropped unreadable spool entry ${file}: ${why}`));
    if (entries.length === 0)
        return { uploaded: 0, failed: 0, dropped: 0, remaining: 0 };
    const stats = options.stats ?? new cacheprog_stats/* Stats */.Uz(config.backend);
    const logger = new Logger(config.debug, (line) => options.log(line.trimEnd()));
    if (config.readOnly) {
        options.log(`read-only: leaving ${entries.length} spooled upload(s) in ${config.spoolDir}`);
        return { uploaded: 0, failed: 0, dropped: 0, remaining: entries.length };
    }
    const warn = options.warn ?? options.log;
    const backend = await (0,create_backend.createBackend)(config, { stats, warn, who: 'drain' });
    if (!backend) {
        options.log(`backend ${config.backend} has no remote: leaving ${entries.length} spooled upload(s) in ${config.spoolDir}`);
        return { uploaded: 0, failed: 0, dropped: 0, remaining: entries.length };
    }
    try {
        const before = stats.counters.uploads;
        const queue = new upload_queue/* UploadQueue */.v(backend, stats, logger, { concurrency: config.uploadConcurrency });
        const done = entries.map(async (entry) => {
            const outcome = await queue.add(entry);
            // Dropped: its local output is gone, or these credentials may not write (the store denied
            // it), so no later drain could upload it either; keeping it would fail every one of them.
            if (outcome !== 'failed')
                spool.remove(entry);
            return outcome === 'uploaded';
        });
        const all = Promise.all(done);
        const finished = await Promise.race([all, sleep(options.deadlineMs).then(() => undefined)]);
        const uploaded = finished ? finished.filter(Boolean).length : stats.counters.uploads - before;
        stats.add('drained', uploaded);
        const remaining = spool.count();
        const dropped = queue.denied.size;
        if (dropped > 0)
            options.log(`drain: dropped ${dropped} spooled upload(s) that these credentials may not write (the store denied it); they are rebuilt and uploaded by a job that may write`);
        if (!finished)
            options.log(`drain stopped at its ${options.deadlineMs} ms deadline with ${remaining} upload(s) left`);
        return { uploaded, failed: finished ? entries.length - uploaded - dropped : 0, dropped, remaining, timedOut: !finished };
    }
    finally {
        await backend.close().catch(() => { });
    }
}
function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

;// CONCATENATED MODULE: ./src/cacheprog/cli.ts








/** The command line: serve the protocol (the default) or one of the maintenance subcommands. */
async function main(argv) {
    let parsed;
    try {
        parsed = (0,cacheprog_config/* parseCommandLine */.Du)(argv);
    }
    catch (err) {
        if (!(err instanceof cacheprog_config/* ConfigError */.xL))
            throw err;
        process.stderr.write(`gobuildcache: error: ${err.message}\n`);
        process.exit(2);
    }
    const { config } = parsed;
    const log = new Logger(config.debug);
    switch (parsed.subcommand) {
        case 'serve':
            try {
                if (config.socket !== undefined)
                    await (await __nccwpck_require__.e(/* import() */ 933).then(__nccwpck_require__.bind(__nccwpck_require__, 3933))).runJobServer(config, log);
                else
                    (0,serve/* serve */.wX)(config, log);
            }
            catch (err) {
                log.error(err.message);
                process.exit(1);
            }
            return;
        case 'finish':
            await finishCommand(config, log);
            return;
        case 'help':
            // Not a GOCACHEPROG run: a person asked, so stdout is theirs.
            process.stdout.write(`${(0,cacheprog_config/* usage */.CI)()}\n`);
            return;
        case 'clear-local':
            clearLocal(config.cacheDir, log);
            return;
        case 'clear-remote':
            await clearRemote(parsed, log);
            return;
        case 'clear':
            clearLocal(config.cacheDir, log);
            await clearRemote(parsed, log);
            return;
        case 'drain':
            await drain(parsed, log);
            return;
        case 'prefetch':
            requireManifestKey(parsed);
            // Loaded here only: the serve path (every go command) never pays for these modules.
            await (await __nccwpck_require__.e(/* import() */ 112).then(__nccwpck_require__.bind(__nccwpck_require__, 2112))).runPrefetch(config, log);
            // Keep-alive sockets must not keep a detached prefetcher around after its work.
            process.exit(0);
        case 'save-manifest':
            await saveManifestCommand(requireManifestKey(parsed), config, log);
            process.exit(0);
        case 'normalize-mtimes':
            await normalizeMtimesCommand(log);
            return;
        case 'trim':
            await trim(config, log);
            return;
    }
}
/** Asks a job server to finish; exits 0 when it did (or was already gone), 1 when uploads are left over. */
async function finishCommand(config, log) {
    const { finishJobServer, readServerFile } = await __nccwpck_require__.e(/* import() */ 553).then(__nccwpck_require__.bind(__nccwpck_require__, 3553));
    const target = config.serverFile ? readServerFile(config.serverFile) : config.socket ? { socket: config.socket } : undefined;
    if (!target) {
        log.error('finish needs -socket or -server-file');
        process.exit(2);
    }
    const outcome = await finishJobServer(target, config.drainTimeoutMs + 30_000, config.drainTimeoutMs);
    log.info(`finish: ${outcome.message}`);
    process.exit(outcome.pending > 0 ? 1 : 0);
}
function requireManifestKey({ subcommand, config }) {
    if (!config.manifestKey) {
        process.stderr.write(`gobuildcache: error: ${subcommand} needs -manifest-key (or GOBUILDCACHE_MANIFEST_KEY)\n`);
        process.exit(2);
    }
    return config.manifestKey;
}
/** A manifest only speeds up the next run: failing to save one is a warning, never an exit code. */
async function saveManifestCommand(key, config, log) {
    const { saveManifest } = await __nccwpck_require__.e(/* import() */ 112).then(__nccwpck_require__.bind(__nccwpck_require__, 2112));
    try {
        const outcome = await saveManifest(config, key, (m) => log.info(m));
        if (outcome.saved)
            log.info(`save-manifest: saved ${outcome.ids} action ids as manifest ${outcome.key} (${(0,cacheprog_stats/* formatBytes */.z3)(outcome.bytes)})`);
        else
            log.info(`save-manifest: not saved: ${outcome.reason}`);
    }
    catch (err) {
        log.warn(`save-manifest failed: ${err.message}`);
    }
}
/** Like the action's step, never an exit code: at worst the next run's tests run again. */
async function normalizeMtimesCommand(log) {
    // Loaded here only, like the manifest commands: serve never pays for it.
    const { describeResult, normalizeMtimes } = await __nccwpck_require__.e(/* import() */ 542).then(__nccwpck_require__.bind(__nccwpck_require__, 2542));
    try {
        const result = normalizeMtimes(process.cwd(), { notice: (m) => log.info(m) });
        if (result.normalized)
            log.info(describeResult(result));
    }
    catch (err) {
        log.warn(`normalize-mtimes failed: ${err.message}`);
    }
}
async function trim(config, log) {
    if (config.cacheMaxBytes <= 0) {
        log.error(`trim needs a size cap: ${(0,cacheprog_config/* describeSetting */.w5)('cacheMaxSize')}, e.g. 10GiB`);
        process.exit(2);
    }
    // Loaded here only: the serve path never pays for it.
    const { describeTrim, trimLocalCache } = await __nccwpck_require__.e(/* import() */ 742).then(__nccwpck_require__.bind(__nccwpck_require__, 3742));
    const result = await trimLocalCache(config.cacheDir, config.cacheMaxBytes);
    log.info(describeTrim(config.cacheDir, config.cacheMaxBytes, result));
}
function clearLocal(dir, log) {
    new local_store/* LocalStore */.Vs(dir).clear();
    log.info(`cleared the local cache ${dir}`);
}
async function clearRemote({ config, yes }, log) {
    if (!config.s3) {
        log.error('clear-remote needs -backend s3 and -s3-bucket');
        process.exit(2);
    }
    if (config.s3.prefix === '' && !yes) {
        log.error(`refusing to delete every object in bucket ${config.s3.bucket}: the prefix is empty; pass -yes to confirm`);
        process.exit(2);
    }
    const backend = await (0,create_backend.createBackend)({ ...config, readOnly: false }, { warn: (m) => log.warn(m) });
    try {
        const deleted = (await backend?.clear()) ?? 0;
        // With -scope, only that scope's objects: a scoped writer may be allowed nothing else.
        const scope = config.scopes ? `${scopes/* SCOPES_DIR */.iU}${config.scopes.write}/` : '';
        log.info(`deleted ${deleted} object(s) under s3://${config.s3.bucket}/${config.s3.prefix}${scope}`);
    }
    catch (err) {
        log.error(`clear-remote failed: ${err.message}`);
        process.exit(1);
    }
    finally {
        await backend?.close();
    }
}
async function drain({ config }, log) {
    const result = await drainSpool(config, { deadlineMs: config.drainTimeoutMs, log: (m) => log.info(m), warn: (m) => log.warn(m) });
    const dropped = result.dropped > 0 ? `, ${result.dropped} dropped (writes denied)` : '';
    log.info(`drain: ${result.uploaded} uploaded, ${result.failed} failed${dropped}, ${result.remaining} left in ${config.spoolDir}`);
    process.exit(result.remaining === 0 ? 0 : 1);
}

;// CONCATENATED MODULE: ./src/cacheprog/index.ts

main(process.argv.slice(2)).catch((err) => {
    process.stderr.write(`gobuildcache: error: ${err.stack ?? String(err)}\n`);
    process.exit(1);
});

