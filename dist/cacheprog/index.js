import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 1758:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  l: () => (/* binding */ Cache)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(3024);
var external_node_fs_default = /*#__PURE__*/__nccwpck_require__.n(external_node_fs_);
;// CONCATENATED MODULE: ./src/cacheprog/remote-lookups.ts
/** A lookup slower than this costs more than compiling a typical package. */
const SLOW_LOOKUP_MS = 1_000;
/** Of go's last LOOKUP_WINDOW lookups, SLOW_LOOKUPS slow ones turn lookups off: one slow cold start does not. */
const LOOKUP_WINDOW = 8;
const SLOW_LOOKUPS = 3;
/**
 * go's waits on the remote, and the rule that stops them: a remote slower than compiling makes
 * every miss (and hit) cost more than building it. Once SLOW_LOOKUPS of go's last LOOKUP_WINDOW
 * lookups were slow, lookups skip the remote for the rest of this process, with one warning, and
 * the gets still waiting are answered as misses. Uploads go on, so the next run still finds this
 * one's work. (The prefetcher's downloads are not timed: go does not wait for them.)
 */
class RemoteLookups {
    deps;
    /** Whether each of go's last lookups was slow. */
    recent = [];
    skipping = false;
    /** go's gets waiting on the remote, by action: answered as misses once their lookup is slow. */
    waiters = new Map();
    constructor(deps) {
        this.deps = deps;
    }
    /** Whether lookups skip a remote slower than compiling. */
    get bypassed() {
        return this.skipping;
    }
    /**
     * Times one lookup of go's, started now. Slow as soon as it has waited SLOW_LOOKUP_MS, not when
     * it ends. If an earlier lookup was slow too, go stops waiting for it then: compiling is cheaper
     * than waiting on, and the download still lands for later. One slow lookup alone (a loaded
     * machine) is waited for.
     */
    time(actionId) {
        const started = performance.now();
        let slow = false;
        const timer = setTimeout(() => {
            slow = true;
            const suspect = this.recent.some(Boolean);
            this.note(true);
            if (suspect)
                this.release(actionId);
        }, SLOW_LOOKUP_MS);
        return {
            done: () => {
                clearTimeout(timer);
                if (!slow)
                    this.note(performance.now() - started >= SLOW_LOOKUP_MS);
            },
        };
    }
    /** go's wait for a lookup, cut short (undefined: a miss) when the lookup turns slow or lookups are turned off. */
    wait(actionId, lookup) {
        return new Promise((resolve, reject) => {
            const release = () => resolve(undefined);
            const waiters = this.waiters.get(actionId) ?? new Set();
            this.waiters.set(actionId, waiters.add(release));
            lookup.then(resolve, reject).finally(() => {
                waiters.delete(release);
                if (waiters.size === 0 && this.waiters.get(actionId) === waiters)
                    this.waiters.delete(actionId);
            });
        });
    }
    note(slow) {
        this.recent.push(slow);
        if (this.recent.length > LOOKUP_WINDOW)
            this.recent.shift();
        const slowOnes = this.recent.filter(Boolean).length;
        if (this.skipping || slowOnes < SLOW_LOOKUPS)
            return;
        this.skipping = true;
        this.deps.stats.add('remoteBypassed');
        // A remote the circuit breaker already switched off (one warning) fails fast from now on anyway.
        if (this.deps.stats.counters.remoteDisabled === 0)
            this.deps.log.warn(`${slowOnes} of the last ${this.recent.length} remote lookups took over ${SLOW_LOOKUP_MS} ms, longer than building most packages: lookups skip the remote from now on (uploads go on)`);
        for (const actionId of [...this.waiters.keys()])
            this.release(actionId);
    }
    release(actionId) {
        const waiters = this.waiters.get(actionId);
        this.waiters.delete(actionId);
        for (const release of waiters ?? [])
            release();
    }
}

// EXTERNAL MODULE: ./src/cacheprog/uploads/pending.ts
var pending = __nccwpck_require__(3764);
// EXTERNAL MODULE: ./src/cacheprog/uploads/spool.ts
var uploads_spool = __nccwpck_require__(4912);
// EXTERNAL MODULE: ./src/cacheprog/uploads/upload-queue.ts
var upload_queue = __nccwpck_require__(3544);
;// CONCATENATED MODULE: ./src/cacheprog/uploads/owed-uploads.ts



/**
 * What a cache that writes to the remote owes it: each stored put is in the journal before go
 * hears it was stored, then queued (or, without -async-backend, uploaded before go hears it);
 * at the end, whatever the wait did not finish goes to the spool for the post step's drain.
 */
class OwedUploads {
    deps;
    journal;
    uploads;
    constructor(deps) {
        this.deps = deps;
        this.journal = new pending/* UploadJournal */.PS(deps.config.spoolDir);
    }
    /** Owed to the remote from here on: in the journal before the put is answered, then queued. */
    async add(pending) {
        this.journal.add(pending);
        const settle = (outcome) => {
            if (outcome !== 'failed')
                this.journal.done(pending);
        };
        if (this.deps.config.asyncBackend) {
            void this.queue().then((queue) => queue?.add(pending).then(settle));
            return;
        }
        const queue = await this.queue();
        if (queue)
            settle(await queue.uploadNow(pending));
    }
    queue() {
        this.uploads ??= this.deps.backend().then((backend) => backend
            ? new upload_queue/* UploadQueue */.v(backend, this.deps.stats, this.deps.log, {
                concurrency: this.deps.config.uploadConcurrency,
            })
            : undefined);
        return this.uploads;
    }
    /** Uploads still owed. */
    get size() {
        return this.journal.size;
    }
    /** Waits for uploads up to `uploadWaitMs` and hands what is still owed to the spool for the post step's drain. Once. */
    async finish(uploadWaitMs) {
        const { stats, log, config } = this.deps;
        const queue = this.uploads ? await this.uploads : undefined;
        stats.add('uploadsPendingAtClose', this.journal.size);
        if (queue && queue.pending > 0) {
            log.debug(`waiting up to ${uploadWaitMs} ms for ${queue.pending} upload(s)`);
            await queue.waitIdle(uploadWaitMs);
        }
        const left = this.journal.list();
        if (left.length > 0) {
            const spool = new uploads_spool/* Spool */.Q(config.spoolDir);
            for (const pending of left)
                spool.add(pending);
            stats.add('spooled', left.length);
            log.info(`${left.length} upload(s) not finished were saved to the spool ${config.spoolDir}; run "drain" (the action's post step does) to upload them`);
        }
        this.journal.remove();
    }
}

;// CONCATENATED MODULE: ./src/cacheprog/cache.ts



/** Downloads of bodies this big go to disk as they arrive (see BodySpill); smaller ones are cheaper in memory. */
const SPILL_BYTES = 4 * 1024 * 1024;
/**
 * The cache behind every session of a process: the local store with an in-memory index in front,
 * the remote (one fetch-verify-store path for go's gets and the prefetcher, go's waits on it timed
 * by RemoteLookups), the actions known to be absent remotely, and the uploads it owes
 * (OwedUploads: journal, queue, spool). In a job server one of these serves every go command of
 * the job; in per-process mode, one go command.
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
    lookups;
    /** undefined for a cache that writes nothing to a remote. */
    owed;
    finished;
    constructor(deps) {
        this.deps = deps;
        this.lookups = new RemoteLookups(deps);
        // Read-only is decided once, here: a read-only cache owes the remote nothing.
        const writes = deps.config.backend !== 'disk' && !deps.config.readOnly;
        this.owed = writes ? new OwedUploads(deps) : undefined;
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
        if (known && external_node_fs_default().statSync(known.diskPath, { throwIfNoEntry: false })?.size === known.size)
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
        const outcome = await this.lookups.wait(actionId, this.fetch(actionId, this.deps.config.remoteTimeoutMs, undefined, true));
        if (outcome?.kind === 'fetched' || outcome?.kind === 'local') {
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
                return entry
                    ? Promise.resolve({ kind: 'local', entry })
                    : this.fetchRemote(actionId, lockWaitMs, signal, goWaits);
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
        const settled = arrival
            .then(() => { }, () => { })
            .finally(() => this.arrivals.delete(actionId));
        this.arrivals.set(actionId, settled);
    }
    /** Whether a download of this entry alone is under way (a pack part that brings it too can skip it). */
    isDownloading(actionId) {
        return this.downloading.has(actionId);
    }
    /** Big downloads stream into the store, hashed as they land, instead of into memory. */
    spill = {
        minBytes: SPILL_BYTES,
        open: (meta) => this.deps.store.beginOutput(meta.outputId, meta.size),
    };
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
        if (this.absent.has(actionId) || this.lookups.bypassed)
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
            const lookup = goWaits ? this.lookups.time(actionId) : undefined;
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
                lookup?.done();
                stats.time('remoteGet', started);
            }
            if (!remote) {
                this.absent.add(actionId);
                return { kind: 'absent' };
            }
            const meta = { outputId: remote.outputId, size: remote.size, time: remote.time };
            // A spilled body is already in place (written by the store's verifying writer).
            const entry = remote.spilled
                ? this.stored(actionId, this.deps.store.putEntry(actionId, meta))
                : this.adopt(actionId, meta, remote.body);
            stats.add('bytesDownloaded', remote.transferredBytes);
            return { kind: 'fetched', entry, transferredBytes: remote.transferredBytes };
        }
        finally {
            await lock.release();
        }
    }
    /** Whether lookups skip a remote slower than compiling (see RemoteLookups). */
    get remoteBypassed() {
        return this.lookups.bypassed;
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
                await this.owed?.add({ actionId, outputId, size, time: entry.time.toISOString(), path: entry.diskPath });
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
    /** Uploads still owed. */
    get pendingUploads() {
        return this.owed?.size ?? 0;
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
        this.finished ??= (async () => {
            this.deps.log.flushLimited();
            await this.owed?.finish(uploadWaitMs);
        })();
        return this.finished;
    }
}


/***/ }),

/***/ 7050:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Du: () => (/* binding */ parseCommandLine),
/* harmony export */   Ih: () => (/* binding */ remoteLocation),
/* harmony export */   j8: () => (/* binding */ parseSocketAddress),
/* harmony export */   xL: () => (/* reexport safe */ _settings_parse_js__WEBPACK_IMPORTED_MODULE_3__.xL)
/* harmony export */ });
/* unused harmony export SUBCOMMANDS */
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_os__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(7975);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__nccwpck_require__.n(node_util__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _settings_parse_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(5653);
/* harmony import */ var _settings_table_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(2221);
/* harmony import */ var _remote_scopes_js__WEBPACK_IMPORTED_MODULE_5__ = __nccwpck_require__(724);






// The parsers live with the settings table; these names are what the rest of the server imports.

/** Where a remote backend's objects live, for messages: s3://bucket/prefix/ or gs://bucket/prefix/. */
function remoteLocation(config) {
    if (config.s3)
        return `s3://${config.s3.bucket}/${config.s3.prefix}`;
    if (config.gcs)
        return `gs://${config.gcs.bucket}/${config.gcs.prefix}`;
    return undefined;
}
const SUBCOMMANDS = [
    'serve',
    'finish',
    'clear-local',
    'clear-remote',
    'clear',
    'drain',
    'prefetch',
    'save-manifest',
    'normalize-mtimes',
    'trim',
    'help',
];
/**
 * Go's flag package takes `-name`, `--name`, `-name=value` and `-name value`, and booleans as
 * `-name` or `-name=false`. Rewrite to what node's parseArgs accepts with every option a string.
 */
function normalizeArgs(argv) {
    const booleans = new Set(FLAGS.filter((s) => s.boolean).map((s) => s.flag));
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
const FLAGS = Object.values(_settings_table_js__WEBPACK_IMPORTED_MODULE_4__/* .SETTINGS */ .yy).filter((s) => s.flag !== undefined);
function parseCommandLine(argv, env = process.env) {
    const options = Object.fromEntries(FLAGS.map((s) => [s.flag, { type: 'string' }]));
    let parsed;
    try {
        parsed = (0,node_util__WEBPACK_IMPORTED_MODULE_2__.parseArgs)({ args: normalizeArgs(argv), options, allowPositionals: true, strict: true });
    }
    catch (err) {
        throw new _settings_parse_js__WEBPACK_IMPORTED_MODULE_3__/* .ConfigError */ .xL(`${err.message}; run with "help" to list the flags`);
    }
    const positionals = parsed.positionals;
    if (positionals.length > 1)
        throw new _settings_parse_js__WEBPACK_IMPORTED_MODULE_3__/* .ConfigError */ .xL(`expected one subcommand, got "${positionals.join(' ')}"`);
    const sub = positionals[0] ?? 'serve';
    if (!SUBCOMMANDS.includes(sub)) {
        throw new _settings_parse_js__WEBPACK_IMPORTED_MODULE_3__/* .ConfigError */ .xL(`unknown subcommand "${sub}" (expected one of: ${SUBCOMMANDS.join(', ')})`);
    }
    const flags = parsed.values;
    const raw = (name) => {
        const s = _settings_table_js__WEBPACK_IMPORTED_MODULE_4__/* .SETTINGS */ .yy[name];
        return flags[s.flag] ?? (0,_settings_table_js__WEBPACK_IMPORTED_MODULE_4__/* .readEnv */ .sx)(env, s.env);
    };
    // Parsed when asked for only: a setting the run does not use (an S3 endpoint with -backend disk) is never an error.
    const get = (name) => {
        const s = _settings_table_js__WEBPACK_IMPORTED_MODULE_4__/* .SETTINGS */ .yy[name];
        const text = raw(name) ?? s.default;
        return text === undefined ? undefined : s.parse(text, (0,_settings_table_js__WEBPACK_IMPORTED_MODULE_4__/* .describeSetting */ .w5)(name));
    };
    return { subcommand: sub, config: buildConfig(raw, get), yes: get('yes') };
}
function buildConfig(raw, get) {
    const backend = get('backend');
    const base = node_path__WEBPACK_IMPORTED_MODULE_1___default().join(node_os__WEBPACK_IMPORTED_MODULE_0___default().tmpdir(), 'gobuildcache');
    const cacheDir = get('cacheDir') ?? node_path__WEBPACK_IMPORTED_MODULE_1___default().join(base, 'cache');
    const config = {
        backend,
        cacheDir,
        sharedCacheDir: raw('sharedCacheDir') ? get('sharedCacheDir') : undefined,
        cacheMaxBytes: get('cacheMaxSize'),
        lockDir: get('lockDir') ?? node_path__WEBPACK_IMPORTED_MODULE_1___default().join(base, 'locks'),
        lockType: get('lockType'),
        spoolDir: get('spoolDir') ?? node_path__WEBPACK_IMPORTED_MODULE_1___default().join(cacheDir, 'spool'),
        statsDir: get('statsDir'),
        debug: get('debug'),
        printStats: get('printStats'),
        readOnly: get('readOnly'),
        compression: get('compression'),
        asyncBackend: get('asyncBackend'),
        errorRate: get('errorRate'),
        uploadWaitMs: get('uploadWait'),
        drainTimeoutMs: get('drainTimeout'),
        remoteTimeoutMs: get('remoteTimeout'),
        uploadConcurrency: get('uploadConcurrency'),
        manifestKey: get('manifestKey'),
        manifestRestoreKeys: get('manifestRestoreKeys') ?? [],
        prefetchConcurrency: get('prefetchConcurrency'),
        prefetchTimeoutMs: get('prefetchTimeout'),
        pack: get('pack'),
        listKeys: get('listKeys'),
        socket: get('socket'),
        serverFile: get('serverFile'),
        statsFile: get('statsFile'),
    };
    config.scopes = parseScopes(get, raw('readScopes'));
    if (config.socket !== undefined)
        parseSocketAddress(config.socket, (0,_settings_table_js__WEBPACK_IMPORTED_MODULE_4__/* .describeSetting */ .w5)('socket'));
    if (backend === 's3') {
        const bucket = get('s3Bucket');
        if (!bucket)
            throw new _settings_parse_js__WEBPACK_IMPORTED_MODULE_3__/* .ConfigError */ .xL(`${(0,_settings_table_js__WEBPACK_IMPORTED_MODULE_4__/* .describeSetting */ .w5)('s3Bucket')} is required with -backend s3`);
        config.s3 = {
            bucket,
            prefix: get('s3Prefix'),
            region: get('s3Region'),
            endpoint: get('s3Endpoint'),
            pathStyle: get('s3PathStyle'),
            // Every object carries its own size and sha256, checked before go sees it, so the SDK's
            // CRC32 (pure JS, on every GET and PUT) only costs CPU; some non-AWS stores reject it too.
            checksumWhenRequired: get('s3ChecksumWhenRequired'),
            directRequests: get('s3DirectRequests'),
        };
    }
    if (backend === 'gcs') {
        const bucket = get('gcsBucket');
        if (!bucket)
            throw new _settings_parse_js__WEBPACK_IMPORTED_MODULE_3__/* .ConfigError */ .xL(`${(0,_settings_table_js__WEBPACK_IMPORTED_MODULE_4__/* .describeSetting */ .w5)('gcsBucket')} is required with -backend gcs`);
        config.gcs = { bucket, prefix: get('gcsPrefix') };
    }
    return config;
}
/** -read-scopes means nothing without -scope: a reader reads its own scope first. */
function parseScopes(get, readScopes) {
    const write = get('scope');
    if (write === undefined) {
        if (get('readScopes')?.length)
            throw new _settings_parse_js__WEBPACK_IMPORTED_MODULE_3__/* .ConfigError */ .xL(`${(0,_settings_table_js__WEBPACK_IMPORTED_MODULE_4__/* .describeSetting */ .w5)('readScopes')} needs ${(0,_settings_table_js__WEBPACK_IMPORTED_MODULE_4__/* .describeSetting */ .w5)('scope')}: a reader reads its own scope first`);
        return undefined;
    }
    return (0,_remote_scopes_js__WEBPACK_IMPORTED_MODULE_5__/* .makeScopes */ .CZ)(write, (0,_settings_parse_js__WEBPACK_IMPORTED_MODULE_3__/* .parseScopeNames */ .iW)(readScopes ?? '', (0,_settings_table_js__WEBPACK_IMPORTED_MODULE_4__/* .describeSetting */ .w5)('readScopes')));
}
/**
 * A job server's address: `unix:/abs/path` (or just the absolute path), where the socket's
 * directory keeps other users out; or `tcp:127.0.0.1:PORT` (port 0 picks one), loopback only,
 * for platforms without Unix sockets: clients then present the token from the server file.
 */
function parseSocketAddress(value, what = 'socket') {
    const unix = value.startsWith('unix:') ? value.slice(5) : value;
    if (node_path__WEBPACK_IMPORTED_MODULE_1___default().isAbsolute(unix))
        return { kind: 'unix', path: node_path__WEBPACK_IMPORTED_MODULE_1___default().normalize(unix) };
    const tcp = /^tcp:(127\.0\.0\.1|localhost|\[::1\]):(\d{1,5})$/.exec(value);
    if (tcp && Number(tcp[2]) <= 65535)
        return { kind: 'tcp', host: tcp[1] === '[::1]' ? '::1' : tcp[1], port: Number(tcp[2]) };
    throw new _settings_parse_js__WEBPACK_IMPORTED_MODULE_3__/* .ConfigError */ .xL(what, `"${value}" is not unix:/absolute/path or tcp:127.0.0.1:PORT (loopback only)`);
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
    const field = (name) => asDeclared || Object.hasOwn(object, name) ? object[name] : lower().get(name.toLowerCase());
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
        const rest = {
            OutputID: hexToBase64(entry.outputId),
            Size: entry.size,
            Time: entry.time.toISOString(),
            DiskPath: entry.diskPath,
        };
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
        return [url.username, url.password]
            .filter((v) => v !== '')
            .flatMap((v) => {
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

/***/ 2076:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   CG: () => (/* binding */ encodeObject),
/* harmony export */   T5: () => (/* binding */ objectKey),
/* harmony export */   WA: () => (/* binding */ readObjectHead),
/* harmony export */   ZL: () => (/* binding */ readObjectFrame),
/* harmony export */   eL: () => (/* binding */ encodeObjectParts),
/* harmony export */   gv: () => (/* binding */ decodeObject),
/* harmony export */   w9: () => (/* binding */ LAYOUT_VERSION),
/* harmony export */   wt: () => (/* binding */ decodePayloadSync)
/* harmony export */ });
/* unused harmony exports MAGIC, MIN_COMPRESS_BYTES, decodePayload */
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
    const options = {
        level: 1,
        chunkSize: Math.min(Math.max((node_zlib__WEBPACK_IMPORTED_MODULE_1___default().constants).Z_DEFAULT_CHUNK, body.length + 1024), MAX_GZIP_CHUNK),
    };
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

/***/ 171:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  d: () => (/* binding */ openRemote),
  t: () => (/* binding */ startRemote)
});

// EXTERNAL MODULE: ./src/cacheprog/remote/backend.ts
var backend = __nccwpck_require__(3345);
;// CONCATENATED MODULE: ./src/util/text.ts
// Small text helpers shared by the action's steps and the server.
/** An error's message, or the thrown value as text. */
function errorMessage(err) {
    return err instanceof Error ? err.message : String(err);
}
/** Ends a reason with a full stop so another sentence can follow it. */
function sentence(text) {
    const t = text.trim();
    return /[.!?]$/.test(t) ? t : `${t}.`;
}

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
                this.open(`remote check failed: ${errorMessage(err)}`);
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
            this.open(`the remote still fails after ${Math.round(this.coolDownMs / 1000)} s: ${errorMessage(err)}`);
            return;
        }
        if (this.openedAt !== undefined)
            return;
        this.consecutiveFailures++;
        if (this.consecutiveFailures >= this.threshold) {
            this.open(`${this.consecutiveFailures} remote requests failed in a row, the last with: ${errorMessage(err)}`);
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

// EXTERNAL MODULE: ./src/cacheprog/protocol/types.ts
var types = __nccwpck_require__(7802);
// EXTERNAL MODULE: ./src/cacheprog/remote/object-format.ts
var object_format = __nccwpck_require__(2076);
// EXTERNAL MODULE: ./src/cacheprog/remote/spill-sink.ts + 1 modules
var spill_sink = __nccwpck_require__(5819);
;// CONCATENATED MODULE: ./src/cacheprog/remote/entry-backend.ts



/** Where entries live under a store's prefix: one object per action id (see object-format.ts). */
const ENTRY_DIR = `${object_format/* LAYOUT_VERSION */.w9}/`;
/**
 * The cache entries of an object store: one self-describing object per action id, encoded and
 * decoded by object-format.ts, whatever the provider behind the store. Verification, scopes and
 * the rest are decorators around it (see open-remote.ts).
 */
class EntryBackend {
    store;
    options;
    name;
    constructor(store, options) {
        this.store = store;
        this.options = options;
        this.name = store.name;
    }
    /** The entries under <prefix><subPrefix> (a trust scope), on the same connections. */
    view(subPrefix) {
        return new EntryBackend(this.store.view(subPrefix), this.options);
    }
    async get(actionId, signal, spill) {
        const key = (0,object_format/* objectKey */.T5)('', actionId);
        let sink;
        // A new sink per answer: a request retried on another path starts over.
        const sinkFor = spill &&
            ((length) => (sink = new spill_sink/* SpillSink */.Q(actionId, spill, length, `remote object for action ${actionId.slice(0, 16)}…`)));
        let raw;
        try {
            raw = await this.store.get(key, { signal, sink: sinkFor });
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
    async put(actionId, meta, body, signal) {
        const key = (0,object_format/* objectKey */.T5)('', actionId);
        // Header and payload go out one after the other: a big output is never copied to join them.
        const parts = await (0,object_format/* encodeObjectParts */.eL)(actionId, meta, body, { compression: this.options.compression });
        return this.store.put(key, parts, signal);
    }
    check(signal) {
        return this.store.check(signal);
    }
    /** A read of an entry key that none has: proves objects may be read, which check() cannot. */
    probe(signal) {
        return this.store.probe((0,object_format/* objectKey */.T5)('', '0'.repeat(64)), signal);
    }
    /** Deletes every object under the prefix (entries, manifests, packs), page by page, and nothing else. */
    async clear() {
        let deleted = 0;
        for await (const page of this.store.list('', { maintenance: true })) {
            if (page.length > 0)
                deleted += await this.store.delete(page.map((o) => o.key));
        }
        return deleted;
    }
    /**
     * Every action id stored under the prefix, listed in parallel shards by the first hex digit
     * where the store lists by any prefix (else one lister walks it all). Undefined when the
     * listing passes `cap` ids: a bucket that big is asked key by key.
     */
    async listActionIds(cap, signal) {
        const shards = this.store.listsAnyPrefix ? [...'0123456789abcdef'].map((c) => `${ENTRY_DIR}${c}`) : [ENTRY_DIR];
        const ids = new Set();
        let over = false;
        await Promise.all(shards.map(async (shard) => {
            for await (const page of this.store.list(shard, { signal })) {
                for (const { key } of page) {
                    const id = key.slice(ENTRY_DIR.length);
                    if (types/* HEX_ID */.m.test(id))
                        ids.add(id);
                }
                if (ids.size > cap)
                    over = true;
                if (over)
                    break;
            }
        }));
        return over ? undefined : ids;
    }
    close() {
        return this.store.close();
    }
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

;// CONCATENATED MODULE: ./src/cacheprog/remote/listed.ts

/**
 * What the bucket held when the job server started, listed once: a get for an action that was
 * not there (and not uploaded since by this job) is a miss without a round trip, so a populating
 * run pays no remote lookup per compile. Until the listing arrives, and when the bucket was too
 * big to list, every get asks the bucket. An entry another job uploads meanwhile is missed: that
 * costs a compile, never a wrong result.
 */
class ListedBackend extends backend/* BackendDecorator */.m {
    stats;
    known;
    constructor(inner, listing, stats) {
        super(inner);
        this.stats = stats;
        void listing.then((ids) => (this.known = ids), () => { });
    }
    get(actionId, signal, spill) {
        if (this.known && !this.known.has(actionId)) {
            this.stats?.add('listedAbsent');
            return Promise.resolve(undefined);
        }
        return this.inner.get(actionId, signal, spill);
    }
    async put(actionId, meta, body, signal) {
        const result = await this.inner.put(actionId, meta, body, signal);
        this.known?.add(actionId);
        return result;
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

// EXTERNAL MODULE: ./src/cacheprog/remote/scopes.ts
var remote_scopes = __nccwpck_require__(724);
// EXTERNAL MODULE: ./src/cacheprog/remote/verifying.ts
var verifying = __nccwpck_require__(6866);
;// CONCATENATED MODULE: ./src/cacheprog/remote/open-remote.ts







/**
 * The one place a remote is opened. Resolves undefined for a backend without one (disk), and
 * loads the provider's code (the AWS SDK, Google's storage client) only when there is one: call it after go's handshake.
 * The entries go through this chain, outermost first:
 *   [listed ▶] circuit breaker ▶ verifying ▶ [fault injection] ▶ read-only ▶ [scopes ▶ views] ▶ entries ▶ object store.
 * The breaker sits outside verification so that a corrupt object (an answer) never counts as
 * an outage, and injected faults sit inside it so -error-rate exercises the breaker too.
 * Read-only sits innermost, where it sees the store's own answer to a put: -read-only, or a
 * denied write that switches writes off (see ReadOnlyBackend).
 */
async function openRemote(config, hooks) {
    const objects = await openObjectStore(config, hooks);
    if (objects === undefined)
        return undefined;
    const entries = new EntryBackend(objects, { compression: config.compression });
    let backend = backendChain(entries, config, hooks);
    if (hooks.listCap !== undefined)
        backend = new ListedBackend(backend, listReadable(entries, config.scopes, hooks.listCap, hooks), hooks.stats);
    const writer = config.scopes ? entries.view((0,remote_scopes/* scopeDir */.UW)(config.scopes.write)) : entries;
    return {
        backend,
        objects,
        checkAccess: async (signal) => {
            await entries.check(signal);
            await writer.probe(signal);
        },
        close: () => backend.close(),
    };
}
/**
 * openRemote for a cache server, which must build whatever happens: a remote that cannot be set
 * up is one warning and a build on the local cache. Checks the remote at once, which warms the
 * connection (and an S3 Express session) beside the first request; a failed check opens the
 * circuit breaker, which warns once.
 */
function startRemote(config, hooks) {
    const remote = openRemote(config, hooks).catch((err) => {
        hooks.warn(`remote cache disabled: ${err.message}; building with the local cache only`);
        hooks.stats.add('remoteDisabled');
        return undefined;
    });
    void remote.then((r) => r?.backend.check().catch(() => { }));
    return remote;
}
/** The provider's object store under the cache prefix; sends nothing. */
async function openObjectStore(config, hooks) {
    const remoteTimeoutMs = config.remoteTimeoutMs;
    switch (config.backend) {
        case 'disk':
            return undefined;
        case 's3': {
            if (config.s3 === undefined)
                throw new Error('backend s3 needs an S3 configuration (-s3-bucket)');
            // On Node < 22 the SDK prints a 7-line support notice into the stderr of every go command;
            // it is not about the build (the action runs node24), so keep go's output to our one warning.
            process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
            const { openS3Store } = await Promise.all(/* import() */[__nccwpck_require__.e(711), __nccwpck_require__.e(568)]).then(__nccwpck_require__.bind(__nccwpck_require__, 4568));
            return openS3Store({ s3: config.s3, remoteTimeoutMs, warn: hooks.warn, env: hooks.env });
        }
        case 'gcs': {
            if (config.gcs === undefined)
                throw new Error('backend gcs needs a GCS configuration (-gcs-bucket)');
            const { openGcsStore } = await Promise.all(/* import() */[__nccwpck_require__.e(665), __nccwpck_require__.e(62)]).then(__nccwpck_require__.bind(__nccwpck_require__, 2062));
            return openGcsStore({ gcs: config.gcs, remoteTimeoutMs, env: hooks.env });
        }
    }
}
/** Wraps the entries in the decorators of openRemote; closing the chain closes the store. */
function backendChain(entries, config, hooks) {
    const who = hooks.who ?? 'go command';
    const scoped = config.scopes
        ? new remote_scopes/* ScopedBackend */.Jt(entries, (0,remote_scopes/* scopeViews */.tl)(entries, config.scopes), config.scopes)
        : entries;
    let chain = new ReadOnlyBackend(scoped, {
        configured: config.readOnly,
        onWritesDenied: (reason) => {
            hooks.stats?.add('writesDenied');
            hooks.warn(`uploads to ${entries.name} are off for this ${who}: these credentials may read but not write (${reason}); reads continue`);
        },
    });
    if (config.errorRate > 0)
        chain = new FaultInjectionBackend(chain, config.errorRate);
    chain = new verifying/* VerifyingBackend */.WM(chain);
    return new CircuitBreakerBackend(chain, {
        ...hooks.breaker,
        onOpen: (reason) => {
            hooks.stats?.add('remoteDisabled');
            hooks.warn(`remote cache ${entries.name} disabled for this ${who}: ${reason}; continuing with the local cache only`);
        },
    });
}
/**
 * Every action id in the scopes this process reads (unscoped: under the prefix); undefined past
 * `cap` or when the listing fails, so that every get asks the remote.
 */
async function listReadable(entries, scopes, cap, hooks) {
    const started = performance.now();
    try {
        const lists = await Promise.all((scopes ? (0,remote_scopes/* scopeViews */.tl)(entries, scopes).map((v) => v.store) : [entries]).map((e) => e.listActionIds(cap)));
        const union = new Set();
        for (const ids of lists) {
            if (ids === undefined)
                return tooMany();
            for (const id of ids)
                union.add(id);
        }
        if (union.size > cap)
            return tooMany();
        hooks.debug?.(`listed ${union.size} keys in ${Math.round(performance.now() - started)} ms`);
        return union;
    }
    catch (err) {
        hooks.debug?.(`listing the bucket failed (${err.message}); every miss asks the bucket`);
        return undefined;
    }
    function tooMany() {
        hooks.debug?.(`more than ${cap} keys: not listing`);
        return undefined;
    }
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
/* harmony export */   iU: () => (/* binding */ SCOPES_DIR),
/* harmony export */   tl: () => (/* binding */ scopeViews)
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
/** The read scopes (the write scope first) as views of one store or backend, in the order they are read. */
function scopeViews(root, scopes) {
    return scopes.read.map((scope) => ({ scope, store: root.view(scopeDir(scope)) }));
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

/***/ 5819:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  $: () => (/* binding */ MemorySink),
  Q: () => (/* binding */ SpillSink)
});

// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __nccwpck_require__(8522);
var external_node_zlib_default = /*#__PURE__*/__nccwpck_require__.n(external_node_zlib_);
// EXTERNAL MODULE: ./src/cacheprog/remote/backend.ts
var backend = __nccwpck_require__(3345);
;// CONCATENATED MODULE: ./src/cacheprog/remote/body-sink.ts
/**
 * Collects a response body: into one buffer of the announced length when there is one (a big
 * object then costs its size once, not chunks plus their joined copy), else chunk by chunk.
 */
class BodySink {
    whole;
    filled = 0;
    chunks = [];
    constructor(expectedLength) {
        this.whole =
            Number.isSafeInteger(expectedLength) && expectedLength > 0 ? Buffer.allocUnsafe(expectedLength) : undefined;
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

// EXTERNAL MODULE: ./src/cacheprog/remote/object-format.ts
var object_format = __nccwpck_require__(2076);
;// CONCATENATED MODULE: ./src/cacheprog/remote/spill-sink.ts




/** A BodySink as a ResponseSink: the whole body in memory. */
class MemorySink {
    sink;
    constructor(expectedLength) {
        this.sink = new BodySink(expectedLength);
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
        const found = this.guard(() => (0,object_format/* readObjectHead */.WA)(this.head, 0, this.where));
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
            const gunzip = external_node_zlib_default().createGunzip();
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
            if (err instanceof backend/* IntegrityError */.c)
                throw (this.failure ??= err);
            if (err.name === 'BodyMismatchError')
                throw this.fail(err.message);
            throw err;
        }
    }
    fail(message) {
        this.failure ??= new backend/* IntegrityError */.c(`${this.where}: ${message}`);
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
/* harmony export */   S2: () => (/* binding */ logStats),
/* harmony export */   bp: () => (/* binding */ openCache),
/* harmony export */   wX: () => (/* binding */ serve)
/* harmony export */ });
/* harmony import */ var _cache_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(1758);
/* harmony import */ var _manifest_action_log_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(6813);
/* harmony import */ var _protocol_reader_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(5332);
/* harmony import */ var _protocol_writer_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(2692);
/* harmony import */ var _remote_open_remote_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(171);
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
        logStats(config, stats, log, cache.usedActionIds());
        // Idle keep-alive sockets and timers must not keep go waiting for our stdout to close.
        process.exit(code);
    };
    const session = new _session_js__WEBPACK_IMPORTED_MODULE_5__/* .Session */ .N({
        handler: cache,
        sink: writer,
        stats,
        log,
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
    return (0,_remote_open_remote_js__WEBPACK_IMPORTED_MODULE_4__/* .startRemote */ .t)(config, { stats, warn: (message) => log.warn(message) }).then((remote) => remote?.backend);
}
/** The -stats table and the stats dir's files (statistics, and the action log for save-manifest). */
function logStats(config, stats, log, usedActionIds, label) {
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
        for (const i of Object.keys(this.counts)
            .map(Number)
            .sort((a, b) => a - b)) {
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
        processes: 0,
        gets: 0,
        localHits: 0,
        remoteHits: 0,
        misses: 0,
        puts: 0,
        putBytes: 0,
        bytesServedLocal: 0,
        bytesDownloaded: 0,
        bytesUploaded: 0,
        uploads: 0,
        uploadFailures: 0,
        uploadRetries: 0,
        verifyRejects: 0,
        remoteErrors: 0,
        protocolErrors: 0,
        uploadsPendingAtClose: 0,
        spooled: 0,
        drained: 0,
        remoteDisabled: 0,
        writesDenied: 0,
        uploadsDenied: 0,
        putsNotStored: 0,
        uploadsLost: 0,
        prefetchListed: 0,
        prefetched: 0,
        prefetchBytes: 0,
        prefetchPackParts: 0,
        prefetchMs: 0,
        busyMs: 0,
        listedAbsent: 0,
        remoteBypassed: 0,
        bridgeHits: 0,
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
        [
            'gets',
            `${c.gets} (local hits ${c.localHits}${c.bridgeHits > 0 ? ` of which ${c.bridgeHits} answered by the bridge, not timed` : ''}, remote hits ${c.remoteHits}, misses ${c.misses}, hit ratio ${(hitRatio * 100).toFixed(1)}%)`,
        ],
        ['puts', `${c.puts} (${formatBytes(c.putBytes)})`],
        ['remote', `down ${formatBytes(c.bytesDownloaded)}, up ${formatBytes(c.bytesUploaded)} in ${c.uploads} uploads`],
        [
            'problems',
            `remote errors ${c.remoteErrors}, upload failures ${c.uploadFailures}, retries ${c.uploadRetries}, verification rejects ${c.verifyRejects}, protocol errors ${c.protocolErrors}`,
        ],
        [
            'at close',
            `pending ${c.uploadsPendingAtClose}, spooled ${c.spooled}${c.uploadsDenied > 0 ? `, dropped ${c.uploadsDenied} (writes denied)` : ''}${c.uploadsLost > 0 ? `, lost ${c.uploadsLost} (local output gone)` : ''}${c.putsNotStored > 0 ? `, ${c.putsNotStored} put(s) not stored` : ''}`,
        ],
    ];
    if (c.prefetchListed > 0) {
        rows.push([
            'prefetch',
            `${c.prefetched} of ${c.prefetchListed} listed (${formatBytes(c.prefetchBytes)}) in ${formatMs(c.prefetchMs)}`,
        ]);
    }
    for (const n of LATENCIES) {
        const h = latency[n];
        if (h.count > 0)
            rows.push([
                `${n} latency`,
                `p50 ${formatMs(h.quantile(0.5))}, p95 ${formatMs(h.quantile(0.95))}, max ${formatMs(h.maxMs)} (n=${h.count})`,
            ]);
    }
    const width = Math.max(...rows.map(([k]) => k.length));
    return ['gobuildcache stats:', ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`)].join('\n');
}


/***/ }),

/***/ 9306:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   A0: () => (/* binding */ ensureDir),
/* harmony export */   L7: () => (/* binding */ linkOrCopy),
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
/**
 * A hard link of `from` at `to`, or a copy where links fail (another filesystem, links not
 * allowed): for files nobody rewrites in place, such as cache outputs named by their content.
 */
function linkOrCopy(from, to) {
    try {
        node_fs__WEBPACK_IMPORTED_MODULE_1___default().linkSync(from, to);
    }
    catch {
        node_fs__WEBPACK_IMPORTED_MODULE_1___default().copyFileSync(from, to);
    }
}
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

/***/ 648:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   $J: () => (/* binding */ createLocker),
/* harmony export */   M3: () => (/* binding */ createServeLocker),
/* harmony export */   PT: () => (/* binding */ NoopLocker),
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
/* harmony import */ var node_timers_promises__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(8500);
/* harmony import */ var node_timers_promises__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__nccwpck_require__.n(node_timers_promises__WEBPACK_IMPORTED_MODULE_4__);
/* harmony import */ var _util_process_js__WEBPACK_IMPORTED_MODULE_5__ = __nccwpck_require__(2017);






const NOOP_RELEASE = async () => { };
/** proper-lockfile refreshes a held lock's mtime every STALE_MS / 2; older than this, its holder is gone. */
const STALE_MS = 10_000;
/** The lock a prefetcher holds for its whole run, in the lock dir. */
const PREFETCHER = 'prefetcher';
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
    return (0,_util_process_js__WEBPACK_IMPORTED_MODULE_5__/* .isRunning */ .W)(pid) ? undefined : pid;
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
            await Promise.race([current, (0,node_timers_promises__WEBPACK_IMPORTED_MODULE_4__.setTimeout)(left)]);
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
                await (0,node_timers_promises__WEBPACK_IMPORTED_MODULE_4__.setTimeout)(Math.min(delay, left));
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
        return this.prefetcherRunning()
            ? this.inner.acquire(key, waitMs)
            : Promise.resolve({ acquired: true, release: NOOP_RELEASE });
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
/* harmony import */ var _util_process_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(2017);
/* harmony import */ var _protocol_types_js__WEBPACK_IMPORTED_MODULE_5__ = __nccwpck_require__(7802);






function isPendingUpload(value) {
    const p = value;
    return (typeof p === 'object' &&
        p !== null &&
        _protocol_types_js__WEBPACK_IMPORTED_MODULE_5__/* .HEX_ID */ .m.test(String(p.actionId)) &&
        _protocol_types_js__WEBPACK_IMPORTED_MODULE_5__/* .HEX_ID */ .m.test(String(p.outputId)) &&
        Number.isSafeInteger(p.size) &&
        p.size >= 0 &&
        typeof p.path === 'string' &&
        node_path__WEBPACK_IMPORTED_MODULE_2___default().isAbsolute(p.path) &&
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
        .filter(({ pid }) => pid > 0 && (pid === process.pid ? false : !(0,_util_process_js__WEBPACK_IMPORTED_MODULE_4__/* .isRunning */ .W)(pid)))
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
/* harmony import */ var node_timers_promises__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(8500);
/* harmony import */ var node_timers_promises__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__nccwpck_require__.n(node_timers_promises__WEBPACK_IMPORTED_MODULE_2__);



/** Errors after which retrying cannot help: the breaker is open, or the job itself is broken. */
function isFinal(err) {
    const name = err?.name;
    return (name === 'RemoteDisabledError' ||
        name === 'IntegrityError' ||
        name === 'LocalOutputError' ||
        name === 'WritesDeniedError');
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
                await (0,node_timers_promises__WEBPACK_IMPORTED_MODULE_2__.setTimeout)(this.backoffMs * 4 ** (attempt - 1) * (0.5 + Math.random()));
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

/***/ 5653:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  xL: () => (/* binding */ ConfigError),
  xd: () => (/* binding */ absoluteDir),
  FH: () => (/* binding */ choiceOf),
  cf: () => (/* binding */ durationOf),
  cP: () => (/* binding */ integerOf),
  yG: () => (/* binding */ parseBoolean),
  E9: () => (/* binding */ parseDuration),
  Bk: () => (/* binding */ parseEndpoint),
  at: () => (/* binding */ parseFraction),
  E1: () => (/* binding */ parseList),
  A1: () => (/* binding */ parsePrefix),
  vc: () => (/* binding */ parseScopeName),
  iW: () => (/* binding */ parseScopeNames),
  DB: () => (/* binding */ parseSize),
  r4: () => (/* binding */ parseText)
});

// UNUSED EXPORTS: normalizePrefix, parseInputBoolean

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(6760);
var external_node_path_default = /*#__PURE__*/__nccwpck_require__.n(external_node_path_);
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
;// CONCATENATED MODULE: ./src/settings/parse.ts
// The parsers of the settings table (table.ts): the CLI, the environment and the action's inputs
// all read a value through these, so they accept the same things and say so in the same words.




/** Thrown for any bad flag, env or input value; the message names what was wrong. */
class ConfigError extends Error {
    name = 'ConfigError';
    /** The message without the name of the setting: what the action puts after `Input "name": `. */
    detail;
    /** With one argument, the whole message. */
    constructor(what, detail) {
        super(detail === undefined ? what : `${what}: ${detail}`);
        this.detail = detail ?? what;
    }
}
/** Go's strconv.ParseBool and more, as the reference reads its flags and environment. */
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
            throw new ConfigError(what, `"${value}" is not a boolean; accepted values: true, false`);
    }
}
// A workflow's `with:` follows the YAML 1.2 core schema, the same set core.getBooleanInput accepts:
// a `yes` there is a YAML 1.1 habit, and refusing it says so instead of guessing.
const YAML_TRUE = new Set(['true', 'True', 'TRUE']);
const YAML_FALSE = new Set(['false', 'False', 'FALSE']);
/** An action input's boolean: only the YAML 1.2 spellings of true and false. */
function parseInputBoolean(value, what) {
    if (YAML_TRUE.has(value))
        return true;
    if (YAML_FALSE.has(value))
        return false;
    throw new ConfigError(what, `"${value}" is not a boolean; accepted values: true, false`);
}
/** Parses "30s", "1500ms", "2m" or a bare number of seconds into milliseconds. */
function parseDuration(value, what) {
    const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(value);
    if (!match)
        throw new ConfigError(what, `"${value}" is not a duration; accepted: a number with a unit ms, s, m or h (e.g. 500ms, 10s, 5m)`);
    const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(match[2] ?? 's')];
    return Math.round(Number(match[1]) * unit);
}
/** A duration of at least `min` milliseconds. */
function durationOf(min) {
    return (value, what) => {
        const ms = parseDuration(value, what);
        if (ms < min)
            throw new ConfigError(what, `"${value}" is too short; it must be at least ${min} ms`);
        return ms;
    };
}
const SIZE_UNITS = {
    '': 1,
    b: 1,
    k: 1000,
    kb: 1000,
    kib: 1024,
    m: 1000 ** 2,
    mb: 1000 ** 2,
    mib: 1024 ** 2,
    g: 1000 ** 3,
    gb: 1000 ** 3,
    gib: 1024 ** 3,
    t: 1000 ** 4,
    tb: 1000 ** 4,
    tib: 1024 ** 4,
};
/** Parses "10GiB", "500MiB", "1.5GB", "0" (bytes when there is no unit). */
function parseSize(value, what) {
    const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value);
    const unit = match ? SIZE_UNITS[(match[2] ?? '').toLowerCase()] : undefined;
    if (!match || unit === undefined)
        throw new ConfigError(what, `"${value}" is not a size; accepted: a number with a unit such as 10GiB, 500MiB or 2GB, 0 for no cap`);
    const bytes = Math.floor(Number(match[1]) * unit);
    if (!Number.isSafeInteger(bytes))
        throw new ConfigError(what, `"${value}" is too large`);
    return bytes;
}
function integerOf(min, max) {
    return (value, what) => {
        const n = Number(value);
        if (!Number.isInteger(n) || n < min || n > max)
            throw new ConfigError(what, `"${value}" must be a whole number from ${min} to ${max}`);
        return n;
    };
}
function parseFraction(value, what) {
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0 || n > 1)
        throw new ConfigError(what, `"${value}" must be a number from 0 to 1`);
    return n;
}
function absoluteDir(value, what) {
    if (!external_node_path_default().isAbsolute(value))
        throw new ConfigError(what, `"${value}" is not an absolute path; accepted: an absolute directory`);
    return external_node_path_default().normalize(value);
}
/** One per line, as actions/cache takes restore-keys; commas are accepted too. */
function parseList(value) {
    return value
        .split(/[\n,]/)
        .map((k) => k.trim())
        .filter((k) => k !== '');
}
function parseText(value) {
    return value;
}
/** One of `choices` (keys, case-insensitive) mapped to its value. */
function choiceOf(noun, choices, accepted) {
    return (value, what) => {
        const key = value.toLowerCase();
        if (!Object.hasOwn(choices, key))
            throw new ConfigError(what, `"${value}" is not a ${noun}; accepted values: ${accepted}`);
        return choices[key];
    };
}
/** An http(s) endpoint URL, without trailing slashes; credentials in it never reach a message. */
function parseEndpoint(value, what) {
    const accepted = 'accepted: an http:// or https:// URL such as https://t3.storage.dev';
    let url;
    try {
        url = new URL(value);
    }
    catch {
        throw new ConfigError(what, `"${(0,redact/* redactUrlCredentials */.dE)(value)}" is not a URL; ${accepted}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
        throw new ConfigError(what, `"${(0,redact/* redactUrlCredentials */.dE)(value)}" uses ${url.protocol}; ${accepted}`);
    return value.replace(/\/+$/, '');
}
/** A key prefix that stays in its namespace: '' (the whole bucket), else ending in exactly one '/'. */
function parsePrefix(value, what) {
    const problem = prefixProblem(value);
    if (problem)
        throw new ConfigError(what, `${problem}; accepted: key segments separated by '/', such as gobuildcache/ or ci/my-repo/`);
    return normalizePrefix(value);
}
/** '' stays '' (the whole bucket); anything else ends in exactly one '/'. */
function normalizePrefix(prefix) {
    const trimmed = prefix.replace(/^\/+/, '').replace(/\/+$/, '');
    return trimmed === '' ? '' : `${trimmed}/`;
}
function parseScopeName(value, what) {
    const name = value.trim();
    const problem = (0,scopes/* scopeNameProblem */.Rp)(name);
    if (problem)
        throw new ConfigError(what, problem);
    return name;
}
function parseScopeNames(value, what) {
    return parseList(value).map((name) => parseScopeName(name, what));
}


/***/ }),

/***/ 2221:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   sx: () => (/* binding */ readEnv),
/* harmony export */   w5: () => (/* binding */ describeSetting),
/* harmony export */   yy: () => (/* binding */ SETTINGS)
/* harmony export */ });
/* unused harmony exports BACKENDS, isRemoteBackend, Inputs, INPUT_DEFAULTS, envName, settingsEnv */
/* harmony import */ var _parse_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(5653);
// Every setting once: its CLI flag, env keys, action input, defaults and parser. The CLI's flags,
// its env reading, `help`, the action's inputs (action.yml, their validation, their defaults) and
// the env the action hands the server all come from here; descriptions.ts holds the words and
// docs.ts checks action.yml, README.md and docs/cli.md against both.

const BOOL = { boolean: true, parse: _parse_js__WEBPACK_IMPORTED_MODULE_0__/* .parseBoolean */ .yG };
const DURATION = { parse: _parse_js__WEBPACK_IMPORTED_MODULE_0__/* .parseDuration */ .E9, format: (ms) => `${ms}ms` };
const DIR = { parse: _parse_js__WEBPACK_IMPORTED_MODULE_0__/* .absoluteDir */ .xd };
const TEXT = { parse: _parse_js__WEBPACK_IMPORTED_MODULE_0__/* .parseText */ .r4 };
const LIST = { parse: (value) => (0,_parse_js__WEBPACK_IMPORTED_MODULE_0__/* .parseList */ .E1)(value), format: (items) => items.join(',') };
/** Every value of BackendType, for code that checks a stored one. */
const BACKENDS = (/* unused pure expression or super */ null && (['disk', 's3', 'gcs']));
/** Whether a backend keeps its cache in a bucket: the one test the steps and the server make. */
function isRemoteBackend(backend) {
    return backend === 's3' || backend === 'gcs';
}
const SETTINGS = {
    backend: {
        flag: 'backend',
        env: ['BACKEND_TYPE', 'BACKEND'],
        input: 'backend',
        default: 'disk',
        inputDefault: '',
        parse: (0,_parse_js__WEBPACK_IMPORTED_MODULE_0__/* .choiceOf */ .FH)('backend', { disk: 'disk', s3: 's3', gcs: 'gcs' }, 'disk, s3, gcs'),
    },
    cacheDir: {
        flag: 'cache-dir',
        env: ['CACHE_DIR'],
        input: 'cache-dir',
        inputDefault: '',
        defaultNote: '`$TMPDIR/gobuildcache/cache`',
        ...DIR,
    },
    sharedCacheDir: { flag: 'shared-cache-dir', env: ['SHARED_CACHE_DIR'], defaultNote: 'none', ...DIR },
    cacheMaxSize: {
        flag: 'cache-max-size',
        env: ['CACHE_MAX_SIZE'],
        input: 'cache-max-size',
        default: '0',
        inputDefault: '',
        defaultNote: '(no cap)',
        parse: _parse_js__WEBPACK_IMPORTED_MODULE_0__/* .parseSize */ .DB,
    },
    lockDir: { flag: 'lock-dir', env: ['LOCK_DIR'], defaultNote: '`$TMPDIR/gobuildcache/locks`', ...DIR },
    lockType: {
        flag: 'lock-type',
        env: ['LOCK_TYPE'],
        default: 'fslock',
        parse: (0,_parse_js__WEBPACK_IMPORTED_MODULE_0__/* .choiceOf */ .FH)('lock type', { fslock: 'fslock', fs: 'fslock', memory: 'memory', noop: 'noop' }, 'fslock, memory, noop'),
    },
    s3Bucket: { flag: 's3-bucket', env: ['S3_BUCKET'], input: 's3-bucket', inputDefault: '', ...TEXT },
    s3Prefix: { flag: 's3-prefix', env: ['S3_PREFIX'], input: 's3-prefix', default: 'gobuildcache/', parse: _parse_js__WEBPACK_IMPORTED_MODULE_0__/* .parsePrefix */ .A1 },
    s3Region: {
        flag: 's3-region',
        env: ['AWS_REGION', 'AWS_DEFAULT_REGION'],
        input: 's3-region',
        inputDefault: '',
        defaultNote: 'SDK chain',
        ...TEXT,
    },
    s3Endpoint: {
        flag: 's3-endpoint',
        env: ['AWS_ENDPOINT_URL_S3', 'AWS_ENDPOINT_URL'],
        input: 's3-endpoint',
        inputDefault: '',
        defaultNote: 'AWS',
        parse: _parse_js__WEBPACK_IMPORTED_MODULE_0__/* .parseEndpoint */ .Bk,
    },
    s3PathStyle: {
        flag: 's3-path-style',
        env: ['AWS_S3_USE_PATH_STYLE'],
        input: 's3-path-style',
        default: 'false',
        ...BOOL,
    },
    s3ChecksumWhenRequired: {
        flag: 's3-checksum-when-required',
        env: ['S3_CHECKSUM_WHEN_REQUIRED'],
        default: 'true',
        ...BOOL,
    },
    s3DirectRequests: { flag: 's3-direct-requests', env: ['S3_DIRECT_REQUESTS'], default: 'true', ...BOOL },
    gcsBucket: { flag: 'gcs-bucket', env: ['GCS_BUCKET'], input: 'gcs-bucket', inputDefault: '', ...TEXT },
    gcsPrefix: {
        flag: 'gcs-prefix',
        env: ['GCS_PREFIX'],
        input: 'gcs-prefix',
        default: 'gobuildcache/',
        parse: _parse_js__WEBPACK_IMPORTED_MODULE_0__/* .parsePrefix */ .A1,
    },
    readOnly: { flag: 'read-only', env: ['READ_ONLY'], input: 'read-only', default: 'false', ...BOOL },
    compression: { flag: 'compression', env: ['COMPRESSION'], input: 'compression', default: 'true', ...BOOL },
    asyncBackend: { flag: 'async-backend', env: ['ASYNC_BACKEND'], default: 'true', ...BOOL },
    uploadWait: {
        flag: 'upload-wait',
        env: ['UPLOAD_WAIT'],
        input: 'upload-wait',
        default: '60s',
        inputDefault: '10s',
        ...DURATION,
    },
    drainTimeout: { flag: 'drain-timeout', env: ['DRAIN_TIMEOUT'], input: 'drain-timeout', default: '5m', ...DURATION },
    remoteTimeout: { flag: 'remote-timeout', env: ['REMOTE_TIMEOUT'], default: '10s', ...DURATION, parse: (0,_parse_js__WEBPACK_IMPORTED_MODULE_0__/* .durationOf */ .cf)(1) },
    uploadConcurrency: {
        flag: 'upload-concurrency',
        env: ['UPLOAD_CONCURRENCY'],
        default: '16',
        parse: (0,_parse_js__WEBPACK_IMPORTED_MODULE_0__/* .integerOf */ .cP)(1, 256),
    },
    spoolDir: { flag: 'spool-dir', env: ['SPOOL_DIR'], defaultNote: '`<cache-dir>/spool`', ...DIR },
    statsDir: { flag: 'stats-dir', env: ['STATS_DIR'], ...DIR },
    printStats: { flag: 'stats', env: ['PRINT_STATS'], default: 'false', ...BOOL },
    debug: { flag: 'debug', env: ['DEBUG'], input: 'debug', default: 'false', ...BOOL },
    errorRate: { flag: 'error-rate', env: ['ERROR_RATE'], default: '0', parse: _parse_js__WEBPACK_IMPORTED_MODULE_0__/* .parseFraction */ .at },
    manifestKey: { flag: 'manifest-key', env: ['MANIFEST_KEY'], input: 'manifest-key', inputDefault: '', ...TEXT },
    manifestRestoreKeys: {
        flag: 'manifest-restore-keys',
        env: ['MANIFEST_RESTORE_KEYS'],
        input: 'manifest-restore-keys',
        inputDefault: '',
        ...LIST,
    },
    prefetchConcurrency: {
        flag: 'prefetch-concurrency',
        env: ['PREFETCH_CONCURRENCY'],
        default: '32',
        parse: (0,_parse_js__WEBPACK_IMPORTED_MODULE_0__/* .integerOf */ .cP)(1, 256),
    },
    prefetchTimeout: { flag: 'prefetch-timeout', env: ['PREFETCH_TIMEOUT'], default: '10m', ...DURATION },
    listKeys: { flag: 'list-keys', env: ['LIST_KEYS'], default: 'true', ...BOOL },
    // Flag only: an exported env value would turn the bridge's per-process fallback into a second server.
    socket: { flag: 'socket', env: [], ...TEXT },
    statsFile: { flag: 'stats-file', env: ['STATS_FILE'], ...DIR },
    serverFile: { flag: 'server-file', env: [], ...DIR },
    yes: { flag: 'yes', env: [], default: 'false', ...BOOL },
    pack: { flag: 'pack', env: ['PACK'], default: 'true', ...BOOL },
    scope: { flag: 'scope', env: ['SCOPE'], input: 'scope', inputDefault: '', parse: _parse_js__WEBPACK_IMPORTED_MODULE_0__/* .parseScopeName */ .vc },
    // Names are checked once a scope is known (config.ts): without -scope they are an error of their own.
    readScopes: { flag: 'read-scopes', env: ['READ_SCOPES'], ...LIST },
    // The action's own inputs: how it runs, not how the server does.
    summary: { env: [], input: 'summary', default: 'true', ...BOOL },
    remoteCheckTimeout: { env: [], input: 'remote-check-timeout', default: '5s', ...DURATION, parse: (0,_parse_js__WEBPACK_IMPORTED_MODULE_0__/* .durationOf */ .cf)(1) },
    prefetch: { env: [], input: 'prefetch', default: 'true', ...BOOL },
    matrix: { env: [], input: 'matrix', inputDefault: '', ...TEXT },
    trustedBranches: { env: [], input: 'trusted-branches', inputDefault: '', ...LIST },
    normalizeMtimes: { env: [], input: 'normalize-mtimes', default: 'true', ...BOOL },
    jobServer: { env: [], input: 'job-server', default: 'true', ...BOOL },
    nativeCache: {
        env: [],
        input: 'native-cache',
        default: 'auto',
        parse: (0,_parse_js__WEBPACK_IMPORTED_MODULE_0__/* .choiceOf */ .FH)('native-cache value', { auto: 'auto', true: 'true', false: 'false' }, 'auto, true, false'),
    },
    saveUntrustedEvents: { env: [], input: 'save-untrusted-events', default: 'false', ...BOOL },
    cacheModules: { env: [], input: 'cache-modules', default: 'true', ...BOOL },
    // Each setting parses to a type of its own; the table holds them all, so its element type is open.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
};
const entries = Object.entries(SETTINGS);
/** The action's inputs by name, e.g. Inputs.S3Bucket is 's3-bucket' (action.yml declares the same). */
const Inputs = Object.fromEntries(entries
    .filter(([, s]) => s.input !== undefined)
    .map(([name, s]) => [name.charAt(0).toUpperCase() + name.slice(1), s.input]));
/**
 * Defaults as action.yml declares them. The runner fills these in, but a run outside the runner
 * (local-action, a test) sends nothing, so the code applies the same values to an empty input.
 */
const INPUT_DEFAULTS = Object.fromEntries(entries.filter(([, s]) => s.input !== undefined).map(([, s]) => [s.input, s.inputDefault ?? s.default ?? '']));
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
/** How errors and `help` name a setting: `-flag (GOBUILDCACHE_KEY / …)`. */
function describeSetting(name) {
    const s = SETTINGS[name];
    const envs = s.env.map((k) => `GOBUILDCACHE_${k}`).join(' / ');
    return envs ? `-${s.flag} (${envs})` : `-${s.flag}`;
}
/** The env variable the action sets for a setting: the first key, prefixed. */
function envName(name) {
    return `GOBUILDCACHE_${SETTINGS[name].env[0]}`;
}
/**
 * The environment that gives the server these values (undefined ones are left out): the way the
 * action hands its settings to the job server and to each go command's server. Every value goes
 * as GOBUILDCACHE_<KEY>, which the server reads first, so the user's tests keep seeing their own
 * AWS_* settings.
 */
function settingsEnv(values) {
    const env = {};
    for (const [name, value] of Object.entries(values)) {
        if (value === undefined)
            continue;
        const s = SETTINGS[name];
        env[envName(name)] = s.format ? s.format(value) : typeof value === 'string' ? value : JSON.stringify(value);
    }
    return env;
}


/***/ }),

/***/ 2017:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   W: () => (/* binding */ isRunning)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
// Whether a process still runs: the one check the lock owners, the pending-upload journal and the
// action's stops of the job server and the prefetch share.

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


/***/ }),

/***/ 2613:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("assert");

/***/ }),

/***/ 181:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("buffer");

/***/ }),

/***/ 5317:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("child_process");

/***/ }),

/***/ 9140:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("constants");

/***/ }),

/***/ 6982:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("crypto");

/***/ }),

/***/ 4434:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("events");

/***/ }),

/***/ 9896:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs");

/***/ }),

/***/ 8611:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("http");

/***/ }),

/***/ 5692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("https");

/***/ }),

/***/ 9278:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("net");

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

/***/ 8474:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:events");

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

/***/ 8500:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:timers/promises");

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

/***/ 857:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("os");

/***/ }),

/***/ 6928:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("path");

/***/ }),

/***/ 4876:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("punycode");

/***/ }),

/***/ 3480:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("querystring");

/***/ }),

/***/ 2203:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("stream");

/***/ }),

/***/ 4756:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tls");

/***/ }),

/***/ 2018:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tty");

/***/ }),

/***/ 7016:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("url");

/***/ }),

/***/ 9023:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("util");

/***/ }),

/***/ 3106:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("zlib");

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

// EXTERNAL MODULE: ./src/settings/table.ts
var table = __nccwpck_require__(2221);
// EXTERNAL MODULE: ./src/cacheprog/config.ts
var cacheprog_config = __nccwpck_require__(7050);
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

// EXTERNAL MODULE: ./src/cacheprog/remote/open-remote.ts + 6 modules
var open_remote = __nccwpck_require__(171);
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
// EXTERNAL MODULE: external "node:timers/promises"
var promises_ = __nccwpck_require__(8500);
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
    const remote = await (0,open_remote/* openRemote */.d)(config, { stats, warn, who: 'drain' });
    if (!remote) {
        options.log(`backend ${config.backend} has no remote: leaving ${entries.length} spooled upload(s) in ${config.spoolDir}`);
        return { uploaded: 0, failed: 0, dropped: 0, remaining: entries.length };
    }
    try {
        const before = stats.counters.uploads;
        const queue = new upload_queue/* UploadQueue */.v(remote.backend, stats, logger, { concurrency: config.uploadConcurrency });
        const done = entries.map(async (entry) => {
            const outcome = await queue.add(entry);
            // Dropped: its local output is gone, or these credentials may not write (the store denied
            // it), so no later drain could upload it either; keeping it would fail every one of them.
            if (outcome !== 'failed')
                spool.remove(entry);
            return outcome === 'uploaded';
        });
        const all = Promise.all(done);
        const finished = await Promise.race([all, (0,promises_.setTimeout)(options.deadlineMs, undefined, { ref: false })]);
        const uploaded = finished ? finished.filter(Boolean).length : stats.counters.uploads - before;
        stats.add('drained', uploaded);
        const remaining = spool.count();
        const dropped = queue.denied.size;
        if (dropped > 0)
            options.log(`drain: dropped ${dropped} spooled upload(s) that these credentials may not write (the store denied it); they are rebuilt and uploaded by a job that may write`);
        if (!finished)
            options.log(`drain stopped at its ${options.deadlineMs} ms deadline with ${remaining} upload(s) left`);
        return {
            uploaded,
            failed: finished ? entries.length - uploaded - dropped : 0,
            dropped,
            remaining,
            timedOut: !finished,
        };
    }
    finally {
        await remote.close().catch(() => { });
    }
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
            process.stdout.write(`${usage()}\n`);
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
            await (await __nccwpck_require__.e(/* import() */ 919).then(__nccwpck_require__.bind(__nccwpck_require__, 3919))).runPrefetch(config, log);
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
    const target = config.serverFile
        ? readServerFile(config.serverFile)
        : config.socket
            ? { socket: config.socket }
            : undefined;
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
    const { saveManifest } = await __nccwpck_require__.e(/* import() */ 919).then(__nccwpck_require__.bind(__nccwpck_require__, 3919));
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
    const { describeResult, normalizeMtimes } = await __nccwpck_require__.e(/* import() */ 746).then(__nccwpck_require__.bind(__nccwpck_require__, 1746));
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
        log.error(`trim needs a size cap: ${(0,table/* describeSetting */.w5)('cacheMaxSize')}, e.g. 10GiB`);
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
    const where = (0,cacheprog_config/* remoteLocation */.Ih)(config);
    const prefix = config.s3?.prefix ?? config.gcs?.prefix;
    if (where === undefined) {
        log.error('clear-remote needs a bucket: -backend s3 and -s3-bucket, or -backend gcs and -gcs-bucket');
        process.exit(2);
    }
    if (prefix === '' && !yes) {
        log.error(`refusing to delete every object in ${where}: the prefix is empty; pass -yes to confirm`);
        process.exit(2);
    }
    const remote = await (0,open_remote/* openRemote */.d)({ ...config, readOnly: false }, { warn: (m) => log.warn(m) });
    try {
        const deleted = (await remote?.backend.clear()) ?? 0;
        // With -scope, only that scope's objects: a scoped writer may be allowed nothing else.
        const scope = config.scopes ? `${scopes/* SCOPES_DIR */.iU}${config.scopes.write}/` : '';
        log.info(`deleted ${deleted} object(s) under ${where}${scope}`);
    }
    catch (err) {
        log.error(`clear-remote failed: ${err.message}`);
        process.exit(1);
    }
    finally {
        await remote?.close();
    }
}
async function drain({ config }, log) {
    const result = await drainSpool(config, {
        deadlineMs: config.drainTimeoutMs,
        log: (m) => log.info(m),
        warn: (m) => log.warn(m),
    });
    const dropped = result.dropped > 0 ? `, ${result.dropped} dropped (writes denied)` : '';
    log.info(`drain: ${result.uploaded} uploaded, ${result.failed} failed${dropped}, ${result.remaining} left in ${config.spoolDir}`);
    process.exit(result.remaining === 0 ? 0 : 1);
}
function usage() {
    const lines = [
        'gobuildcache-action: a GOCACHEPROG server with a local disk cache and an optional S3 or GCS remote.',
        '',
        'Usage: GOCACHEPROG="node /path/to/dist/cacheprog/index.js [flags]" go build ./...',
        '       node dist/cacheprog/index.js <subcommand> [flags]',
        '',
        'Subcommands:',
        '  (none), serve   speak the GOCACHEPROG protocol on stdin/stdout (one go command); with -socket,',
        "                  be the job's cache server there, for every go command that connects through the bridge",
        '  finish          ask the job server at -socket (or -server-file) to finish: wait for uploads up to',
        '                  -drain-timeout, spool the rest, write its statistics, exit',
        '  clear-local     delete the local cache directory',
        "  clear-remote    delete every object under the bucket prefix, or only -scope's (an empty prefix needs -yes)",
        '  clear           both of the above',
        '  drain           upload everything waiting in the spool; exits 0 only when it is empty',
        '  prefetch        download the entries a manifest (-manifest-key, then -manifest-restore-keys) lists',
        '                  into the local cache before go asks for them; once its flags parse it exits 0',
        '  save-manifest   record the action ids the go processes used (read from -stats-dir) as the',
        "                  manifest -manifest-key, for the next run's prefetch",
        '  normalize-mtimes',
        '                  set the modification time of every file and directory git tracks under the',
        '                  current directory to a function of its content, so test results go cached',
        '                  on one checkout are found again on a fresh one (golang/go#58571)',
        '  trim            remove least recently used entries from the local cache until it takes at',
        '                  most 90% of -cache-max-size; entries used within the last hour stay',
        '  help            this text',
        '',
        'Flags (each also read from GOBUILDCACHE_<KEY>, then <KEY>; docs/cli.md says what each does):',
    ];
    for (const [name, s] of Object.entries(table/* SETTINGS */.yy)) {
        if (s.flag === undefined)
            continue;
        lines.push(`  ${(0,table/* describeSetting */.w5)(name)}${s.default === undefined ? '' : `, default ${s.default}`}`);
    }
    return lines.join('\n');
}

;// CONCATENATED MODULE: ./src/cacheprog/index.ts

main(process.argv.slice(2)).catch((err) => {
    process.stderr.write(`gobuildcache: error: ${err.stack ?? String(err)}\n`);
    process.exit(1);
});

