export const id = 966;
export const ids = [966];
export const modules = {

/***/ 4966:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   finishNativeJob: () => (/* binding */ finishNativeJob),
/* harmony export */   saveNative: () => (/* binding */ saveNative)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4846);
/* harmony import */ var _cacheprog_config_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6900);
/* harmony import */ var _cacheprog_manifest_action_log_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8963);
/* harmony import */ var _cacheprog_remote_open_remote_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8908);
/* harmony import */ var _cacheprog_stats_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(3899);
/* harmony import */ var _cacheprog_store_atomic_file_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(7376);
/* harmony import */ var _cacheprog_store_local_store_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(8825);
/* harmony import */ var _util_text_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(9083);
/* harmony import */ var _util_work_pool_js__WEBPACK_IMPORTED_MODULE_11__ = __webpack_require__(216);
/* harmony import */ var _actions_cache_steps_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(7370);
/* harmony import */ var _gocache_dir_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(8398);
// backend s3 with native-cache, post step: what go added to its own cache during the job is
// uploaded as cache entries through openRemote's chain (scopes, read-only, circuit breaker,
// verifying), then the manifest is saved by save-manifest.ts exactly as after a job-server job,
// fed from go's cache: the entries the job used and added are recorded in the staging store the
// restore filled (added ones hard-linked in) and named in an action log, like a go process's.












/** go's mtime granularity and clock steps between the steps: marks a little before the restore still count. */
const MARK_SLACK_MS = 2_000;
/** An action entry of go's cache with its output's file, or undefined when go would not use it either. */
function readGoEntry(gocache, f) {
    try {
        const file = (0,_gocache_dir_js__WEBPACK_IMPORTED_MODULE_9__/* .filePath */ .s$)(gocache, f);
        const e = (0,_gocache_dir_js__WEBPACK_IMPORTED_MODULE_9__/* .parseActionEntry */ .cG)(node_fs__WEBPACK_IMPORTED_MODULE_0___default().readFileSync(file, 'latin1'));
        const out = e && (0,_gocache_dir_js__WEBPACK_IMPORTED_MODULE_9__/* .outputOf */ .jH)(gocache, e.outputId);
        if (!e || !out || out.size !== e.size || e.actionId !== f.id)
            return undefined;
        return { ...e, time: node_fs__WEBPACK_IMPORTED_MODULE_0___default().statSync(file).mtime, file: out.file };
    }
    catch {
        return undefined;
    }
}
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
        restored = new Set(node_fs__WEBPACK_IMPORTED_MODULE_0___default().readFileSync(restore.restoredFile, 'utf8').split('\n'));
    }
    catch {
        restored = new Set();
    }
    const h = (0,_gocache_dir_js__WEBPACK_IMPORTED_MODULE_9__/* .harvest */ .I2)(restore.gocache, restored, restore.since - MARK_SLACK_MS);
    const store = (0,_cacheprog_store_local_store_js__WEBPACK_IMPORTED_MODULE_7__/* .localStoreOf */ .IJ)(config);
    const added = [];
    const ids = [];
    for (const f of [...h.used, ...h.added]) {
        if (f.kind !== 'a')
            continue;
        const e = readGoEntry(restore.gocache, f);
        if (!e)
            continue;
        ids.push(e.actionId);
        // A restored entry go replaced (another output for the same action) is new to the remote too.
        const known = restored.has(f.name) && store.get(e.actionId)?.outputId === e.outputId;
        if (known)
            report.used++;
        else
            added.push(e);
    }
    report.added = added.length;
    if (config.readOnly)
        return { ...done(), reason: 'read-only: nothing is written to the remote' };
    let warning;
    if (added.length > 0) {
        let remote;
        const stats = new _cacheprog_stats_js__WEBPACK_IMPORTED_MODULE_5__/* .Stats */ .Uz('s3');
        try {
            for (const e of added)
                adopt(store, e);
            remote = await (0,_cacheprog_remote_open_remote_js__WEBPACK_IMPORTED_MODULE_4__/* .openRemote */ .d)(config, { stats, warn: (m) => (warning ??= m), who: 'the post step' });
            if (remote)
                await upload(remote, added, config, drainTimeoutMs, stats, report);
        }
        catch (err) {
            warning ??= (0,_util_text_js__WEBPACK_IMPORTED_MODULE_10__/* .errorMessage */ .g)(err);
        }
        finally {
            await remote?.close().catch(() => { });
        }
        if (report.failed > 0 || report.notTried > 0)
            warning ??= `${report.failed + report.notTried} upload(s) failed or ran past drain-timeout`;
    }
    if (manifestKey && config.statsDir && ids.length > 0) {
        try {
            (0,_cacheprog_manifest_action_log_js__WEBPACK_IMPORTED_MODULE_3__/* .writeActionLog */ .M)(config.statsDir, ids);
            const { saveManifest } = await __webpack_require__.e(/* import() */ 412).then(__webpack_require__.bind(__webpack_require__, 3031));
            report.manifest = await saveManifest(config, manifestKey, (m) => _actions_core__WEBPACK_IMPORTED_MODULE_1__/* .info */ .pq(`gobuildcache: ${m}`));
        }
        catch (err) {
            report.manifest = { saved: false, reason: (0,_util_text_js__WEBPACK_IMPORTED_MODULE_10__/* .errorMessage */ .g)(err) };
            warning ??= `the manifest ${manifestKey} was not saved: ${(0,_util_text_js__WEBPACK_IMPORTED_MODULE_10__/* .errorMessage */ .g)(err)}`;
        }
    }
    if (warning)
        _actions_core__WEBPACK_IMPORTED_MODULE_1__/* .warning */ .$e(`gobuildcache: ${warning}; the next run builds what is missing. The build was not affected.`, {
            title: 'Go build cache: upload',
        });
    return done();
}
/** Records an entry go added in the staging store, so the manifest's pack can hold it. */
function adopt(store, e) {
    store.adoptEntry(e.actionId, { outputId: e.outputId, size: e.size, time: e.time }, e.file);
}
async function upload(remote, added, config, drainTimeoutMs, stats, report) {
    const signal = AbortSignal.timeout(Math.max(1_000, drainTimeoutMs));
    // The breaker counts remoteDisabled when it opens: past that point every put is a refusal.
    const stop = () => signal.aborted || stats.counters.remoteDisabled > 0;
    const tried = await (0,_util_work_pool_js__WEBPACK_IMPORTED_MODULE_11__/* .runInOrder */ .lF)(added.length, Math.max(1, config.uploadConcurrency), async (i) => {
        const e = added[i];
        try {
            const body = await node_fs__WEBPACK_IMPORTED_MODULE_0___default().promises.readFile(e.file);
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
        config = (0,_cacheprog_config_js__WEBPACK_IMPORTED_MODULE_2__/* .parseCommandLine */ .Du)([], { ...process.env, ...(state.cacheEnv ?? {}) }).config;
    }
    catch (err) {
        _actions_core__WEBPACK_IMPORTED_MODULE_1__/* .warning */ .$e(`gobuildcache: could not read the cache settings, so nothing is uploaded: ${(0,_util_text_js__WEBPACK_IMPORTED_MODULE_10__/* .errorMessage */ .g)(err)}`);
    }
    const drainTimeoutMs = state.drainTimeoutMs ?? 0;
    const report = config ? await saveNative(config, restore, state.manifestKey, drainTimeoutMs) : undefined;
    if (report) {
        const manifest = report.manifest?.saved
            ? `manifest ${report.manifest.key} saved (${report.manifest.ids} entries)`
            : `manifest not saved: ${report.manifest?.reason ?? report.reason ?? 'nothing to record'}`;
        _actions_core__WEBPACK_IMPORTED_MODULE_1__/* .info */ .pq(`gobuildcache: go used ${report.used} restored entries and added ${report.added}; uploaded ${report.uploaded} ` +
            `(${(0,_cacheprog_stats_js__WEBPACK_IMPORTED_MODULE_5__/* .formatBytes */ .z3)(report.uploadedBytes)}) in ${(report.ms / 1000).toFixed(1)} s; ${manifest}.`);
    }
    await (0,_actions_cache_steps_js__WEBPACK_IMPORTED_MODULE_8__/* .saveActionsCaches */ .i6)({ timeoutMs: Math.max(drainTimeoutMs, 10_000) });
    if (config?.statsFile && report)
        completeStats(config.statsFile, report);
    if (state.summary === false)
        return;
    try {
        const rows = [
            [{ data: 'Restored into GOCACHE', header: true }, `${restore.entries} entries (${(0,_cacheprog_stats_js__WEBPACK_IMPORTED_MODULE_5__/* .formatBytes */ .z3)(restore.bytes)})`],
            [{ data: 'Manifest restored', header: true }, restore.restoredKey ?? 'none'],
            [{ data: 'Rejected (verification)', header: true }, String(restore.rejected)],
            [{ data: 'Used / added by go', header: true }, report ? `${report.used} / ${report.added}` : '–'],
            [
                { data: 'Uploaded', header: true },
                report ? `${report.uploaded} entries (${(0,_cacheprog_stats_js__WEBPACK_IMPORTED_MODULE_5__/* .formatBytes */ .z3)(report.uploadedBytes)})` : '–',
            ],
        ];
        await _actions_core__WEBPACK_IMPORTED_MODULE_1__/* .summary */ .z.emptyBuffer().addHeading("Go build cache: s3, go's own cache", 3).addTable(rows).write();
    }
    catch (err) {
        _actions_core__WEBPACK_IMPORTED_MODULE_1__/* .warning */ .$e(`gobuildcache: could not write the job summary: ${(0,_util_text_js__WEBPACK_IMPORTED_MODULE_10__/* .errorMessage */ .g)(err)}`);
    }
}
function completeStats(file, report) {
    try {
        const live = JSON.parse(node_fs__WEBPACK_IMPORTED_MODULE_0___default().readFileSync(file, 'utf8'));
        const { manifest: _m, ...figures } = report;
        (0,_cacheprog_store_atomic_file_js__WEBPACK_IMPORTED_MODULE_6__/* .writeFileAtomic */ .Zf)(file, `${JSON.stringify({ ...live, ...figures, final: true })}\n`);
    }
    catch (err) {
        _actions_core__WEBPACK_IMPORTED_MODULE_1__/* .debug */ .Yz(`could not complete the statistics file ${file}: ${(0,_util_text_js__WEBPACK_IMPORTED_MODULE_10__/* .errorMessage */ .g)(err)}`);
    }
}


/***/ }),

/***/ 8963:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   A: () => (/* binding */ readActionLogs),
/* harmony export */   M: () => (/* binding */ writeActionLog)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _store_atomic_file_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7376);
/* harmony import */ var _protocol_types_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3308);





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

/***/ 8825:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   EW: () => (/* binding */ readSmallFile),
/* harmony export */   IJ: () => (/* binding */ localStoreOf),
/* harmony export */   IP: () => (/* binding */ USE_RESOLUTION_MS),
/* harmony export */   Wf: () => (/* binding */ parseEntryLine),
/* harmony export */   ol: () => (/* binding */ listDir)
/* harmony export */ });
/* unused harmony exports BodyMismatchError, LocalStore, formatEntryLine */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _protocol_types_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3308);
/* harmony import */ var _atomic_file_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7376);





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
            try {
                node_fs__WEBPACK_IMPORTED_MODULE_1___default().linkSync(file, tmp);
            }
            catch {
                node_fs__WEBPACK_IMPORTED_MODULE_1___default().copyFileSync(file, tmp);
            }
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

/***/ 216:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Tm: () => (/* binding */ runEach),
/* harmony export */   Y6: () => (/* binding */ mapInOrder),
/* harmony export */   lF: () => (/* binding */ runInOrder)
/* harmony export */ });
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


/***/ })

};
