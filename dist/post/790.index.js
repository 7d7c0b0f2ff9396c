export const id = 790;
export const ids = [790];
export const modules = {

/***/ 89790:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  finishNativeJob: () => (/* binding */ finishNativeJob),
  saveNative: () => (/* binding */ saveNative)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
var external_node_fs_default = /*#__PURE__*/__webpack_require__.n(external_node_fs_);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var lib_core = __webpack_require__(33838);
// EXTERNAL MODULE: ./src/cacheprog/config.ts
var cacheprog_config = __webpack_require__(17050);
// EXTERNAL MODULE: ./src/cacheprog/manifest/action-log.ts
var action_log = __webpack_require__(66813);
// EXTERNAL MODULE: ./src/cacheprog/remote/open-remote.ts + 5 modules
var open_remote = __webpack_require__(1459);
// EXTERNAL MODULE: ./src/cacheprog/stats.ts
var cacheprog_stats = __webpack_require__(93697);
// EXTERNAL MODULE: ./src/cacheprog/live-stats.ts
var live_stats = __webpack_require__(35648);
// EXTERNAL MODULE: ./src/cacheprog/store/local-store.ts
var local_store = __webpack_require__(42891);
// EXTERNAL MODULE: ./src/util/text.ts
var util_text = __webpack_require__(49997);
// EXTERNAL MODULE: ./src/util/work-pool.ts
var work_pool = __webpack_require__(16334);
// EXTERNAL MODULE: ./src/action/actions-cache-steps.ts + 6 modules
var actions_cache_steps = __webpack_require__(64855);
// EXTERNAL MODULE: ./src/action/gocache-dir.ts
var gocache_dir = __webpack_require__(51932);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/cacheprog/uploads/pending.ts
var pending = __webpack_require__(53764);
// EXTERNAL MODULE: ./src/cacheprog/uploads/spool.ts
var spool = __webpack_require__(74912);
// EXTERNAL MODULE: ./src/cacheprog/uploads/upload-queue.ts
var upload_queue = __webpack_require__(53544);
;// CONCATENATED MODULE: ./src/cacheprog/uploads/owed-uploads.ts



/**
 * What a cache that writes to the remote owes it: each stored put is in the journal before go
 * hears it was stored, then queued (or, without -async-backend, uploaded before go hears it);
 * at the end, whatever the wait did not finish goes to the spool for the post step's drain.
 */
class owed_uploads_OwedUploads {
    deps;
    journal;
    uploads;
    constructor(deps) {
        this.deps = deps;
        this.journal = new UploadJournal(deps.config.spoolDir);
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
            ? new UploadQueue(backend, this.deps.stats, this.deps.log, {
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
            const spool = new Spool(config.spoolDir);
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
const SPILL_BYTES = (/* unused pure expression or super */ null && (4 * 1024 * 1024));
/**
 * The cache behind every session of a process: the local store with an in-memory index in front,
 * the remote (one fetch-verify-store path for go's gets and the prefetcher, go's waits on it timed
 * by RemoteLookups), the actions known to be absent remotely, and the uploads it owes
 * (OwedUploads: journal, queue, spool). In a job server one of these serves every go command of
 * the job; in per-process mode, one go command.
 */
class cache_Cache {
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
        if (known && fs.statSync(known.diskPath, { throwIfNoEntry: false })?.size === known.size)
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

// EXTERNAL MODULE: ./src/cacheprog/manifest/restored-manifest.ts
var restored_manifest = __webpack_require__(1926);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
var external_node_os_default = /*#__PURE__*/__webpack_require__.n(external_node_os_);
// EXTERNAL MODULE: ./src/cacheprog/store/atomic-file.ts
var atomic_file = __webpack_require__(99306);
// EXTERNAL MODULE: external "node:timers/promises"
var promises_ = __webpack_require__(58500);
// EXTERNAL MODULE: ./src/util/process.ts
var util_process = __webpack_require__(22017);
;// CONCATENATED MODULE: ./src/cacheprog/store/locks.ts






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
const HOSTNAME = external_node_os_default().hostname();
/**
 * proper-lockfile creates and removes a lock with mkdir/rmdir on the fs it is given: this one
 * also writes the owner file on creation and removes it first on removal (sync too, for its
 * exit handler), so the owner lives and dies with the lock directory.
 */
const ownerFs = {
    ...(external_node_fs_default()),
    mkdir(dir, callback) {
        external_node_fs_default().mkdir(dir, (err) => {
            if (err)
                return callback(err);
            // A failed owner write only loses the fast takeover; the lock is still ours.
            external_node_fs_default().writeFile(external_node_path_default().join(dir, OWNER_FILE), `${process.pid} ${HOSTNAME}\n`, () => callback(null));
        });
    },
    rmdir(dir, callback) {
        external_node_fs_default().rm(external_node_path_default().join(dir, OWNER_FILE), { force: true }, () => external_node_fs_default().rmdir(dir, callback));
    },
    rmdirSync(dir) {
        external_node_fs_default().rmSync(external_node_path_default().join(dir, OWNER_FILE), { force: true });
        external_node_fs_default().rmdirSync(dir);
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
        text = fs.readFileSync(path.join(lockDir, OWNER_FILE), 'latin1');
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
        this.lockfile ??= (await __webpack_require__.e(/* import() */ 648).then(__webpack_require__.t.bind(__webpack_require__, 83648, 23))).default;
        ensureDir(this.dir);
        const target = path.join(this.dir, key);
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
        return this.prefetcherRunning()
            ? this.inner.acquire(key, waitMs)
            : Promise.resolve({ acquired: true, release: NOOP_RELEASE });
    }
    prefetcherRunning() {
        // A stat at most every 100 ms; a prefetcher starts before the build, not mid-way.
        const now = performance.now();
        if (now - this.checkedAt >= 100) {
            this.checkedAt = now;
            const lockDir = path.join(this.dir, `${PREFETCHER}.lock`);
            const lock = fs.statSync(lockDir, { throwIfNoEntry: false });
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
async function locks_announcePrefetcher(dir) {
    const lockfile = (await __webpack_require__.e(/* import() */ 648).then(__webpack_require__.t.bind(__webpack_require__, 83648, 23))).default;
    ensureDir(dir);
    const target = path.join(dir, PREFETCHER);
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
    const locker = locks_createLocker(type, dir);
    return type === 'fslock' ? new PrefetchAwareLocker(locker, dir) : locker;
}
function locks_createLocker(type, dir) {
    switch (type) {
        case 'fslock':
            return new FileLocker(dir);
        case 'memory':
            return new MemoryLocker();
        case 'noop':
            return new NoopLocker();
    }
}

// EXTERNAL MODULE: ./src/cacheprog/manifest/manifest-store.ts
var manifest_store = __webpack_require__(10709);
// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __webpack_require__(73136);
// EXTERNAL MODULE: external "node:worker_threads"
var external_node_worker_threads_ = __webpack_require__(75919);
// EXTERNAL MODULE: ./src/cacheprog/manifest/pack.ts
var pack = __webpack_require__(54225);
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
    const here = fileURLToPath(import.meta.url);
    const file = path.join(path.dirname(here), `part-worker${path.extname(here)}`);
    if (!file.endsWith('.ts'))
        return { script: file, eval: false };
    return {
        script: `import('tsx/esm/api').then((tsx) => tsx.register()).then(() => import(${JSON.stringify(pathToFileURL(file).href)}))`,
        eval: true,
    };
}
/**
 * Threads for a machine: one core is left to go and this thread (a prefetch runs beside the build),
 * and each thread costs memory of its own (about 10 MB, plus the part it stores and its decoded
 * records: with two threads on two cores a restoring job server peaked at 150 MB, issue 22's bound).
 */
function partWriterThreads(cores = os.availableParallelism()) {
    return Math.max(1, Math.min(MAX_THREADS, cores - 1));
}
/**
 * Part writers on worker threads (partWriterThreads), started when the first part arrives. If a thread cannot start or dies, its part and every later one are
 * stored on this thread instead: slower, the same work (files are written whole through a rename,
 * so storing a record twice is harmless).
 */
function part_writer_startPartWriter(store, log, threads = partWriterThreads(), source = workerSource()) {
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
            thread = { worker: new Worker(source.script, { eval: source.eval, workerData: { dir: store.dir } }) };
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
async function pack_prefetch_prefetchPack(manifest, parts, wanted, deps) {
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

;// CONCATENATED MODULE: ./src/cacheprog/prefetch/prefetch-command.ts









/**
 * The prefetch subcommand: a process of its own beside per-process go servers. It finds the job's
 * manifest, downloads what it lists into the local cache and writes a stats file. Nothing here may
 * fail anything: every problem ends as one warning, and a run that is cut short (deadline, SIGTERM
 * from the post step) still records what it did.
 */
async function runPrefetch(config, log) {
    const stats = new Stats(config.backend);
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
            presence = await announcePrefetcher(config.lockDir);
        const store = localStoreOf(config);
        store.init();
        remote = await openRemote(config, { stats, warn: (m) => log.warn(m), who: 'prefetch' });
        if (!remote)
            return;
        const backend = remote.backend;
        const cache = new Cache({
            config,
            store,
            stats,
            log,
            locker: createLocker(config.lockType, config.lockDir),
            backend: async () => backend,
        });
        await prefetch_command_prefetchManifest({ config, log, stats, cache, objects: remote.objects, signal: controller.signal });
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
async function prefetch_command_prefetchManifest({ config, log, stats, cache, objects, signal: outer, }) {
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
            ? ` and a pack of ${pack.entries} in ${pack.parts.length} part(s) (${formatBytes(pack.bytes)})`
            : '';
        log.info(`prefetch: manifest ${found.key} lists ${ids.length} entries (${formatBytes(found.bytes)})${packText}`);
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
            `(${formatBytes(outcome.bytes + (packed?.bytes ?? 0))})${fromPack} in ${seconds} s; ` +
            `${initiallyLocal + outcome.alreadyLocal + (packed?.alreadyLocal ?? 0)} already local, ${outcome.notInRemote} not in the remote, ` +
            `${outcome.failed} failed, ${outcome.notTried} not tried${why}`);
    }
    finally {
        log.flushLimited();
        stats.add('prefetchMs', Math.round(performance.now() - started));
    }
}

// EXTERNAL MODULE: ./src/settings/table.ts
var table = __webpack_require__(22221);
;// CONCATENATED MODULE: ./src/action/constants.ts
// Names shared by action.yml, the main step and the post step. Keeping them in one place is what
// stops a renamed input or output from silently reading '' in the other step (the state the main
// step hands to the post step: step-state.ts).

// The inputs come from the settings table, with everything else about each setting.

/** Set by the main step: the runner gives later steps the outputs of main steps only. */
var constants_Outputs;
(function (Outputs) {
    Outputs["Backend"] = "backend";
    Outputs["BackendReason"] = "backend-reason";
    Outputs["CacheHit"] = "cache-hit";
    Outputs["RestoredKey"] = "restored-key";
    Outputs["RestoredEntries"] = "restored-entries";
    Outputs["RestoredBytes"] = "restored-bytes";
    Outputs["ModulesRestored"] = "modules-restored";
    Outputs["Scope"] = "scope";
    Outputs["StatsFile"] = "stats-file";
})(constants_Outputs || (constants_Outputs = {}));
/**
 * Sets every output at once: each way the main step can end calls this with all of them, so
 * none is left unset (a later step would read '' and not know why).
 */
function constants_setOutputs(values) {
    for (const [name, value] of Object.entries(values))
        core.setOutput(name, value);
}
const constants_GOCACHEPROG = 'GOCACHEPROG';
/** cache-max-size when the input is empty on a self-hosted runner, whose disk outlives the job. */
const SELF_HOSTED_CACHE_MAX_BYTES = (/* unused pure expression or super */ null && (10 * 1024 ** 3));

;// CONCATENATED MODULE: ./src/action/shared-cache-dir.ts


/**
 * RUNNER_TEMP is emptied before every job, so a cache dir under it is this job's alone; any
 * other dir (a self-hosted runner's persistent cache-dir) may be read by the jobs that follow.
 */
function shared_cache_dir_persistsAcrossJobs(cacheDir, runnerTemp) {
    if (!runnerTemp)
        return true;
    const rel = path.relative(path.resolve(runnerTemp), path.resolve(cacheDir));
    return rel === '' || rel.startsWith('..') || path.isAbsolute(rel);
}
/**
 * The local store follows the trust scopes as the remote does: go trusts a local entry like its
 * own GOCACHE, so a job that may not write what the default branch reads (a pull request, an
 * untrusted branch) reads a persistent cache dir but writes a store of its own run, under its
 * run dir, which goes with the job. A job of the trusted scope writes the shared dir.
 */
function localStoreDirs(cacheDir, runDir, trust, runnerTemp) {
    if (trust.write === TRUSTED_SCOPE || !shared_cache_dir_persistsAcrossJobs(cacheDir, runnerTemp))
        return { cacheDir };
    const own = path.join(runDir, 'cache');
    return {
        cacheDir: own,
        sharedCacheDir: cacheDir,
        note: `reads ${cacheDir}, writes ${own} (gone after the job): ${trust.why} may not write scope ${TRUSTED_SCOPE}, which the shared cache dir holds`,
    };
}

// EXTERNAL MODULE: ./src/action/step-state.ts
var step_state = __webpack_require__(64634);
;// CONCATENATED MODULE: ./src/action/github-step.ts
// backend: github in the main step: go's own cache, restored from the Actions cache (see
// github-cache.ts), read natively by every go command of the job. No GOCACHEPROG, no server.







/** Writes the live statistics file of a job whose go reads its own cache; returns its path. */
function github_step_writeNativeStats(runDir, stats) {
    const file = path.join(runDir, 'stats.json');
    writeFileAtomic(file, `${JSON.stringify({ ...stats, updatedAt: new Date().toISOString() })}\n`);
    return file;
}
/**
 * Last thing of the main step when go reads its own cache: only a restored, verified cache is
 * handed to go. An empty GOCACHEPROG is go's "unset", which also undoes an earlier use of this
 * action in the job.
 */
function github_step_handGoItsOwnCache(gocache) {
    core.exportVariable('GOCACHE', gocache);
    core.exportVariable(GOCACHEPROG, '');
}
/**
 * go's cache directory for this job: <cache-dir>/go-build, except on a cache-dir that outlives the
 * job (self-hosted; the same rule as the s3 and disk backends' local store, shared-cache-dir.ts)
 * for a job that may not write what the default branch reads: that job gets a directory of its
 * own run, restored from the Actions cache, so nothing it builds lands where a trusted job reads.
 */
function github_step_gocacheDir(inputs, runDir, trusted, runnerTemp = process.env.RUNNER_TEMP) {
    const ownRun = !trusted && persistsAcrossJobs(inputs.cacheDir, runnerTemp);
    return { dir: path.join(ownRun ? runDir : inputs.cacheDir, 'go-build'), ownRun };
}
async function beginGithubBackend(opts) {
    const { inputs, runDir } = opts;
    const trust = githubTrust(inputs);
    const { dir: gocache, ownRun } = github_step_gocacheDir(inputs, runDir, trust.trusted && trust.noSaveReason === undefined);
    if (ownRun) {
        core.info(`gobuildcache: this job may not write what the default branch reads, so go's cache is ${gocache} for this run only, not the shared cache-dir.`);
    }
    core.info(`Go's cache (GOCACHE): ${gocache}`);
    const state = await restoreActionsCaches({ ...opts, github: { gocache, trust } });
    const restore = state.github;
    const statsFile = github_step_writeNativeStats(runDir, {
        backend: 'github',
        restoredKey: restore?.restoredKey ?? '',
        restoredEntries: restore?.entries ?? 0,
        restoredBytes: restore?.bytes ?? 0,
        rejected: restore?.rejected ?? 0,
    });
    saveStepState({
        backend: 'github',
        statsDir: path.join(runDir, 'stats'),
        drainTimeoutMs: inputs.drainTimeoutMs,
        summary: inputs.summary,
    });
    setOutputs({
        [Outputs.Backend]: 'github',
        [Outputs.BackendReason]: inputs.backendReason,
        [Outputs.CacheHit]: String(Boolean(restore?.restoredKey)),
        [Outputs.RestoredKey]: restore?.restoredKey ?? '',
        [Outputs.RestoredEntries]: String(restore?.entries ?? 0),
        [Outputs.RestoredBytes]: String(restore?.bytes ?? 0),
        [Outputs.ModulesRestored]: String(Boolean(state.modules?.restoredKey)),
        [Outputs.Scope]: restore?.saveKey ? restore.saveKey.replace(/\/[^/]*$/, '/') : '',
        [Outputs.StatsFile]: statsFile,
    });
    github_step_handGoItsOwnCache(gocache);
}

;// CONCATENATED MODULE: ./src/action/native-cache.ts
// A bucket backend (s3, gcs) with native-cache: go's own cache (GOCACHE), filled before the first go command from
// the job's manifest through the prefetch's own download path (its pack parts and the entries too
// big for them, verified as they arrive, into a staging local store of this run), then moved
// into go's layout with every output checked against its name as backend github checks its
// archive (gocache-dir.ts placeVerified). No GOCACHEPROG, no job server: every go command runs at
// go's own speed, and what the manifest lacks is built, not fetched. The post step
// (s3-native-save.ts) uploads what go added and saves the manifest as the job server's post does.



















/**
 * What `native-cache: auto` picks for a bucket backend. The lead sets it from bench/ci-history.ts's
 * "ours, S3 native at 5 ms" against "ours, S3 at 5 ms" (issue 21): GOCACHEPROG until that says
 * go's own cache wins.
 */
const NATIVE_BY_DEFAULT = false;
function useNativeCache(inputs) {
    return inputs.nativeCache === 'true' || (inputs.nativeCache === 'auto' && NATIVE_BY_DEFAULT);
}
/**
 * The job waits for the restore (go has nothing to read until it ends), so it is bounded below
 * prefetch-timeout's background default; what is not placed by then, go builds.
 */
const RESTORE_TIMEOUT_MS = (/* unused pure expression or super */ null && (3 * 60_000));
/**
 * The entry go's cache holds for an action, or undefined when go would not use it either, or
 * when its output is a cached executable (`go run`, `go tool`): go keeps those as a directory
 * holding the named program, which an entry object cannot carry (restored as a plain file, go
 * would try to run it without the execute bit). go links them again; they stay out of the remote.
 */
function readGoEntry(gocache, actionId) {
    const f = (0,gocache_dir/* toCacheFile */.wt)(`${actionId}-a`);
    if (!f)
        return undefined;
    try {
        const file = (0,gocache_dir/* filePath */.s$)(gocache, f);
        const e = (0,gocache_dir/* parseActionEntry */.cG)(external_node_fs_default().readFileSync(file, 'latin1'));
        const out = e && (0,gocache_dir/* outputOf */.jH)(gocache, e.outputId);
        if (!e || !out || out.size !== e.size || e.actionId !== actionId)
            return undefined;
        if (out.file !== (0,gocache_dir/* filePath */.s$)(gocache, { name: `${e.outputId}-d` }))
            return undefined;
        return { ...e, time: external_node_fs_default().statSync(file).mtime, diskPath: out.file };
    }
    catch {
        return undefined;
    }
}
/**
 * The restore's staging store, which also answers with what go's cache holds already (a
 * persistent cache-dir on a self-hosted runner): the prefetch downloads only what go lacks, and
 * those entries count as restored, so the post step neither uploads them again nor misses them.
 */
class StagingStore extends local_store/* LocalStore */.Vs {
    gocache;
    /** Names (go's layout) of the entries found in go's cache and their outputs. */
    inGoCache = new Set();
    constructor(dir, gocache) {
        super(dir);
        this.gocache = gocache;
    }
    get(actionId) {
        const own = super.get(actionId);
        if (own)
            return own;
        const go = readGoEntry(this.gocache, actionId);
        if (go)
            this.inGoCache.add(`${actionId}-a`).add(`${go.outputId}-d`);
        return go;
    }
}
/** The staging store, and the settings that point the prefetch and the save at it. */
function nativeSettings(config, env, runDir, keys) {
    const storeDir = path.join(runDir, 'native-store');
    const cacheEnv = { ...env, ...settingsEnv({ cacheDir: storeDir }) };
    delete cacheEnv[envName('sharedCacheDir')];
    const nativeConfig = {
        ...config,
        cacheDir: storeDir,
        sharedCacheDir: undefined,
        ...(keys ? { manifestKey: keys.key, manifestRestoreKeys: keys.restoreKeys } : {}),
    };
    return { cacheEnv, nativeConfig };
}
/**
 * Downloads the manifest's entries into a staging store, writes them in go's layout and places
 * them, verified, into GOCACHE dated MARK_AGE_MS back (so go's use marks show). Never throws;
 * problems are one warning, and go builds what was not placed.
 */
async function restoreFromManifest(config, gocache, runDir) {
    const started = Date.now();
    const markTime = new Date(started - MARK_AGE_MS);
    const restoredFile = path.join(runDir, 'native-restored.txt');
    const result = { gocache, since: started, restoredFile, entries: 0, bytes: 0, rejected: 0, ms: 0 };
    fs.mkdirSync(gocache, { recursive: true });
    fs.writeFileSync(restoredFile, '');
    ageRecentFiles(gocache, markTime, started);
    const warnings = [];
    const log = new Logger(config.debug, (line) => {
        const text = line.trimEnd();
        if (text.includes('warning:'))
            warnings.push(text.replace(/^gobuildcache: warning: /, ''));
        else
            core.info(text);
    });
    const stats = new Stats(config.backend);
    const store = new StagingStore(config.cacheDir, gocache);
    const stage = path.join(runDir, 'native-stage');
    try {
        store.init();
        const remote = await openRemote(config, { stats, warn: (m) => log.warn(m), who: 'the restore' });
        if (remote) {
            try {
                const backend = remote.backend;
                const cache = new Cache({
                    config: { ...config, readOnly: true },
                    store,
                    stats,
                    log,
                    locker: createLocker('memory', config.lockDir),
                    backend: async () => backend,
                });
                const signal = AbortSignal.timeout(Math.min(RESTORE_TIMEOUT_MS, config.prefetchTimeoutMs));
                await prefetchManifest({ config, log, stats, cache, objects: remote.objects, signal });
            }
            finally {
                await remote.close().catch(() => { });
            }
        }
        stageInGoLayout(store, stage);
        const placed = await placeVerified(stage, gocache, markTime);
        fs.writeFileSync(restoredFile, [...placed.placed, ...store.inGoCache].join('\n'));
        Object.assign(result, { entries: placed.entries, bytes: placed.bytes, rejected: placed.rejected });
        if (config.statsDir)
            result.restoredKey = readRestored(config.statsDir)?.key;
    }
    catch (err) {
        warnings.push(`the restore stopped early: ${errorMessage(err)}`);
    }
    finally {
        fs.rmSync(stage, { recursive: true, force: true });
    }
    result.rejected += stats.counters.verifyRejects;
    result.downloadedBytes = stats.counters.bytesDownloaded;
    result.alreadyLocal = store.inGoCache.size / 2;
    result.ms = Date.now() - started;
    core.info(`Remote cache: placed ${result.entries} entries (${formatBytes(result.bytes)}) into GOCACHE` +
        `${result.restoredKey ? ` from the manifest ${result.restoredKey}` : ''} in ${(result.ms / 1000).toFixed(1)} s`);
    if (result.rejected > 0)
        warnings.unshift(`${result.rejected} downloaded record(s) did not match their name (sha256) and were dropped before go could read them; go rebuilds them. Check what else writes under this prefix.`);
    if (warnings.length > 0)
        core.warning(`gobuildcache: ${warnings[0]}${warnings.length > 1 ? ` (and ${warnings.length - 1} more in the log)` : ''}. go builds with what was restored.`, { title: 'Go build cache: restore' });
    for (const w of warnings.slice(1))
        core.info(`gobuildcache: ${w}`);
    return result;
}
/** Writes the store's entries as go's cache layout under `stage`: the outputs linked, each entry's line as go writes it. */
function stageInGoLayout(store, stage) {
    for (const { actionId, entry } of store.entries()) {
        const a = toCacheFile(`${actionId}-a`);
        const d = toCacheFile(`${entry.outputId}-d`);
        if (!a || !d)
            continue;
        fs.mkdirSync(path.dirname(filePath(stage, a)), { recursive: true });
        fs.mkdirSync(path.dirname(filePath(stage, d)), { recursive: true });
        const out = filePath(stage, d);
        if (!fs.existsSync(out))
            linkOrCopy(entry.diskPath, out);
        fs.writeFileSync(filePath(stage, a), formatActionEntry({ actionId, outputId: entry.outputId, size: entry.size }, entry.time));
    }
}
/**
 * The main step's bucket path with native-cache: restore, set the outputs, hand go its own cache.
 * The remote was checked usable already; module caches were restored.
 */
async function beginNativeCache(opts) {
    const { inputs, runDir, keys, scopes } = opts;
    const trusted = (scopes?.write ?? TRUSTED_SCOPE) === TRUSTED_SCOPE;
    const { dir: gocache, ownRun } = gocacheDir(inputs, runDir, trusted);
    if (ownRun)
        core.info(`gobuildcache: this job may not write what the default branch reads; GOCACHE is ${gocache}.`);
    core.info(`Go's cache (GOCACHE): ${gocache}, filled from the remote's manifest (native-cache)`);
    const { cacheEnv, nativeConfig } = nativeSettings(opts.config, opts.env, runDir, keys);
    const restore = keys
        ? await restoreFromManifest(nativeConfig, gocache, runDir)
        : { gocache, since: Date.now(), restoredFile: '', entries: 0, bytes: 0, rejected: 0, ms: 0 };
    const statsFile = writeNativeStats(runDir, {
        backend: opts.config.backend,
        nativeCache: true,
        restoredKey: restore.restoredKey ?? '',
        restoredEntries: restore.entries,
        restoredBytes: restore.bytes,
        rejected: restore.rejected,
        bytesDownloaded: restore.downloadedBytes ?? 0,
        alreadyLocal: restore.alreadyLocal ?? 0,
    });
    saveStepState({
        backend: opts.config.backend,
        cacheEnv,
        statsDir: opts.statsDir,
        drainTimeoutMs: inputs.drainTimeoutMs,
        summary: inputs.summary,
        nativeCache: restore,
        ...(keys && !inputs.readOnly ? { manifestKey: keys.key } : {}),
    });
    setOutputs({
        [Outputs.Backend]: opts.config.backend,
        [Outputs.BackendReason]: inputs.backendReason,
        [Outputs.CacheHit]: String(Boolean(restore.restoredKey)),
        [Outputs.RestoredKey]: restore.restoredKey ?? '',
        [Outputs.RestoredEntries]: String(restore.entries),
        [Outputs.RestoredBytes]: String(restore.bytes),
        [Outputs.ModulesRestored]: String(opts.modulesRestored),
        [Outputs.Scope]: scopes && !inputs.readOnly ? scopes.write : '',
        [Outputs.StatsFile]: statsFile,
    });
    handGoItsOwnCache(gocache);
}

;// CONCATENATED MODULE: ./src/action/native-cache-save.ts
// A bucket backend with native-cache, post step: what go added to its own cache during the job is
// uploaded as cache entries through openRemote's chain (scopes, read-only, circuit breaker,
// verifying), then the manifest is saved by save-manifest.ts exactly as after a job-server job,
// fed from go's cache: the entries the job used and added are recorded in the staging store the
// restore filled (added ones hard-linked in) and named in an action log, like a go process's.













/** go's mtime granularity and clock steps between the steps: marks a little before the restore still count. */
const MARK_SLACK_MS = 2_000;
/**
 * Uploads what go added and saves the manifest. Never throws; failures are one warning. A job
 * that added nothing opens no connection, and save-manifest finds its manifest unchanged.
 */
async function saveNative(config, restore, manifestKey, drainTimeoutMs) {
    const started = Date.now();
    const report = { added: 0, used: 0, uploaded: 0, uploadedBytes: 0, failed: 0, notTried: 0, ms: 0 };
    const done = () => ({ ...report, ms: Date.now() - started });
    let restored;
    try {
        restored = new Set(external_node_fs_default().readFileSync(restore.restoredFile, 'utf8').split('\n'));
    }
    catch {
        restored = new Set();
    }
    const h = (0,gocache_dir/* harvest */.I2)(restore.gocache, restored, restore.since - MARK_SLACK_MS);
    const store = (0,local_store/* localStoreOf */.IJ)(config);
    const added = [];
    const toAdopt = [];
    const ids = [];
    for (const f of [...h.used, ...h.added]) {
        if (f.kind !== 'a')
            continue;
        const e = readGoEntry(restore.gocache, f.id);
        if (!e)
            continue;
        ids.push(e.actionId);
        // The pack is built from the staging store: what it lacks (added, or found in a persistent
        // GOCACHE) is linked in. A restored entry go replaced names an output that was not restored.
        if (store.get(e.actionId)?.outputId !== e.outputId)
            toAdopt.push(e);
        if (restored.has(f.name) && restored.has(`${e.outputId}-d`))
            report.used++;
        else
            added.push(e);
    }
    report.added = added.length;
    if (config.readOnly)
        return { ...done(), reason: 'read-only: nothing is written to the remote' };
    let warning;
    try {
        for (const e of toAdopt)
            adopt(store, e);
    }
    catch (err) {
        lib_core/* info */.pq(`gobuildcache: could not link go's entries for the pack: ${(0,util_text/* errorMessage */.g)(err)}`);
    }
    if (added.length > 0) {
        let remote;
        const stats = new cacheprog_stats/* Stats */.Uz(config.backend);
        try {
            remote = await (0,open_remote/* openRemote */.d)(config, { stats, warn: (m) => (warning ??= m), who: 'the post step' });
            if (remote)
                await upload(remote, added, config, drainTimeoutMs, stats, report);
        }
        catch (err) {
            warning ??= (0,util_text/* errorMessage */.g)(err);
        }
        finally {
            await remote?.close().catch(() => { });
        }
        if (report.failed > 0 || report.notTried > 0)
            warning ??= `${report.failed + report.notTried} upload(s) failed or ran past drain-timeout`;
    }
    if (manifestKey && config.statsDir && ids.length > 0) {
        try {
            (0,action_log/* writeActionLog */.M)(config.statsDir, ids);
            const { saveManifest } = await __webpack_require__.e(/* import() */ 649).then(__webpack_require__.bind(__webpack_require__, 35411));
            report.manifest = await saveManifest(config, manifestKey, (m) => lib_core/* info */.pq(`gobuildcache: ${m}`));
        }
        catch (err) {
            report.manifest = { saved: false, reason: (0,util_text/* errorMessage */.g)(err) };
            warning ??= `the manifest ${manifestKey} was not saved: ${(0,util_text/* errorMessage */.g)(err)}`;
        }
    }
    if (warning)
        lib_core/* warning */.$e(`gobuildcache: ${warning}; the next run builds what is missing. The build was not affected.`, {
            title: 'Go build cache: upload',
        });
    return done();
}
/** Records an entry go added in the staging store, so the manifest's pack can hold it. */
function adopt(store, e) {
    store.adoptEntry(e.actionId, { outputId: e.outputId, size: e.size, time: e.time }, e.diskPath);
}
async function upload(remote, added, config, drainTimeoutMs, stats, report) {
    const signal = AbortSignal.timeout(Math.max(1_000, drainTimeoutMs));
    // The breaker counts remoteDisabled when it opens: past that point every put is a refusal.
    const stop = () => signal.aborted || stats.counters.remoteDisabled > 0;
    const tried = await (0,work_pool/* runInOrder */.lF)(added.length, Math.max(1, config.uploadConcurrency), async (i) => {
        const e = added[i];
        try {
            const body = await external_node_fs_default().promises.readFile(e.diskPath);
            await remote.backend.put(e.actionId, { outputId: e.outputId, size: e.size, time: e.time }, body, signal);
            report.uploaded++;
            report.uploadedBytes += e.size;
        }
        catch {
            report.failed++;
        }
    }, stop);
    report.notTried = added.length - tried;
}
/** The post step of a native-cache job: save, complete the stats file, write the summary. */
async function finishNativeJob(state) {
    const restore = state.nativeCache;
    let config;
    try {
        config = (0,cacheprog_config/* parseCommandLine */.Du)([], { ...process.env, ...(state.cacheEnv ?? {}) }).config;
    }
    catch (err) {
        lib_core/* warning */.$e(`gobuildcache: could not read the cache settings, so nothing is uploaded: ${(0,util_text/* errorMessage */.g)(err)}`);
    }
    const drainTimeoutMs = state.drainTimeoutMs ?? 0;
    const report = config ? await saveNative(config, restore, state.manifestKey, drainTimeoutMs) : undefined;
    if (report) {
        const manifest = report.manifest?.saved
            ? `manifest ${report.manifest.key} saved (${report.manifest.ids} entries)`
            : `manifest not saved: ${report.manifest?.reason ?? report.reason ?? 'nothing to record'}`;
        lib_core/* info */.pq(`gobuildcache: go used ${report.used} restored entries and added ${report.added}; uploaded ${report.uploaded} ` +
            `(${(0,cacheprog_stats/* formatBytes */.z3)(report.uploadedBytes)}) in ${(report.ms / 1000).toFixed(1)} s; ${manifest}.`);
    }
    await (0,actions_cache_steps/* saveActionsCaches */.i6)({ timeoutMs: Math.max(drainTimeoutMs, 10_000) });
    if (config?.statsFile && report)
        completeStats(config.statsFile, report);
    if (state.summary === false)
        return;
    try {
        const rows = [
            [{ data: 'Restored into GOCACHE', header: true }, `${restore.entries} entries (${(0,cacheprog_stats/* formatBytes */.z3)(restore.bytes)})`],
            [{ data: 'Manifest restored', header: true }, restore.restoredKey ?? 'none'],
            [{ data: 'Rejected (verification)', header: true }, String(restore.rejected)],
            [{ data: 'Used / added by go', header: true }, report ? `${report.used} / ${report.added}` : '–'],
            [
                { data: 'Uploaded', header: true },
                report ? `${report.uploaded} entries (${(0,cacheprog_stats/* formatBytes */.z3)(report.uploadedBytes)})` : '–',
            ],
        ];
        await lib_core/* summary */.z
            .emptyBuffer()
            .addHeading(`Go build cache: ${state.backend ?? 'bucket'}, go's own cache`, 3)
            .addTable(rows)
            .write();
    }
    catch (err) {
        lib_core/* warning */.$e(`gobuildcache: could not write the job summary: ${(0,util_text/* errorMessage */.g)(err)}`);
    }
}
function completeStats(file, report) {
    const { manifest: _m, ...figures } = report;
    try {
        (0,live_stats/* completeStatsFile */.H2)(file, figures);
    }
    catch (err) {
        lib_core/* debug */.Yz(`could not complete the statistics file ${file}: ${(0,util_text/* errorMessage */.g)(err)}`);
    }
}


/***/ }),

/***/ 53764:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   _h: () => (/* binding */ orphanedJournals),
/* harmony export */   a0: () => (/* binding */ readJournal),
/* harmony export */   fX: () => (/* binding */ metaOf),
/* harmony export */   lQ: () => (/* binding */ isPendingUpload)
/* harmony export */ });
/* unused harmony export UploadJournal */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _store_atomic_file_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(99306);
/* harmony import */ var _util_process_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(22017);
/* harmony import */ var _protocol_types_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(47802);






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
        ensureDir(dir);
        this.file = path.join(dir, `journal-${process.pid}-${crypto.randomBytes(4).toString('hex')}.jsonl`);
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
            fs.closeSync(this.fd);
        this.fd = undefined;
        fs.rmSync(this.file, { force: true });
    }
    append(line) {
        this.fd ??= inDir(this.dir, () => fs.openSync(this.file, 'a'));
        fs.writeSync(this.fd, line);
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

/***/ 74912:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Spool: () => (/* binding */ Spool)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _store_atomic_file_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(99306);
/* harmony import */ var _pending_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(53764);




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

/***/ 53544:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   v: () => (/* binding */ UploadQueue)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _pending_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(53764);
/* harmony import */ var node_timers_promises__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(58500);
/* harmony import */ var node_timers_promises__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_timers_promises__WEBPACK_IMPORTED_MODULE_2__);



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

/***/ 22017:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   W: () => (/* binding */ isRunning)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
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


/***/ })

};
