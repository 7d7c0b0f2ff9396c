export const id = 754;
export const ids = [754];
export const modules = {

/***/ 4754:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  NATIVE_BY_DEFAULT: () => (/* binding */ NATIVE_BY_DEFAULT),
  beginNativeCache: () => (/* binding */ beginNativeCache),
  readGoEntry: () => (/* binding */ readGoEntry),
  restoreFromManifest: () => (/* binding */ restoreFromManifest),
  useNativeCache: () => (/* binding */ useNativeCache)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
var external_node_fs_default = /*#__PURE__*/__webpack_require__.n(external_node_fs_);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var core = __webpack_require__(3838);
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

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
var external_node_crypto_default = /*#__PURE__*/__webpack_require__.n(external_node_crypto_);
// EXTERNAL MODULE: ./src/cacheprog/store/atomic-file.ts
var atomic_file = __webpack_require__(9306);
// EXTERNAL MODULE: ./src/util/process.ts
var util_process = __webpack_require__(2017);
// EXTERNAL MODULE: ./src/cacheprog/protocol/types.ts
var types = __webpack_require__(7802);
;// CONCATENATED MODULE: ./src/cacheprog/uploads/pending.ts






function isPendingUpload(value) {
    const p = value;
    return (typeof p === 'object' &&
        p !== null &&
        types/* HEX_ID */.m.test(String(p.actionId)) &&
        types/* HEX_ID */.m.test(String(p.outputId)) &&
        Number.isSafeInteger(p.size) &&
        p.size >= 0 &&
        typeof p.path === 'string' &&
        external_node_path_default().isAbsolute(p.path) &&
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
        (0,atomic_file/* ensureDir */.A0)(dir);
        this.file = external_node_path_default().join(dir, `journal-${process.pid}-${external_node_crypto_default().randomBytes(4).toString('hex')}.jsonl`);
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
            external_node_fs_default().closeSync(this.fd);
        this.fd = undefined;
        external_node_fs_default().rmSync(this.file, { force: true });
    }
    append(line) {
        this.fd ??= (0,atomic_file/* inDir */.Xf)(this.dir, () => external_node_fs_default().openSync(this.file, 'a'));
        external_node_fs_default().writeSync(this.fd, line);
    }
}
/** What a journal still owed when its process stopped: every added upload not marked done. */
function readJournal(file) {
    const pending = new Map();
    for (const line of external_node_fs_default().readFileSync(file, 'utf8').split('\n')) {
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
        names = external_node_fs_default().readdirSync(dir);
    }
    catch {
        return [];
    }
    return names
        .map((name) => ({ name, pid: Number(JOURNAL.exec(name)?.[1]) }))
        .filter(({ pid }) => pid > 0 && (pid === process.pid ? false : !(0,util_process/* isRunning */.W)(pid)))
        .map(({ name }) => external_node_path_default().join(dir, name));
}

;// CONCATENATED MODULE: ./src/cacheprog/uploads/spool.ts




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
        (0,atomic_file/* writeFileAtomic */.Zf)(external_node_path_default().join(this.dir, `${entry.actionId}.json`), JSON.stringify(entry));
    }
    /** Turns the journals of dead processes into spool entries; returns how many uploads they owed. */
    adopt() {
        let owed = 0;
        for (const file of orphanedJournals(this.dir)) {
            try {
                const pending = readJournal(file);
                for (const upload of pending)
                    this.add(upload);
                owed += pending.length;
                external_node_fs_default().rmSync(file, { force: true });
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
            names = external_node_fs_default().readdirSync(this.dir).filter((n) => n.endsWith('.json'));
        }
        catch {
            return [];
        }
        const entries = [];
        for (const name of names) {
            const file = external_node_path_default().join(this.dir, name);
            try {
                const entry = JSON.parse(external_node_fs_default().readFileSync(file, 'utf8'));
                if (!isPendingUpload(entry))
                    throw new Error('not a pending upload');
                entries.push(entry);
            }
            catch (err) {
                // A file vanishing under us means another drain took it: not an error.
                if (err.code === 'ENOENT')
                    continue;
                onBad(file, err.message);
                external_node_fs_default().rmSync(file, { force: true });
            }
        }
        return entries;
    }
    /** Removes an entry once uploaded, unless a newer put replaced it meanwhile. */
    remove(entry) {
        const file = external_node_path_default().join(this.dir, `${entry.actionId}.json`);
        try {
            const current = JSON.parse(external_node_fs_default().readFileSync(file, 'utf8'));
            if (current.outputId === entry.outputId)
                external_node_fs_default().rmSync(file, { force: true });
        }
        catch {
            // Already gone: another drain got there first.
        }
    }
    /** Spooled entries plus what dead processes' journals still owe. */
    count() {
        let n;
        try {
            n = external_node_fs_default().readdirSync(this.dir).filter((name) => name.endsWith('.json')).length;
        }
        catch {
            return 0;
        }
        for (const file of orphanedJournals(this.dir)) {
            try {
                n += readJournal(file).length;
            }
            catch {
                // gone
            }
        }
        return n;
    }
}

// EXTERNAL MODULE: external "node:timers/promises"
var promises_ = __webpack_require__(8500);
;// CONCATENATED MODULE: ./src/cacheprog/uploads/upload-queue.ts



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
                const { transferredBytes } = await this.backend.put(job.actionId, metaOf(job), body);
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
                await (0,promises_.setTimeout)(this.backoffMs * 4 ** (attempt - 1) * (0.5 + Math.random()));
            }
        }
    }
    async readBody(job) {
        let body;
        try {
            body = await external_node_fs_default().promises.readFile(job.path);
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
const SPILL_BYTES = 4 * 1024 * 1024;
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

// EXTERNAL MODULE: ./src/cacheprog/redact.ts
var redact = __webpack_require__(4205);
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
const REWRITE_AFTER_MS = (/* unused pure expression or super */ null && (24 * 60 * 60 * 1000));
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

// EXTERNAL MODULE: ./src/cacheprog/remote/open-remote.ts + 5 modules
var open_remote = __webpack_require__(1459);
// EXTERNAL MODULE: ./src/cacheprog/stats.ts
var cacheprog_stats = __webpack_require__(3697);
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
            (0,atomic_file/* ensureDir */.A0)(external_node_path_default().join(this.dir, 'a'));
            (0,atomic_file/* ensureDir */.A0)(external_node_path_default().join(this.dir, 'o'));
            external_node_fs_default().accessSync(this.dir, (external_node_fs_default()).constants.W_OK);
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
            (0,atomic_file/* ensureDirAsync */.s6)(external_node_path_default().join(this.dir, 'a', shard)),
            (0,atomic_file/* ensureDirAsync */.s6)(external_node_path_default().join(this.dir, 'o', shard)),
        ]));
    }
    outputPath(outputId) {
        return external_node_path_default().join(this.dir, 'o', outputId.slice(0, 2), outputId);
    }
    entryPath(actionId) {
        return external_node_path_default().join(this.dir, 'a', actionId.slice(0, 2), actionId);
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
        const st = external_node_fs_default().statSync(file, { throwIfNoEntry: false });
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
        return external_node_fs_default().statSync(this.outputPath(outputId), { throwIfNoEntry: false })?.size === size;
    }
    /**
     * An output already on disk that a new entry now names: made young again for the trim, which
     * removes only outputs older than its cut-off (else a trim could take it from the new entry).
     */
    reuseOutput(outputId) {
        const file = this.outputPath(outputId);
        const st = external_node_fs_default().statSync(file, { throwIfNoEntry: false });
        if (st)
            touchIfOlder(file, st.mtimeMs);
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
        const root = external_node_path_default().join(this.dir, 'a');
        for (const shard of listDir(root))
            for (const actionId of listDir(external_node_path_default().join(root, shard))) {
                const entry = types/* HEX_ID */.m.test(actionId) ? this.getOwn(actionId, false) : undefined;
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
            (0,atomic_file/* ensureDir */.A0)(external_node_path_default().dirname(out));
            const tmp = `${out}.adopt-${process.pid}`;
            external_node_fs_default().rmSync(tmp, { force: true });
            (0,atomic_file/* linkOrCopy */.L7)(file, tmp);
            external_node_fs_default().renameSync(tmp, out);
        }
        return this.putEntry(actionId, meta);
    }
    /** The output of an entry get() returned (its file may be in the shared store). */
    readOutput(entry) {
        return external_node_fs_default().promises.readFile(entry.diskPath);
    }
    clear() {
        external_node_fs_default().rmSync(this.dir, { recursive: true, force: true });
    }
}
/** The store a process with this configuration uses: its own dir, then the shared one it may only read. */
function local_store_localStoreOf(config) {
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
        external_node_fs_default().utimesSync(file, t, t);
    }
    catch {
        // Gone or read-only: the entry only loses its place in the LRU order.
    }
}
/** A directory's names, none when it cannot be read (a shard not created yet, a cache dir in use). */
function listDir(dir) {
    try {
        return external_node_fs_default().readdirSync(dir);
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
    if (version !== ENTRY_VERSION || !outputId || !types/* HEX_ID */.m.test(outputId))
        return undefined;
    const n = Number(size);
    const t = new Date(time ?? '');
    if (!Number.isSafeInteger(n) || n < 0 || Number.isNaN(t.getTime()))
        return undefined;
    return { outputId, size: n, time: t };
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
var external_node_os_default = /*#__PURE__*/__webpack_require__.n(external_node_os_);
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
        text = external_node_fs_default().readFileSync(external_node_path_default().join(lockDir, OWNER_FILE), 'latin1');
    }
    catch {
        return undefined;
    }
    const [pidText, host] = text.trim().split(' ');
    const pid = Number(pidText);
    if (!Number.isSafeInteger(pid) || pid <= 0 || host !== HOSTNAME || pid === process.pid)
        return undefined;
    return (0,util_process/* isRunning */.W)(pid) ? undefined : pid;
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
            await Promise.race([current, (0,promises_.setTimeout)(left)]);
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
        this.lockfile ??= (await __webpack_require__.e(/* import() */ 648).then(__webpack_require__.t.bind(__webpack_require__, 3648, 23))).default;
        (0,atomic_file/* ensureDir */.A0)(this.dir);
        const target = external_node_path_default().join(this.dir, key);
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
                await (0,promises_.setTimeout)(Math.min(delay, left));
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
    const lockfile = (await __webpack_require__.e(/* import() */ 648).then(__webpack_require__.t.bind(__webpack_require__, 3648, 23))).default;
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

// EXTERNAL MODULE: ./src/cacheprog/remote/scopes.ts
var remote_scopes = __webpack_require__(724);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
var external_node_zlib_default = /*#__PURE__*/__webpack_require__.n(external_node_zlib_);
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

// EXTERNAL MODULE: ./src/cacheprog/manifest/manifest-key.ts
var manifest_key = __webpack_require__(7083);
// EXTERNAL MODULE: ./src/cacheprog/remote/backend.ts
var backend = __webpack_require__(3345);
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
const PACK_PART_BYTES = (/* unused pure expression or super */ null && (4 * 1024 * 1024));
/**
 * Entries bigger than this stay out of packs: one gains nothing from a pack (one request either
 * way), and would make its part, held whole in the prefetching job server's memory, as big as
 * itself. The prefetch fetches it on its own, streamed to disk like any other big get. High
 * enough that std's biggest archive (runtime, ~13 MB) is still packed.
 */
const PACK_ALONE_BYTES = (/* unused pure expression or super */ null && (32 * 1024 * 1024));
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
        await verifyEntry(actionId, entry, body, 'local output');
    }
    catch (err) {
        return { actionId, skipped: err.message };
    }
    return { actionId, object: await encodeObject(actionId, entry, body, { compression }) };
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
async function* work_pool_mapInOrder(count, concurrency, task) {
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
            const key = (0,manifest_key/* sanitizeManifestKey */.sQ)(raw);
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
            const found = (0,manifest_key/* isRestorePrefix */.jX)(objectKey) ? await newestUnder(store, objectKey, signal) : objectKey;
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
    const clean = (0,manifest_key/* sanitizeManifestKey */.sQ)(key);
    if (clean === '' || (0,manifest_key/* isRestorePrefix */.jX)(clean))
        throw new ManifestError(`"${key}" is not a manifest key (it is empty or ends in '/')`);
    return clean;
}

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

// EXTERNAL MODULE: ./src/settings/table.ts
var table = __webpack_require__(2221);
// EXTERNAL MODULE: ./src/util/text.ts
var util_text = __webpack_require__(9997);
// EXTERNAL MODULE: ./src/action/constants.ts
var constants = __webpack_require__(915);
// EXTERNAL MODULE: ./src/action/github-step.ts
var github_step = __webpack_require__(8998);
// EXTERNAL MODULE: ./src/action/gocache-dir.ts
var gocache_dir = __webpack_require__(1932);
// EXTERNAL MODULE: ./src/action/step-state.ts
var step_state = __webpack_require__(4634);
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
const RESTORE_TIMEOUT_MS = 3 * 60_000;
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
class StagingStore extends LocalStore {
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
    const storeDir = external_node_path_default().join(runDir, 'native-store');
    const cacheEnv = { ...env, ...(0,table/* settingsEnv */.b2)({ cacheDir: storeDir }) };
    delete cacheEnv[(0,table/* envName */.pD)('sharedCacheDir')];
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
    const markTime = new Date(started - gocache_dir/* MARK_AGE_MS */.Vq);
    const restoredFile = external_node_path_default().join(runDir, 'native-restored.txt');
    const result = { gocache, since: started, restoredFile, entries: 0, bytes: 0, rejected: 0, ms: 0 };
    external_node_fs_default().mkdirSync(gocache, { recursive: true });
    external_node_fs_default().writeFileSync(restoredFile, '');
    (0,gocache_dir/* ageRecentFiles */.Us)(gocache, markTime, started);
    const warnings = [];
    const log = new Logger(config.debug, (line) => {
        const text = line.trimEnd();
        if (text.includes('warning:'))
            warnings.push(text.replace(/^gobuildcache: warning: /, ''));
        else
            core/* info */.pq(text);
    });
    const stats = new cacheprog_stats/* Stats */.Uz(config.backend);
    const store = new StagingStore(config.cacheDir, gocache);
    const stage = external_node_path_default().join(runDir, 'native-stage');
    try {
        store.init();
        const remote = await (0,open_remote.openRemote)(config, { stats, warn: (m) => log.warn(m), who: 'the restore' });
        if (remote) {
            try {
                const backend = remote.backend;
                const cache = new cache_Cache({
                    config: { ...config, readOnly: true },
                    store,
                    stats,
                    log,
                    locker: locks_createLocker('memory', config.lockDir),
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
        const placed = await (0,gocache_dir/* placeVerified */.eE)(stage, gocache, markTime);
        external_node_fs_default().writeFileSync(restoredFile, [...placed.placed, ...store.inGoCache].join('\n'));
        Object.assign(result, { entries: placed.entries, bytes: placed.bytes, rejected: placed.rejected });
        if (config.statsDir)
            result.restoredKey = readRestored(config.statsDir)?.key;
    }
    catch (err) {
        warnings.push(`the restore stopped early: ${(0,util_text/* errorMessage */.g)(err)}`);
    }
    finally {
        external_node_fs_default().rmSync(stage, { recursive: true, force: true });
    }
    result.rejected += stats.counters.verifyRejects;
    result.downloadedBytes = stats.counters.bytesDownloaded;
    result.alreadyLocal = store.inGoCache.size / 2;
    result.ms = Date.now() - started;
    core/* info */.pq(`Remote cache: placed ${result.entries} entries (${(0,cacheprog_stats/* formatBytes */.z3)(result.bytes)}) into GOCACHE` +
        `${result.restoredKey ? ` from the manifest ${result.restoredKey}` : ''} in ${(result.ms / 1000).toFixed(1)} s`);
    if (result.rejected > 0)
        warnings.unshift(`${result.rejected} downloaded record(s) did not match their name (sha256) and were dropped before go could read them; go rebuilds them. Check what else writes under this prefix.`);
    if (warnings.length > 0)
        core/* warning */.$e(`gobuildcache: ${warnings[0]}${warnings.length > 1 ? ` (and ${warnings.length - 1} more in the log)` : ''}. go builds with what was restored.`, { title: 'Go build cache: restore' });
    for (const w of warnings.slice(1))
        core/* info */.pq(`gobuildcache: ${w}`);
    return result;
}
/** Writes the store's entries as go's cache layout under `stage`: the outputs linked, each entry's line as go writes it. */
function stageInGoLayout(store, stage) {
    for (const { actionId, entry } of store.entries()) {
        const a = (0,gocache_dir/* toCacheFile */.wt)(`${actionId}-a`);
        const d = (0,gocache_dir/* toCacheFile */.wt)(`${entry.outputId}-d`);
        if (!a || !d)
            continue;
        external_node_fs_default().mkdirSync(external_node_path_default().dirname((0,gocache_dir/* filePath */.s$)(stage, a)), { recursive: true });
        external_node_fs_default().mkdirSync(external_node_path_default().dirname((0,gocache_dir/* filePath */.s$)(stage, d)), { recursive: true });
        const out = (0,gocache_dir/* filePath */.s$)(stage, d);
        if (!external_node_fs_default().existsSync(out))
            (0,atomic_file/* linkOrCopy */.L7)(entry.diskPath, out);
        external_node_fs_default().writeFileSync((0,gocache_dir/* filePath */.s$)(stage, a), (0,gocache_dir/* formatActionEntry */.mG)({ actionId, outputId: entry.outputId, size: entry.size }, entry.time));
    }
}
/**
 * The main step's bucket path with native-cache: restore, set the outputs, hand go its own cache.
 * The remote was checked usable already; module caches were restored.
 */
async function beginNativeCache(opts) {
    const { inputs, runDir, keys, scopes } = opts;
    const trusted = (scopes?.write ?? remote_scopes/* TRUSTED_SCOPE */.tZ) === remote_scopes/* TRUSTED_SCOPE */.tZ;
    const { dir: gocache, ownRun } = (0,github_step/* gocacheDir */.oQ)(inputs, runDir, trusted);
    if (ownRun)
        core/* info */.pq(`gobuildcache: this job may not write what the default branch reads; GOCACHE is ${gocache}.`);
    core/* info */.pq(`Go's cache (GOCACHE): ${gocache}, filled from the remote's manifest (native-cache)`);
    const { cacheEnv, nativeConfig } = nativeSettings(opts.config, opts.env, runDir, keys);
    const restore = keys
        ? await restoreFromManifest(nativeConfig, gocache, runDir)
        : { gocache, since: Date.now(), restoredFile: '', entries: 0, bytes: 0, rejected: 0, ms: 0 };
    const statsFile = (0,github_step/* writeNativeStats */.a9)(runDir, {
        backend: opts.config.backend,
        nativeCache: true,
        restoredKey: restore.restoredKey ?? '',
        restoredEntries: restore.entries,
        restoredBytes: restore.bytes,
        rejected: restore.rejected,
        bytesDownloaded: restore.downloadedBytes ?? 0,
        alreadyLocal: restore.alreadyLocal ?? 0,
    });
    (0,step_state/* saveStepState */.jU)({
        backend: opts.config.backend,
        cacheEnv,
        statsDir: opts.statsDir,
        drainTimeoutMs: inputs.drainTimeoutMs,
        summary: inputs.summary,
        nativeCache: restore,
        ...(keys && !inputs.readOnly ? { manifestKey: keys.key } : {}),
    });
    (0,constants/* setOutputs */.n0)({
        [constants/* Outputs */.tY.Backend]: opts.config.backend,
        [constants/* Outputs */.tY.BackendReason]: inputs.backendReason,
        [constants/* Outputs */.tY.CacheHit]: String(Boolean(restore.restoredKey)),
        [constants/* Outputs */.tY.RestoredKey]: restore.restoredKey ?? '',
        [constants/* Outputs */.tY.RestoredEntries]: String(restore.entries),
        [constants/* Outputs */.tY.RestoredBytes]: String(restore.bytes),
        [constants/* Outputs */.tY.ModulesRestored]: String(opts.modulesRestored),
        [constants/* Outputs */.tY.Scope]: scopes && !inputs.readOnly ? scopes.write : '',
        [constants/* Outputs */.tY.StatsFile]: statsFile,
    });
    (0,github_step/* handGoItsOwnCache */.MC)(gocache);
}


/***/ })

};
