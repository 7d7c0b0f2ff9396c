export const id = 742;
export const ids = [742];
export const modules = {

/***/ 3742:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   describeTrim: () => (/* binding */ describeTrim),
/* harmony export */   trimLocalCache: () => (/* binding */ trimLocalCache)
/* harmony export */ });
/* unused harmony export TRIM_LOW_WATER */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _stats_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3697);
/* harmony import */ var _local_store_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(2891);
/* harmony import */ var _protocol_types_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7802);





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
