export const id = 742;
export const ids = [742];
export const modules = {

/***/ 47802:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   m: () => (/* binding */ HEX_ID)
/* harmony export */ });
/* unused harmony export KNOWN_COMMANDS */
/** A sha256 in lower-case hex: action and output ids, pack part keys. */
const HEX_ID = /^[0-9a-f]{64}$/;
const KNOWN_COMMANDS = (/* unused pure expression or super */ null && (['get', 'put', 'close']));


/***/ }),

/***/ 42891:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   EW: () => (/* binding */ readSmallFile),
/* harmony export */   IJ: () => (/* binding */ localStoreOf),
/* harmony export */   IP: () => (/* binding */ USE_RESOLUTION_MS),
/* harmony export */   Vs: () => (/* binding */ LocalStore),
/* harmony export */   Wf: () => (/* binding */ parseEntryLine),
/* harmony export */   ol: () => (/* binding */ listDir)
/* harmony export */ });
/* unused harmony exports BodyMismatchError, formatEntryLine */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _protocol_types_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(47802);
/* harmony import */ var _atomic_file_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(99306);





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

/***/ 83742:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   describeTrim: () => (/* binding */ describeTrim),
/* harmony export */   trimLocalCache: () => (/* binding */ trimLocalCache)
/* harmony export */ });
/* unused harmony export TRIM_LOW_WATER */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _stats_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(93697);
/* harmony import */ var _local_store_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(42891);
/* harmony import */ var _protocol_types_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(47802);





/**
 * Trims the local cache to a size cap, least recently used entries first, for machines that
 * keep their disk between jobs (self-hosted runners) and for a full disk.
 *
 * How use is recorded: an entry's index file (a/<xx>/<action id>) has its mtime set to now when
 * a lookup hits it and its mtime is more than USE_RESOLUTION_MS old (see LocalStore.get). That
 * costs nothing on most hits (get already stats the file) and one utimes per entry per hour on
 * the rest; atime is not used, since most runners mount with relatime or noatime. An output
 * (o/<xx>/<output id>) is young when it was written, or re-used by a new entry, recently.
 *
 * Safe while go commands read the cache:
 *  - an entry whose index file is younger than the trim start minus USE_RESOLUTION_MS may be in
 *    use by a running go command (a hit an hour ago touched nothing), so it is never removed;
 *  - index files go before outputs, and an output goes only when no index file seen by the walk
 *    still names it and the output itself is older than that cut-off, so an entry written or
 *    re-used during the trim (which makes its output young) keeps its output;
 *  - each index file is stat'ed again just before it is removed, so a hit during the trim saves it.
 * What is left is a hit in the microseconds between that stat and the unlink: go then finds the
 * file gone and treats the entry as a miss (it stats a DiskPath before it uses it).
 */

/** Trim down to this fraction of the cap, so that a cache at its cap is not trimmed on every run. */
const TRIM_LOW_WATER = 0.9;
/** Temp files (.tmp-<pid>-…) older than this are left over from a killed process. */
const STALE_TEMP_MS = _local_store_js__WEBPACK_IMPORTED_MODULE_3__/* .USE_RESOLUTION_MS */ .IP;
/** Yield to the event loop every so many files: a server calling this must keep reading go's stdin. */
const YIELD_EVERY = 512;
/** What a file takes on disk (what fills it), not its length: small files take a whole block. */
function diskBytes(st) {
    return typeof st.blocks === 'number' && st.blocks > 0 ? st.blocks * 512 : st.size;
}
function statQuiet(file) {
    try {
        return node_fs__WEBPACK_IMPORTED_MODULE_0___default().statSync(file, { throwIfNoEntry: false });
    }
    catch {
        return undefined;
    }
}
function unlinkQuiet(file) {
    try {
        node_fs__WEBPACK_IMPORTED_MODULE_0___default().unlinkSync(file);
        return true;
    }
    catch {
        return false;
    }
}
const tick = () => new Promise((resolve) => setImmediate(resolve));
/**
 * Removes least recently used entries until the cache takes at most the target (maxBytes *
 * TRIM_LOW_WATER), or until only entries too recently used to remove are left. Never throws for
 * a file that vanished or could not be removed: another process may be trimming or writing too.
 */
async function trimLocalCache(dir, maxBytes, options = {}) {
    const started = performance.now();
    const now = options.now ?? Date.now();
    const cutoff = now - (options.protectMs ?? _local_store_js__WEBPACK_IMPORTED_MODULE_3__/* .USE_RESOLUTION_MS */ .IP);
    const target = Math.min(maxBytes, options.targetBytes ?? Math.floor(maxBytes * TRIM_LOW_WATER));
    const indexes = [];
    const outputs = new Map();
    let total = 0;
    let tempFilesRemoved = 0;
    let seen = 0;
    const visit = async (sub, onFile) => {
        const root = node_path__WEBPACK_IMPORTED_MODULE_1___default().join(dir, sub);
        for (const shard of (0,_local_store_js__WEBPACK_IMPORTED_MODULE_3__/* .listDir */ .ol)(root)) {
            if (!/^[0-9a-f]{2}$/.test(shard))
                continue;
            const shardDir = node_path__WEBPACK_IMPORTED_MODULE_1___default().join(root, shard);
            for (const name of (0,_local_store_js__WEBPACK_IMPORTED_MODULE_3__/* .listDir */ .ol)(shardDir)) {
                if (++seen % YIELD_EVERY === 0)
                    await tick();
                const file = node_path__WEBPACK_IMPORTED_MODULE_1___default().join(shardDir, name);
                const st = statQuiet(file);
                if (!st?.isFile())
                    continue;
                if (name.startsWith('.tmp-')) {
                    if (st.mtimeMs < now - STALE_TEMP_MS && unlinkQuiet(file))
                        tempFilesRemoved++;
                    else
                        total += diskBytes(st);
                    continue;
                }
                if (!_protocol_types_js__WEBPACK_IMPORTED_MODULE_4__/* .HEX_ID */ .m.test(name))
                    continue;
                total += diskBytes(st);
                onFile(file, name, st);
            }
        }
    };
    await visit('a', (file, _name, st) => {
        const line = (0,_local_store_js__WEBPACK_IMPORTED_MODULE_3__/* .readSmallFile */ .EW)(file);
        const meta = line === undefined ? undefined : (0,_local_store_js__WEBPACK_IMPORTED_MODULE_3__/* .parseEntryLine */ .Wf)(line);
        indexes.push({ file, outputId: meta?.outputId, mtimeMs: st.mtimeMs, bytes: diskBytes(st) });
    });
    await visit('o', (file, name, st) => {
        outputs.set(name, { file, mtimeMs: st.mtimeMs, bytes: diskBytes(st) });
    });
    const bytesBefore = total;
    const entriesBefore = indexes.length;
    let entriesRemoved = 0;
    let outputsRemoved = 0;
    const refs = new Map();
    for (const index of indexes)
        if (index.outputId)
            refs.set(index.outputId, (refs.get(index.outputId) ?? 0) + 1);
    const removeOutput = (outputId) => {
        const output = outputs.get(outputId);
        if (!output || output.mtimeMs > cutoff)
            return;
        // Written or re-used by a new entry since the walk: it is in use again.
        const st = statQuiet(output.file);
        if (!st || st.mtimeMs > cutoff)
            return;
        if (unlinkQuiet(output.file)) {
            total -= output.bytes;
            outputsRemoved++;
        }
        outputs.delete(outputId);
    };
    if (total > target) {
        // Outputs no index file names (left by a replaced entry or a killed trim) are garbage.
        for (const outputId of [...outputs.keys()]) {
            if (total <= target)
                break;
            if (!refs.has(outputId))
                removeOutput(outputId);
        }
        indexes.sort((x, y) => x.mtimeMs - y.mtimeMs);
        for (const index of indexes) {
            if (total <= target || index.mtimeMs > cutoff)
                break;
            if (++seen % YIELD_EVERY === 0)
                await tick();
            // Used since the walk (a hit touches the file): keep it.
            const st = statQuiet(index.file);
            if (!st || st.mtimeMs > cutoff)
                continue;
            if (!unlinkQuiet(index.file))
                continue;
            total -= index.bytes;
            entriesRemoved++;
            if (!index.outputId)
                continue;
            const left = (refs.get(index.outputId) ?? 1) - 1;
            refs.set(index.outputId, left);
            if (left <= 0)
                removeOutput(index.outputId);
        }
    }
    return {
        bytesBefore,
        bytesAfter: total,
        entriesBefore,
        entriesRemoved,
        outputsRemoved,
        tempFilesRemoved,
        stillOver: total > maxBytes,
        ms: performance.now() - started,
    };
}
/** One line for a log: what the trim did. */
function describeTrim(dir, maxBytes, r) {
    const what = r.entriesRemoved > 0 || r.outputsRemoved > 0
        ? `removed ${r.entriesRemoved} of ${r.entriesBefore} entries (${r.outputsRemoved} outputs), ${(0,_stats_js__WEBPACK_IMPORTED_MODULE_2__/* .formatBytes */ .z3)(r.bytesBefore)} -> ${(0,_stats_js__WEBPACK_IMPORTED_MODULE_2__/* .formatBytes */ .z3)(r.bytesAfter)}`
        : `${(0,_stats_js__WEBPACK_IMPORTED_MODULE_2__/* .formatBytes */ .z3)(r.bytesBefore)} in ${r.entriesBefore} entries, nothing to remove`;
    const over = r.stillOver
        ? `; still over the cap: everything left was used within the last ${_local_store_js__WEBPACK_IMPORTED_MODULE_3__/* .USE_RESOLUTION_MS */ .IP / 3_600_000} h`
        : '';
    return `trim ${dir} to ${(0,_stats_js__WEBPACK_IMPORTED_MODULE_2__/* .formatBytes */ .z3)(maxBytes)}: ${what}${over} (${(r.ms / 1000).toFixed(1)} s)`;
}


/***/ })

};
