import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ // The require scope
/******/ var __nccwpck_require__ = {};
/******/ 
/************************************************************************/
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
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/************************************************************************/
var __webpack_exports__ = {};

;// CONCATENATED MODULE: external "node:worker_threads"
const external_node_worker_threads_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");
;// CONCATENATED MODULE: external "node:crypto"
const external_node_crypto_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");
var external_node_crypto_default = /*#__PURE__*/__nccwpck_require__.n(external_node_crypto_namespaceObject);
;// CONCATENATED MODULE: external "node:fs"
const external_node_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");
var external_node_fs_default = /*#__PURE__*/__nccwpck_require__.n(external_node_fs_namespaceObject);
;// CONCATENATED MODULE: external "node:path"
const external_node_path_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");
var external_node_path_default = /*#__PURE__*/__nccwpck_require__.n(external_node_path_namespaceObject);
;// CONCATENATED MODULE: ./src/cacheprog/protocol/types.ts
/** A sha256 in lower-case hex: action and output ids, pack part keys. */
const types_HEX_ID = /^[0-9a-f]{64}$/;
const KNOWN_COMMANDS = (/* unused pure expression or super */ null && (['get', 'put', 'close']));

;// CONCATENATED MODULE: ./src/cacheprog/store/atomic-file.ts



const knownDirs = new Set();
/**
 * A hard link of `from` at `to`, or a copy where links fail (another filesystem, links not
 * allowed): for files nobody rewrites in place, such as cache outputs named by their content.
 */
function linkOrCopy(from, to) {
    try {
        external_node_fs_default().linkSync(from, to);
    }
    catch {
        external_node_fs_default().copyFileSync(from, to);
    }
}
/** mkdir -p, remembered, so the hot path does not ask the kernel twice for the same directory. */
function ensureDir(dir) {
    if (knownDirs.has(dir))
        return;
    external_node_fs_default().mkdirSync(dir, { recursive: true });
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
        external_node_fs_default().mkdirSync(dir, { recursive: true });
        knownDirs.add(dir);
        return op();
    }
}
/** ensureDir on the libuv threadpool, for directories made ahead of need (LocalStore.createShards). */
async function ensureDirAsync(dir) {
    if (knownDirs.has(dir))
        return;
    await external_node_fs_default().promises.mkdir(dir, { recursive: true });
    knownDirs.add(dir);
}
/** Unique to this process even if a dead one had its pid; the counter makes each name unique within it. */
const processTag = `${process.pid}-${external_node_crypto_default().randomBytes(4).toString('hex')}`;
let tempCounter = 0;
/** A unique name beside target: same directory, so rename(2) is atomic; a dot so listings skip it. */
function tempPathFor(target) {
    return external_node_path_default().join(external_node_path_default().dirname(target), `.tmp-${processTag}-${(tempCounter++).toString(36)}`);
}
/**
 * Writes a whole file so that readers in any process see either nothing or all of it: a torn file
 * is impossible however many go processes write the same entry at once.
 */
function writeFileAtomic(target, data, mode) {
    const dir = external_node_path_default().dirname(target);
    ensureDir(dir);
    inDir(dir, () => {
        const temp = tempPathFor(target);
        try {
            external_node_fs_default().writeFileSync(temp, data, { mode });
            external_node_fs_default().renameSync(temp, target);
        }
        catch (err) {
            external_node_fs_default().rmSync(temp, { force: true });
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
        this.dir = external_node_path_default().dirname(target);
        ensureDir(this.dir);
        this.temp = tempPathFor(target);
        this.fd = inDir(this.dir, () => external_node_fs_default().openSync(this.temp, 'w+'));
    }
    write(chunk) {
        if (this.fd === undefined)
            throw new Error('write after close');
        let offset = 0;
        while (offset < chunk.length)
            offset += external_node_fs_default().writeSync(this.fd, chunk, offset);
    }
    commit() {
        try {
            external_node_fs_default().renameSync(this.temp, this.target);
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
            const to = external_node_fs_default().openSync(this.temp, 'w');
            try {
                const buf = Buffer.allocUnsafe(1024 * 1024);
                for (let pos = 0, n; (n = external_node_fs_default().readSync(from, buf, 0, buf.length, pos)) > 0; pos += n) {
                    for (let off = 0; off < n;)
                        off += external_node_fs_default().writeSync(to, buf, off, n - off);
                }
            }
            finally {
                external_node_fs_default().closeSync(to);
            }
        });
        try {
            external_node_fs_default().renameSync(this.temp, this.target);
        }
        catch (err) {
            external_node_fs_default().rmSync(this.temp, { force: true });
            throw err;
        }
    }
    abort() {
        this.close();
        external_node_fs_default().rmSync(this.temp, { force: true });
    }
    close() {
        if (this.fd !== undefined)
            external_node_fs_default().closeSync(this.fd);
        this.fd = undefined;
    }
}

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
            ensureDir(external_node_path_default().join(this.dir, 'a'));
            ensureDir(external_node_path_default().join(this.dir, 'o'));
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
            ensureDirAsync(external_node_path_default().join(this.dir, 'a', shard)),
            ensureDirAsync(external_node_path_default().join(this.dir, 'o', shard)),
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
        writeFileAtomic(this.entryPath(actionId), formatEntryLine(meta));
        return { ...meta, diskPath: this.outputPath(meta.outputId) };
    }
    /**
     * Stores an entry whose whole output is already in memory (a verified download): the output
     * first, so that no reader finds the index line before its output.
     */
    putEntryWithOutput(actionId, meta, body) {
        if (!this.hasOutput(meta.outputId, body.length))
            writeFileAtomic(this.outputPath(meta.outputId), body);
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
                const entry = types_HEX_ID.test(actionId) ? this.getOwn(actionId, false) : undefined;
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
            ensureDir(external_node_path_default().dirname(out));
            const tmp = `${out}.adopt-${process.pid}`;
            external_node_fs_default().rmSync(tmp, { force: true });
            linkOrCopy(file, tmp);
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
    hash = external_node_crypto_default().createHash('sha256');
    file;
    received = 0;
    constructor(target, outputId, size) {
        this.outputId = outputId;
        this.size = size;
        this.file = new AtomicFileWriter(target);
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
    if (version !== ENTRY_VERSION || !outputId || !types_HEX_ID.test(outputId))
        return undefined;
    const n = Number(size);
    const t = new Date(time ?? '');
    if (!Number.isSafeInteger(n) || n < 0 || Number.isNaN(t.getTime()))
        return undefined;
    return { outputId, size: n, time: t };
}

;// CONCATENATED MODULE: external "node:os"
const external_node_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");
;// CONCATENATED MODULE: external "node:url"
const external_node_url_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");
;// CONCATENATED MODULE: ./src/cacheprog/remote/backend.ts
/** A verification failure: the remote object is not what its key promises. */
class backend_IntegrityError extends Error {
    name = 'IntegrityError';
}
/** Forwards every call to the inner backend, so a decorator overrides only what it changes. */
class backend_BackendDecorator {
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

;// CONCATENATED MODULE: external "node:util"
const external_node_util_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");
;// CONCATENATED MODULE: external "node:zlib"
const external_node_zlib_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");
var external_node_zlib_default = /*#__PURE__*/__nccwpck_require__.n(external_node_zlib_namespaceObject);
;// CONCATENATED MODULE: ./src/cacheprog/remote/object-format.ts




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
const SYNC_ZLIB_LIMIT = (/* unused pure expression or super */ null && (64 * 1024));
const gzipAsync = (0,external_node_util_namespaceObject.promisify)((external_node_zlib_default()).gzip);
const gunzipAsync = (0,external_node_util_namespaceObject.promisify)((external_node_zlib_default()).gunzip);
/** The key of one action's object. Rejects anything but 32-byte lower-case hex, so no id can escape the prefix. */
function objectKey(prefix, actionId) {
    if (!HEX_ID.test(actionId))
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
        chunkSize: Math.min(Math.max(zlib.constants.Z_DEFAULT_CHUNK, body.length + 1024), MAX_GZIP_CHUNK),
    };
    return body.length <= SYNC_ZLIB_LIMIT ? zlib.gzipSync(body, options) : gzipAsync(body, options);
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
    return { maxOutputLength: size, chunkSize: Math.min(Math.max((external_node_zlib_default()).constants.Z_MIN_CHUNK, size + 1), MAX_ZLIB_CHUNK) };
}
/** Bigger bodies (de)compress in several chunks: no single allocation beyond this. */
const MAX_ZLIB_CHUNK = 64 * 1024 * 1024;
const MAX_GZIP_CHUNK = (/* unused pure expression or super */ null && (8 * 1024 * 1024));
async function gunzip(payload, expectedSize) {
    const options = inflateOptions(expectedSize);
    return payload.length <= SYNC_ZLIB_LIMIT ? zlib.gunzipSync(payload, options) : gunzipAsync(payload, options);
}
async function object_format_encodeObject(actionId, meta, body, options) {
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
const PROBE_ABOVE = (/* unused pure expression or super */ null && (1024 * 1024));
const PROBE_BYTES = (/* unused pure expression or super */ null && (128 * 1024));
/**
 * Whether gzip is worth trying on a body: a big one that does not compress (an embedded archive
 * or image) would cost a second buffer of its own size and a pass over it for nothing, so its
 * start is compressed first and the rest only when that saved a tenth.
 */
function worthCompressing(body) {
    if (body.length <= PROBE_ABOVE)
        return true;
    const sample = body.subarray(0, PROBE_BYTES);
    return zlib.gzipSync(sample, { level: 1 }).length < sample.length * 0.9;
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
        throw new backend_IntegrityError(`${where}: header is not valid JSON`);
    }
    if (typeof value !== 'object' || value === null)
        throw new backend_IntegrityError(`${where}: header is not a JSON object`);
    const h = value;
    const problems = [];
    if (typeof h.actionId !== 'string' || !types_HEX_ID.test(h.actionId))
        problems.push('actionId');
    if (typeof h.outputId !== 'string' || !types_HEX_ID.test(h.outputId))
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
        throw new backend_IntegrityError(`${where}: header has a missing or invalid ${problems.join(', ')}`);
    return h;
}
/**
 * Reads the magic line and header of the object starting at offset. Throws IntegrityError when
 * there is no object of ours there or its payload runs past the end of buf.
 */
function readObjectFrame(buf, offset, where) {
    const head = readObjectHead(buf, offset, where, true);
    if (!head)
        throw new backend_IntegrityError(`${where}: header line is missing or longer than ${MAX_HEADER_BYTES} bytes`);
    const { header, payloadStart } = head;
    const end = payloadStart + header.storedSize;
    if (end > buf.length) {
        throw new backend_IntegrityError(`${where}: truncated, payload is ${buf.length - payloadStart} of ${header.storedSize} bytes`);
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
        throw new backend_IntegrityError(`${where}: does not start with "${MAGIC.trim()}"${hint}`);
    }
    if (magic.length < MAGIC_BYTES.length)
        return undefined;
    // Look for the header's end within the cap only: a pack part with a damaged header can be
    // megabytes of payload bytes with no newline in them.
    const window = buf.subarray(magicEnd, magicEnd + MAX_HEADER_BYTES + 1);
    const found = window.indexOf(0x0a);
    if (found < 0) {
        if (whole || window.length > MAX_HEADER_BYTES)
            throw new backend_IntegrityError(`${where}: header line is missing or longer than ${MAX_HEADER_BYTES} bytes`);
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
        throw new IntegrityError(`${where}: ${buf.length - frame.end} unexpected bytes after the payload`);
    }
    if (expectedActionId !== undefined && frame.header.actionId !== expectedActionId) {
        throw new IntegrityError(`${where}: the object belongs to action ${frame.header.actionId.slice(0, 16)}… (stored under the wrong key)`);
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
        body = external_node_zlib_default().gunzipSync(payload, inflateOptions(header.size));
    }
    catch (err) {
        throw undecodable(where, err);
    }
    return decoded(header, body, where);
}
function undecodable(where, err) {
    return new backend_IntegrityError(`${where}: gzip payload does not decode (${err.message})`);
}
function decoded(header, body, where) {
    if (body.length !== header.size) {
        throw new backend_IntegrityError(`${where}: body is ${body.length} bytes but the header says ${header.size}`);
    }
    return {
        meta: { outputId: header.outputId, size: header.size, time: new Date(header.time) },
        body,
        encoding: header.encoding,
    };
}

;// CONCATENATED MODULE: ./src/cacheprog/remote/verifying.ts


/**
 * Small bodies hash in one call; big ones a slice at a time with the loop let go in between, so
 * a 50 MB archive does not freeze the loop that reads go's stdin. Not WebCrypto on the
 * threadpool: it copies its input first, which for a big output doubled the server's peak memory.
 */
const SYNC_HASH_LIMIT = (/* unused pure expression or super */ null && (1024 * 1024));
async function sha256Hex(body) {
    const hash = crypto.createHash('sha256');
    if (body.length <= SYNC_HASH_LIMIT)
        return hash.update(body).digest('hex');
    for (let at = 0; at < body.length; at += SYNC_HASH_LIMIT) {
        hash.update(body.subarray(at, at + SYNC_HASH_LIMIT));
        await new Promise((resolve) => setImmediate(resolve));
    }
    return hash.digest('hex');
}
/** Throws IntegrityError unless body is exactly the output that meta describes. */
async function verifying_verifyEntry(actionId, meta, body, what) {
    checkSize(actionId, meta, body, what);
    checkHash(actionId, meta, await sha256Hex(body), what);
}
/** verifyEntry on the calling thread whatever the size (the pack part writer's own thread). */
function verifyEntrySync(actionId, meta, body, what) {
    checkSize(actionId, meta, body, what);
    checkHash(actionId, meta, external_node_crypto_default().createHash('sha256').update(body).digest('hex'), what);
}
function checkSize(actionId, meta, body, what) {
    if (body.length !== meta.size) {
        throw new backend_IntegrityError(`${what} for action ${actionId.slice(0, 16)}…: body is ${body.length} bytes, expected ${meta.size}`);
    }
}
function checkHash(actionId, meta, actual, what) {
    if (actual !== meta.outputId) {
        throw new backend_IntegrityError(`${what} for action ${actionId.slice(0, 16)}…: sha256 is ${actual.slice(0, 16)}…, expected ${meta.outputId.slice(0, 16)}…`);
    }
}
/**
 * The compiler must never see bytes a remote store mangled (or a writer lied about): the go
 * command itself checks only the size of package archives. Puts are checked too, so a body
 * damaged on local disk (spool, drain) is never published for every other job to reject.
 */
class VerifyingBackend extends (/* unused pure expression or super */ null && (BackendDecorator)) {
    async get(actionId, signal, spill) {
        const entry = await this.inner.get(actionId, signal, spill);
        if (entry === undefined)
            return undefined;
        // A spilled body was hashed as it was written, and the writer refused it unless it matched.
        if (entry.spilled)
            return entry;
        await verifying_verifyEntry(actionId, entry, entry.body, 'downloaded object');
        return entry;
    }
    async put(actionId, meta, body, signal) {
        await verifying_verifyEntry(actionId, meta, body, 'upload');
        return this.inner.put(actionId, meta, body, signal);
    }
}

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
            frame = readObjectFrame(data, offset, `${where} at byte ${offset}`);
        }
        catch (err) {
            if (err instanceof backend_IntegrityError)
                return onReject(err);
            throw err;
        }
        const { header } = frame;
        try {
            const decoded = decodePayloadSync(header, data.subarray(frame.payloadStart, frame.end), `${where}: action ${header.actionId.slice(0, 16)}…`);
            verifyEntrySync(header.actionId, decoded.meta, decoded.body, `${where}: record`);
            yield { actionId: header.actionId, meta: decoded.meta, body: decoded.body, storedBytes: frame.end - offset };
        }
        catch (err) {
            if (!(err instanceof backend_IntegrityError))
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

;// CONCATENATED MODULE: ./src/cacheprog/prefetch/part-worker.ts
// The thread a part writer runs (part-writer.ts): it stores the records of the parts it is sent
// into the local store and reports what it stored. Its own bundle (dist/cacheprog/part-worker.js),
// so starting one loads a few small modules, not the server.



const port = external_node_worker_threads_namespaceObject.parentPort;
if (port) {
    const store = new LocalStore(external_node_worker_threads_namespaceObject.workerData.dir);
    port.on('message', (job) => {
        const reply = { id: job.id, result: storePartJob(store, job) };
        port.postMessage(reply);
    });
}

