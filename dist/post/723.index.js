export const id = 723;
export const ids = [723];
export const modules = {

/***/ 44723:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  drainSpool: () => (/* binding */ drainSpool)
});

// EXTERNAL MODULE: ./src/cacheprog/redact.ts
var redact = __webpack_require__(64205);
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

// EXTERNAL MODULE: ./src/cacheprog/remote/open-remote.ts + 5 modules
var open_remote = __webpack_require__(1459);
// EXTERNAL MODULE: ./src/cacheprog/stats.ts
var cacheprog_stats = __webpack_require__(93697);
// EXTERNAL MODULE: ./src/cacheprog/uploads/spool.ts
var uploads_spool = __webpack_require__(74912);
// EXTERNAL MODULE: ./src/cacheprog/uploads/upload-queue.ts
var upload_queue = __webpack_require__(53544);
// EXTERNAL MODULE: external "node:timers/promises"
var promises_ = __webpack_require__(58500);
;// CONCATENATED MODULE: ./src/cacheprog/uploads/drain.ts






/** Uploads everything the go processes left in the spool, within a deadline. */
async function drainSpool(config, options) {
    const spool = new uploads_spool.Spool(config.spoolDir);
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
