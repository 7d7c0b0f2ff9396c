export const id = 459;
export const ids = [459];
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

/***/ 3345:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
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
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   T5: () => (/* binding */ objectKey),
/* harmony export */   WA: () => (/* binding */ readObjectHead),
/* harmony export */   ZL: () => (/* binding */ readObjectFrame),
/* harmony export */   eL: () => (/* binding */ encodeObjectParts),
/* harmony export */   gv: () => (/* binding */ decodeObject),
/* harmony export */   w9: () => (/* binding */ LAYOUT_VERSION),
/* harmony export */   wt: () => (/* binding */ decodePayloadSync)
/* harmony export */ });
/* unused harmony exports MAGIC, MIN_COMPRESS_BYTES, encodeObject, decodePayload */
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7975);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_util__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8522);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_zlib__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _backend_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3345);
/* harmony import */ var _protocol_types_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7802);




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

/***/ 1459:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  openRemote: () => (/* binding */ openRemote)
});

// UNUSED EXPORTS: startRemote

// EXTERNAL MODULE: ./src/cacheprog/remote/backend.ts
var backend = __webpack_require__(3345);
// EXTERNAL MODULE: ./src/util/text.ts
var util_text = __webpack_require__(9997);
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
                this.open(`remote check failed: ${(0,util_text/* errorMessage */.g)(err)}`);
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
            this.open(`the remote still fails after ${Math.round(this.coolDownMs / 1000)} s: ${(0,util_text/* errorMessage */.g)(err)}`);
            return;
        }
        if (this.openedAt !== undefined)
            return;
        this.consecutiveFailures++;
        if (this.consecutiveFailures >= this.threshold) {
            this.open(`${this.consecutiveFailures} remote requests failed in a row, the last with: ${(0,util_text/* errorMessage */.g)(err)}`);
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
var types = __webpack_require__(7802);
// EXTERNAL MODULE: ./src/cacheprog/remote/object-format.ts
var object_format = __webpack_require__(2076);
// EXTERNAL MODULE: ./src/cacheprog/remote/spill-sink.ts + 1 modules
var spill_sink = __webpack_require__(5819);
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
var remote_scopes = __webpack_require__(724);
// EXTERNAL MODULE: ./src/cacheprog/remote/verifying.ts
var verifying = __webpack_require__(6866);
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
            const { openS3Store } = await Promise.all(/* import() */[__webpack_require__.e(711), __webpack_require__.e(8)]).then(__webpack_require__.bind(__webpack_require__, 3008));
            return openS3Store({ s3: config.s3, remoteTimeoutMs, warn: hooks.warn, env: hooks.env });
        }
        case 'gcs': {
            if (config.gcs === undefined)
                throw new Error('backend gcs needs a GCS configuration (-gcs-bucket)');
            const { openGcsStore } = await Promise.all(/* import() */[__webpack_require__.e(669), __webpack_require__.e(665), __webpack_require__.e(7)]).then(__webpack_require__.bind(__webpack_require__, 1007));
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

/***/ 5819:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  $: () => (/* binding */ MemorySink),
  Q: () => (/* binding */ SpillSink)
});

// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
var external_node_zlib_default = /*#__PURE__*/__webpack_require__.n(external_node_zlib_);
// EXTERNAL MODULE: ./src/cacheprog/remote/backend.ts
var backend = __webpack_require__(3345);
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
var object_format = __webpack_require__(2076);
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
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   WM: () => (/* binding */ VerifyingBackend),
/* harmony export */   f2: () => (/* binding */ verifyEntrySync)
/* harmony export */ });
/* unused harmony exports sha256Hex, verifyEntry */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _backend_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3345);


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


/***/ })

};
