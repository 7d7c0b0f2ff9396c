export const id = 912;
export const ids = [912];
export const modules = {

/***/ 7802:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   m: () => (/* binding */ HEX_ID)
/* harmony export */ });
/* unused harmony export KNOWN_COMMANDS */
/** A sha256 in lower-case hex: action and output ids, pack part keys. */
const HEX_ID = /^[0-9a-f]{64}$/;
const KNOWN_COMMANDS = (/* unused pure expression or super */ null && (['get', 'put', 'close']));


/***/ }),

/***/ 9187:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  lQ: () => (/* binding */ isPendingUpload),
  fX: () => (/* binding */ metaOf),
  _h: () => (/* binding */ orphanedJournals),
  a0: () => (/* binding */ readJournal)
});

// UNUSED EXPORTS: UploadJournal

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
var external_node_fs_default = /*#__PURE__*/__webpack_require__.n(external_node_fs_);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/cacheprog/store/atomic-file.ts
var atomic_file = __webpack_require__(9306);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
var external_node_os_default = /*#__PURE__*/__webpack_require__.n(external_node_os_);
;// CONCATENATED MODULE: ./src/cacheprog/store/locks.ts




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
        stat = external_node_fs_default().readFileSync(`/proc/${pid}/stat`, 'latin1');
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
        this.lockfile ??= (await __webpack_require__.e(/* import() */ 648).then(__webpack_require__.t.bind(__webpack_require__, 3648, 23))).default;
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
        return this.prefetcherRunning() ? this.inner.acquire(key, waitMs) : Promise.resolve({ acquired: true, release: NOOP_RELEASE });
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
async function announcePrefetcher(dir) {
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

// EXTERNAL MODULE: ./src/cacheprog/protocol/types.ts
var types = __webpack_require__(7802);
;// CONCATENATED MODULE: ./src/cacheprog/uploads/pending.ts






function isPendingUpload(value) {
    const p = value;
    return (typeof p === 'object' && p !== null && types/* HEX_ID */.m.test(String(p.actionId)) && types/* HEX_ID */.m.test(String(p.outputId)) &&
        Number.isSafeInteger(p.size) && p.size >= 0 && typeof p.path === 'string' && external_node_path_default().isAbsolute(p.path) &&
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
        .filter(({ pid }) => pid > 0 && (pid === process.pid ? false : !isRunning(pid)))
        .map(({ name }) => external_node_path_default().join(dir, name));
}


/***/ }),

/***/ 4912:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Spool: () => (/* binding */ Spool)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _store_atomic_file_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9306);
/* harmony import */ var _pending_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9187);




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


/***/ })

};
