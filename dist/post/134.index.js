export const id = 134;
export const ids = [134];
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

/***/ 6469:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Y: () => (/* binding */ BodySink)
/* harmony export */ });
/**
 * Collects a response body: into one buffer of the announced length when there is one (a big
 * object then costs its size once, not chunks plus their joined copy), else chunk by chunk.
 */
class BodySink {
    whole;
    filled = 0;
    chunks = [];
    constructor(expectedLength) {
        this.whole = Number.isSafeInteger(expectedLength) && expectedLength > 0 ? Buffer.allocUnsafe(expectedLength) : undefined;
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


/***/ }),

/***/ 2134:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  _8: () => (/* binding */ backendChain),
  n0: () => (/* binding */ createBackend),
  ly: () => (/* binding */ createS3Backend),
  tl: () => (/* binding */ scopeViews)
});

// UNUSED EXPORTS: listReadableActionIds

// EXTERNAL MODULE: ./src/cacheprog/remote/backend.ts
var backend = __webpack_require__(3345);
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
                this.open(`remote check failed: ${messageOf(err)}`);
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
            this.open(`the remote still fails after ${Math.round(this.coolDownMs / 1000)} s: ${messageOf(err)}`);
            return;
        }
        if (this.openedAt !== undefined)
            return;
        this.consecutiveFailures++;
        if (this.consecutiveFailures >= this.threshold) {
            this.open(`${this.consecutiveFailures} remote requests failed in a row, the last with: ${messageOf(err)}`);
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
function messageOf(err) {
    return err instanceof Error ? err.message : String(err);
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

// EXTERNAL MODULE: ./src/cacheprog/remote/body-sink.ts
var body_sink = __webpack_require__(6469);
// EXTERNAL MODULE: ./src/cacheprog/remote/spill-sink.ts
var spill_sink = __webpack_require__(6935);
// EXTERNAL MODULE: ./src/cacheprog/remote/object-format.ts
var object_format = __webpack_require__(2076);
// EXTERNAL MODULE: ./src/cacheprog/redact.ts
var redact = __webpack_require__(4205);
// EXTERNAL MODULE: ./src/cacheprog/protocol/types.ts
var types = __webpack_require__(7802);
;// CONCATENATED MODULE: ./src/cacheprog/remote/s3.ts





/** A failed S3 request, with what a user needs to act: operation, target, endpoint, status, code. */
class S3RequestError extends Error {
    operation;
    status;
    code;
    timedOut;
    name = 'S3RequestError';
    constructor(message, operation, status, code, timedOut = false) {
        super(message);
        this.operation = operation;
        this.status = status;
        this.code = code;
        this.timedOut = timedOut;
    }
}
function isServiceError(err) {
    return typeof err === 'object' && err !== null && '$fault' in err && '$metadata' in err;
}
function statusOf(err) {
    return isServiceError(err) ? err.$metadata?.httpStatusCode : undefined;
}
/**
 * The slowest transfer rate an upload is allowed before it counts as dead: its deadline is
 * -remote-timeout plus its size at this rate (a 3.6 MB object: 10 s + 110 s). It is a floor for
 * cutting a dead connection, not a speed anyone should build with: far below any link a CI
 * runner has, and uploads run beside the build, so a slow one delays nothing but itself.
 */
const MIN_UPLOAD_BYTES_PER_SECOND = 32 * 1024;
/** The deadline of an upload of this many bytes (see MIN_UPLOAD_BYTES_PER_SECOND). */
function uploadDeadlineMs(remoteTimeoutMs, bytes) {
    return remoteTimeoutMs + Math.ceil((bytes * 1000) / MIN_UPLOAD_BYTES_PER_SECOND);
}
/**
 * Per-request deadline joined with the caller's signal, cleared as soon as the request ends.
 * A download's size is unknown until its headers arrive, so a fixed total would cut big objects
 * on slow links: once the answer starts (progress()), the deadline turns into a stall timeout
 * that fires only when no byte has arrived for stallMs.
 */
class Deadline {
    ms;
    outer;
    stallMs;
    controller = new AbortController();
    timer;
    lastProgress = 0;
    streaming = false;
    timedOut = false;
    // Hand-rolled instead of AbortSignal.any(AbortSignal.timeout(), outer): that pins a live timer
    // per request until it fires and has leaked dependants of long-lived outer signals in Node 20/22.
    constructor(ms, outer, stallMs = ms) {
        this.ms = ms;
        this.outer = outer;
        this.stallMs = stallMs;
        this.timer = this.arm(ms);
        if (outer?.aborted)
            this.controller.abort(outer.reason);
        else
            outer?.addEventListener('abort', this.onOuterAbort, { once: true });
    }
    get signal() {
        return this.controller.signal;
    }
    /** Whether the deadline fired after the answer had started (a stall, not a missing answer). */
    get stalled() {
        return this.timedOut && this.streaming;
    }
    /** Bytes (or headers) arrived. Costs a clock read: the timer is re-armed only when it fires. */
    progress = () => {
        this.lastProgress = performance.now();
        if (this.streaming)
            return;
        this.streaming = true;
        clearTimeout(this.timer);
        this.timer = this.arm(this.stallMs);
    };
    arm(ms) {
        const timer = setTimeout(() => {
            const idle = performance.now() - this.lastProgress;
            if (this.streaming && idle < this.stallMs) {
                this.timer = this.arm(this.stallMs - idle);
                return;
            }
            this.timedOut = true;
            this.controller.abort(new Error(this.streaming ? `no bytes for ${this.stallMs} ms` : `deadline of ${this.ms} ms exceeded`));
        }, ms);
        timer.unref();
        return timer;
    }
    onOuterAbort = () => {
        this.controller.abort(this.outer?.reason);
    };
    dispose() {
        clearTimeout(this.timer);
        this.outer?.removeEventListener('abort', this.onOuterAbort);
    }
}
/** Credentials given as GOBUILDCACHE_AWS_*, which keeps them out of the environment of the tests go runs. */
function prefixedCredentials(env) {
    const accessKeyId = env.GOBUILDCACHE_AWS_ACCESS_KEY_ID;
    const secretAccessKey = env.GOBUILDCACHE_AWS_SECRET_ACCESS_KEY;
    if (!accessKeyId || !secretAccessKey)
        return undefined;
    return { accessKeyId, secretAccessKey, sessionToken: env.GOBUILDCACHE_AWS_SESSION_TOKEN || undefined };
}
/** Values that must never reach a log line, longest first so a token containing a key is cut whole. */
function secretsIn(env, endpoint) {
    const names = ['AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_ACCESS_KEY_ID'];
    const values = [...names.flatMap((n) => [env[n], env[`GOBUILDCACHE_${n}`]]), ...(0,redact/* urlCredentials */.O4)(endpoint)];
    return values.filter((v) => typeof v === 'string' && v.length >= 8).sort((a, b) => b.length - a.length);
}
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED']);
const DIRECTORY_BUCKET = /--x-s3$/;
class S3Backend {
    sdk;
    options;
    name;
    bucket;
    /** Every key this backend reads or writes starts with it. */
    prefix;
    endpointText;
    secrets;
    listPageSize;
    shared;
    /** A view (see view()) shares its parent's client, which only the parent closes. */
    ownsClient;
    /** Loads the SDK (the slow part) and builds a client; sends nothing. */
    static async create(options) {
        // On Node < 22 the SDK prints a 7-line support notice into the stderr of every go command;
        // it is not about the build (the action runs node24), so keep go's output to our one warning.
        process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
        const { sdk, SignedObjectClient } = await Promise.all(/* import() */[__webpack_require__.e(711), __webpack_require__.e(539)]).then(__webpack_require__.bind(__webpack_require__, 4539));
        const backend = new S3Backend(sdk, options);
        if (options.s3.directRequests) {
            // The SDK's own region resolution (env, profile) so both paths sign for the same region.
            const region = await backend.client.config.region().catch(() => undefined);
            const credentials = async () => backend.client.config.credentials();
            backend.direct = SignedObjectClient.create(options.s3, region, credentials, options.env ?? process.env, options.maxSockets ?? 128);
        }
        return backend;
    }
    client;
    /** The lean request path for entry GETs and PUTs; undefined when only the SDK can reach the bucket. */
    get direct() {
        return this.shared.direct;
    }
    set direct(client) {
        this.shared.direct = client;
    }
    /** Whether object GETs and PUTs still take the direct signed path (-s3-direct-requests). */
    get directRequests() {
        return this.direct !== undefined;
    }
    constructor(sdk, options, parent) {
        this.sdk = sdk;
        this.options = options;
        const { s3 } = options;
        const env = options.env ?? process.env;
        this.bucket = s3.bucket;
        this.prefix = s3.prefix;
        this.name = `s3://${s3.bucket}/${s3.prefix}`;
        this.ownsClient = parent === undefined;
        this.shared = parent?.shared ?? { direct: undefined, warnedAccessDenied: false };
        // Custom endpoints (versitygw, Tigris, R2) ignore or want 'auto'; AWS resolves it from the SDK chain.
        const region = s3.region ?? (s3.endpoint !== undefined ? 'us-east-1' : undefined);
        this.endpointText = (0,redact/* displayEndpoint */.OI)(s3.endpoint, region);
        this.secrets = secretsIn(env, s3.endpoint);
        this.listPageSize = Math.min(1000, Math.max(1, options.listPageSize ?? 1000));
        const whenRequired = s3.checksumWhenRequired ? 'WHEN_REQUIRED' : undefined;
        const maxSockets = options.maxSockets ?? 128;
        const agent = { keepAlive: true, maxSockets };
        this.client = parent?.client ?? new sdk.S3Client({
            region,
            endpoint: s3.endpoint,
            forcePathStyle: s3.pathStyle,
            credentials: prefixedCredentials(env),
            // The SDK's standard backoff is fine for one or two retries; its default budget is not,
            // on a build's critical path. The deadline below bounds the total either way.
            maxAttempts: options.maxAttempts ?? 3,
            retryMode: 'standard',
            requestChecksumCalculation: whenRequired,
            responseChecksumValidation: whenRequired,
            // Options, not a NodeHttpHandler instance: @smithy/node-http-handler is the SDK's
            // dependency, not ours, and the SDK builds the handler from this object itself.
            requestHandler: {
                connectionTimeout: Math.min(3000, options.remoteTimeoutMs),
                // ~-p gets at once, plus background uploads: the default 50 sockets would queue them.
                httpAgent: agent,
                httpsAgent: agent,
            },
        });
    }
    /**
     * The same bucket, client and connections under <prefix><subPrefix> (a write or read scope).
     * Closing a view does nothing; closing this backend closes the client they share.
     */
    view(subPrefix) {
        if (!subPrefix.endsWith('/') || subPrefix.startsWith('/'))
            throw new TypeError(`a view's prefix must end in '/', got "${subPrefix}"`);
        return new S3Backend(this.sdk, { ...this.options, s3: { ...this.options.s3, prefix: `${this.prefix}${subPrefix}` } }, this);
    }
    async get(actionId, signal, spill) {
        const key = (0,object_format/* objectKey */.T5)(this.prefix, actionId);
        let sink;
        // A new sink per response: one that is not 200 (a miss, an error document) is only collected.
        const sinkFor = spill && ((status, length) => {
            if (status !== 200)
                return new spill_sink/* MemorySink */.$(length);
            sink = new spill_sink/* SpillSink */.Q(actionId, spill, length, `remote object for action ${actionId.slice(0, 16)}…`);
            return sink;
        });
        let raw;
        try {
            raw = await this.getObject(key, signal, this.options.remoteTimeoutMs, sinkFor);
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
    /**
     * The bytes stored at <prefix><key>, undefined when there is no such object. For the objects
     * that are not cache entries (manifests): no codec, no verification — the caller checks them.
     */
    getRaw(key, signal) {
        return this.getObject(this.rawKey(key), signal, this.options.remoteTimeoutMs);
    }
    async putRaw(key, data, signal) {
        const fullKey = this.rawKey(key);
        const timeoutMs = uploadDeadlineMs(this.options.remoteTimeoutMs, data.length);
        await this.request('PutObject', fullKey, signal, timeoutMs, (abortSignal) => this.client.send(new this.sdk.PutObjectCommand({ Bucket: this.bucket, Key: fullKey, Body: data, ContentLength: data.length, ContentType: 'application/octet-stream' }), { abortSignal }));
        return { transferredBytes: data.length };
    }
    /**
     * The key (relative to the prefix) of the most recently written object under <prefix><keyPrefix>,
     * or undefined when there is none. keyPrefix must end in '/': S3 Express lists nothing else.
     */
    async newestUnder(keyPrefix, signal) {
        if (!keyPrefix.endsWith('/'))
            throw new TypeError(`a list prefix must end in '/', got "${keyPrefix}"`);
        const fullPrefix = this.rawKey(keyPrefix);
        let newest;
        let token;
        // Bounded: a restore prefix holds one manifest per branch, not thousands of pages.
        for (let page = 0; page < 20; page++) {
            const out = await this.request('ListObjectsV2', `s3://${this.bucket}/${fullPrefix}`, signal, this.options.remoteTimeoutMs, (abortSignal) => this.client.send(new this.sdk.ListObjectsV2Command({ Bucket: this.bucket, Prefix: fullPrefix, ContinuationToken: token }), { abortSignal }));
            for (const o of out.Contents ?? []) {
                const time = o.LastModified?.getTime() ?? 0;
                if (o.Key?.startsWith(fullPrefix) && (newest === undefined || time > newest.time))
                    newest = { key: o.Key, time };
            }
            token = out.IsTruncated ? out.NextContinuationToken : undefined;
            if (!token)
                break;
        }
        return newest?.key.slice(this.prefix.length);
    }
    /**
     * Every action id stored under the prefix, listed in parallel shards by the first hex digit
     * (S3 Express directory buckets list only by '/'-terminated prefixes, so there one lister walks
     * it all). Undefined when the listing passes `cap` ids: a bucket that big is asked key by key.
     */
    async listActionIds(cap, signal) {
        const root = (0,object_format/* objectKey */.T5)(this.prefix, '0'.repeat(64)).slice(0, -64);
        const shards = DIRECTORY_BUCKET.test(this.bucket) ? [root] : [...'0123456789abcdef'].map((c) => `${root}${c}`);
        const ids = new Set();
        let over = false;
        await Promise.all(shards.map(async (prefix) => {
            let token;
            do {
                const out = await this.request('ListObjectsV2', `s3://${this.bucket}/${prefix}`, signal, this.options.remoteTimeoutMs, (abortSignal) => this.client.send(new this.sdk.ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token, MaxKeys: this.listPageSize }), { abortSignal }));
                for (const o of out.Contents ?? []) {
                    const id = o.Key?.slice(root.length);
                    if (id && types/* HEX_ID */.m.test(id))
                        ids.add(id);
                }
                if (ids.size > cap)
                    over = true;
                token = out.IsTruncated && !over ? out.NextContinuationToken : undefined;
            } while (token);
        }));
        return over ? undefined : ids;
    }
    /**
     * GetObject of a whole body; undefined for a missing key (and for a denied one, after one
     * warning). timeoutMs bounds the wait for the answer's headers; after that, only a stall of
     * -remote-timeout (no bytes at all) ends it, however big the object and slow the link.
     */
    getObject(key, signal, timeoutMs, sinkFor) {
        return this.request('GetObject', key, signal, timeoutMs, async (abortSignal, progress) => {
            // Only the lean path spills: the SDK's, rarely taken, collects the body in memory.
            const direct = await this.tryDirect('GET', key, undefined, abortSignal, progress, sinkFor);
            if (direct?.status === 200)
                return direct.body;
            if (direct !== undefined && this.isAbsent(key, direct.status, direct.code))
                return undefined;
            try {
                const out = await this.client.send(new this.sdk.GetObjectCommand({ Bucket: this.bucket, Key: key }), { abortSignal });
                progress();
                // In Node the body is an http.IncomingMessage (a Readable), whatever the union type says.
                return await readBody(out.Body, out.ContentLength, abortSignal, progress);
            }
            catch (err) {
                if (isServiceError(err) && this.isAbsent(key, statusOf(err), err.name))
                    return undefined;
                throw err;
            }
        }, this.options.remoteTimeoutMs);
    }
    /**
     * Whether a failed GetObject means "no such object": a missing key, or a denied one (after one
     * warning). A missing bucket is a configuration error, not a miss: it counts as a failure.
     */
    isAbsent(key, status, code) {
        if ((status === 404 && code !== 'NoSuchBucket') || code === 'NoSuchKey')
            return true;
        if (code !== 'AccessDenied')
            return false;
        this.warnAccessDeniedOnce(key);
        return true;
    }
    /**
     * One request on the lean path, or undefined when there is none or the network failed on it
     * (the SDK's path then retries). An answer that says the lean path is addressed or signed
     * differently from what the store wants switches it off for good: the SDK knows better.
     */
    async tryDirect(method, key, body, abortSignal, progress, sinkFor) {
        const direct = this.direct;
        if (direct === undefined)
            return undefined;
        let response;
        try {
            response = await direct.send(method, key, body, abortSignal, progress, sinkFor);
        }
        catch (err) {
            // An object that is not what its key says is an answer, not a reason to ask the SDK again.
            if (abortSignal.aborted || err.name === 'IntegrityError')
                throw err;
            return undefined;
        }
        const refused = response.status === 301 || response.status === 307 || response.status === 400 || (response.status === 403 && response.code !== 'AccessDenied');
        if (refused && this.direct === direct) {
            this.direct = undefined;
            direct.close();
        }
        return response;
    }
    /** Raw keys live beside the entries' <prefix>v1/ space and can never reach outside the prefix. */
    rawKey(key) {
        if (key === '' || key.startsWith('/') || key.split('/').some((s) => s === '.' || s === '..')) {
            throw new TypeError(`invalid object key "${key.slice(0, 80)}"`);
        }
        return `${this.prefix}${key}`;
    }
    async put(actionId, meta, body, signal) {
        const key = (0,object_format/* objectKey */.T5)(this.prefix, actionId);
        const parts = await (0,object_format/* encodeObjectParts */.eL)(actionId, meta, body, { compression: this.options.compression });
        const length = parts[0].length + parts[1].length;
        const timeoutMs = uploadDeadlineMs(this.options.remoteTimeoutMs, length);
        await this.request('PutObject', key, signal, timeoutMs, async (abortSignal) => {
            if ((await this.tryDirect('PUT', key, parts, abortSignal))?.status === 200)
                return;
            await this.client.send(new this.sdk.PutObjectCommand({
                Bucket: this.bucket,
                Key: key,
                // A Buffer with a length, never a stream: streams switch the SDK to aws-chunked
                // uploads, which Tigris, R2 and others reject. Joined here only, off the lean path.
                Body: Buffer.concat(parts, length),
                ContentLength: length,
                ContentType: 'application/octet-stream',
            }), { abortSignal });
        });
        return { transferredBytes: length };
    }
    /** HeadBucket: proves endpoint, credentials and bucket, and warms the connection (and the S3 Express session). */
    async check(signal) {
        await this.request('HeadBucket', `bucket ${this.bucket}`, signal, this.options.remoteTimeoutMs, (abortSignal) => this.client.send(new this.sdk.HeadBucketCommand({ Bucket: this.bucket }), { abortSignal }));
    }
    /**
     * GetObject of a key under the prefix that no entry has. HeadBucket says nothing of the objects:
     * a prefix the store refuses (HTTP 400 on every key) or a policy without s3:GetObject passes
     * it, and the cache would then do nothing, silently, job after job. A missing key is the
     * answer expected; a present one is as good. Through the SDK, which reports the store's code.
     */
    async probeObjects(signal) {
        const key = (0,object_format/* objectKey */.T5)(this.prefix, '0'.repeat(64));
        await this.request('GetObject', key, signal, this.options.remoteTimeoutMs, async (abortSignal) => {
            try {
                const out = await this.client.send(new this.sdk.GetObjectCommand({ Bucket: this.bucket, Key: key }), { abortSignal });
                out.Body?.destroy?.();
            }
            catch (err) {
                if (isServiceError(err) && ((statusOf(err) === 404 && err.name !== 'NoSuchBucket') || err.name === 'NoSuchKey'))
                    return;
                throw err;
            }
        });
    }
    /**
     * Deletes every object under the prefix, page by page, and nothing else: keys a server
     * returns outside the prefix are skipped, and the loop follows continuation tokens (S3 Express
     * lists in no particular order, so no StartAfter tricks).
     */
    async clear() {
        // Maintenance may be slower than the build path: a 1000-key delete can take seconds.
        const timeoutMs = Math.max(this.options.remoteTimeoutMs, 60_000);
        let deleted = 0;
        let token;
        do {
            const page = await this.request('ListObjectsV2', `s3://${this.bucket}/${this.prefix}`, undefined, timeoutMs, (abortSignal) => this.client.send(new this.sdk.ListObjectsV2Command({
                Bucket: this.bucket,
                Prefix: this.prefix === '' ? undefined : this.prefix,
                ContinuationToken: token,
                MaxKeys: this.listPageSize,
            }), { abortSignal }));
            const keys = (page.Contents ?? [])
                .map((o) => o.Key)
                .filter((k) => typeof k === 'string' && k.startsWith(this.prefix));
            if (keys.length > 0)
                deleted += await this.deleteKeys(keys, timeoutMs);
            const next = page.IsTruncated ? page.NextContinuationToken : undefined;
            if (next !== undefined && next === token) {
                throw new S3RequestError(`ListObjectsV2 on ${this.name} returned the same continuation token twice (${this.endpointText})`, 'ListObjectsV2');
            }
            token = next;
        } while (token);
        return deleted;
    }
    async close() {
        if (!this.ownsClient)
            return;
        this.direct?.close();
        this.client.destroy();
    }
    async deleteKeys(keys, timeoutMs) {
        let deleted = 0;
        for (let i = 0; i < keys.length; i += 1000) {
            const batch = keys.slice(i, i + 1000);
            // DeleteObjects requires an integrity header; S3 Express has no MD5, and the SDK adds
            // CRC32 for it even with WHEN_REQUIRED, because this operation requires one.
            const out = await this.request('DeleteObjects', `${batch.length} objects in s3://${this.bucket}/${this.prefix}`, undefined, timeoutMs, (abortSignal) => this.client.send(new this.sdk.DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } }), { abortSignal }));
            const errors = out.Errors ?? [];
            deleted += batch.length - errors.length;
            const first = errors[0];
            if (first !== undefined) {
                throw new S3RequestError(this.redact(`DeleteObjects on ${this.name}: ${errors.length} of ${batch.length} objects were not deleted ` +
                    `(${deleted} deleted so far); first: ${first.Key ?? '?'}: ${first.Code ?? 'error'} ${first.Message ?? ''}`.trim()), 'DeleteObjects', undefined, first.Code);
            }
        }
        return deleted;
    }
    /** Runs one SDK call under a deadline and turns any failure into an S3RequestError. */
    async request(operation, target, signal, timeoutMs, call, stallMs) {
        const deadline = new Deadline(timeoutMs, signal, stallMs);
        try {
            return await call(deadline.signal, deadline.progress);
        }
        catch (err) {
            throw this.describe(err, operation, target, deadline, signal);
        }
        finally {
            deadline.dispose();
        }
    }
    describe(err, operation, target, deadline, signal) {
        const what = `${operation} ${target} on ${this.endpointText}`;
        if (deadline.stalled) {
            return new S3RequestError(`${what}: the transfer stalled, no bytes for ${deadline.stallMs} ms (-remote-timeout)`, operation, undefined, 'Timeout', true);
        }
        if (deadline.timedOut) {
            return new S3RequestError(`${what}: no answer within ${deadline.ms} ms (-remote-timeout)`, operation, undefined, 'Timeout', true);
        }
        if (signal?.aborted)
            return new S3RequestError(`${what}: cancelled`, operation, undefined, 'Cancelled');
        const message = err instanceof Error ? err.message : String(err);
        if (isServiceError(err)) {
            const status = err.$metadata?.httpStatusCode;
            const code = err.name;
            const detail = message && message !== code && message !== 'UnknownError' ? `: ${message}` : '';
            const hint = this.hintFor(status, code, err);
            return new S3RequestError(this.redact(`${what} failed: HTTP ${status ?? '?'} ${code}${detail}${hint ? ` (${hint})` : ''}`), operation, status, code);
        }
        const name = err instanceof Error ? err.name : 'Error';
        const errno = typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
        if (name === 'CredentialsProviderError') {
            return new S3RequestError(`${what}: no AWS credentials found (set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or GOBUILDCACHE_AWS_*, or configure a role)`, operation, undefined, 'NoCredentials');
        }
        if (/region is missing/i.test(message)) {
            return new S3RequestError(`${what}: no region configured (set AWS_REGION)`, operation, undefined, 'NoRegion');
        }
        if (errno !== undefined && NETWORK_CODES.has(errno)) {
            return new S3RequestError(this.redact(`${what}: cannot reach the endpoint: ${errno}`), operation, undefined, errno);
        }
        return new S3RequestError(this.redact(`${what} failed: ${name}: ${message}`), operation, undefined, errno ?? name);
    }
    hintFor(status, code, err) {
        switch (code) {
            case 'NoSuchBucket':
                return `bucket "${this.bucket}" does not exist`;
            case 'InvalidAccessKeyId':
            case 'SignatureDoesNotMatch':
                return 'check the access key and secret';
            case 'ExpiredToken':
            case 'TokenRefreshRequired':
                return 'the session credentials have expired';
            case 'PermanentRedirect':
            case 'AuthorizationHeaderMalformed': {
                const region = err.$response?.headers?.['x-amz-bucket-region'];
                return `the bucket is in another region${region ? ` (${region})` : ''}: set AWS_REGION`;
            }
            default:
                break;
        }
        if (status === 301)
            return 'the bucket is in another region: set AWS_REGION';
        if (status === 403)
            return 'check the credentials and that the IAM policy allows this operation on the bucket';
        if (status === 404)
            return `bucket "${this.bucket}" does not exist or the endpoint is wrong`;
        return undefined;
    }
    warnAccessDeniedOnce(key) {
        if (this.shared.warnedAccessDenied)
            return;
        this.shared.warnedAccessDenied = true;
        this.options.warn(`GetObject ${key} on ${this.endpointText} was denied (HTTP 403 AccessDenied); counting it and any like it as misses. ` +
            'S3 answers 403 instead of 404 for a missing key when the policy lacks s3:ListBucket on the bucket: grant it ' +
            '(and s3:GetObject on the prefix) so that misses and denials can be told apart.');
    }
    redact(text) {
        let out = (0,redact/* redactUrlCredentials */.dE)(text).replace(/(X-Amz-(?:Signature|Credential|Security-Token))=[^&\s]+/gi, '$1=***');
        for (const secret of this.secrets)
            out = out.split(secret).join('***');
        return out;
    }
}
/**
 * Reads a GetObject body in full, reporting progress per chunk (the stall timeout). The body
 * must be consumed or destroyed, or its socket never returns to the pool; and a body that stalls
 * mid-stream must not outlive the deadline.
 */
async function readBody(body, length, abortSignal, progress) {
    if (body === undefined)
        return Buffer.alloc(0);
    const onAbort = () => body.destroy?.(new Error('deadline exceeded while reading the body'));
    abortSignal.addEventListener('abort', onAbort, { once: true });
    try {
        const sink = new body_sink/* BodySink */.Y(length ?? Number.NaN);
        for await (const chunk of body) {
            progress();
            sink.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        }
        return sink.take();
    }
    catch (err) {
        body.destroy?.();
        throw err;
    }
    finally {
        abortSignal.removeEventListener('abort', onAbort);
    }
}

// EXTERNAL MODULE: ./src/cacheprog/remote/scopes.ts
var remote_scopes = __webpack_require__(724);
// EXTERNAL MODULE: ./src/cacheprog/remote/verifying.ts
var verifying = __webpack_require__(6866);
;// CONCATENATED MODULE: ./src/cacheprog/remote/create-backend.ts






/**
 * Builds the remote chain, outermost first:
 *   circuit breaker ▶ verifying ▶ [fault injection] ▶ read-only ▶ [scopes ▶ S3 views] ▶ S3 (object codec inside).
 * The breaker sits outside verification so that a corrupt object (an answer) never counts as
 * an outage, and injected faults sit inside it so -error-rate exercises the breaker too.
 * Read-only sits innermost, where it sees the store's own answer to a put: -read-only, or a
 * denied write that switches writes off (see ReadOnlyBackend).
 * Resolves undefined for the disk backend. Loads the AWS SDK: call it after the handshake.
 */
async function createBackend(config, hooks) {
    if (config.backend === 'disk')
        return undefined;
    return backendChain(await createS3Backend(config, hooks), config, hooks);
}
/** The bare S3 client, for callers that also need its raw object access (manifests). */
async function createS3Backend(config, hooks) {
    if (config.s3 === undefined)
        throw new Error('backend s3 needs an S3 configuration (-s3-bucket)');
    return S3Backend.create({
        s3: config.s3,
        remoteTimeoutMs: config.remoteTimeoutMs,
        compression: config.compression,
        warn: hooks.warn,
        env: hooks.env,
    });
}
/** Wraps an S3 backend in the decorators above; closing the chain closes the client. */
function backendChain(s3, config, hooks) {
    let chain = new ReadOnlyBackend(config.scopes ? scopedBackend(s3, config.scopes) : s3, {
        configured: config.readOnly,
        onWritesDenied: (reason) => {
            hooks.stats?.add('writesDenied');
            hooks.warn(`uploads to ${s3.name} are off for this ${hooks.who ?? 'go command'}: these credentials may read but not write (${reason}); reads continue`);
        },
    });
    if (config.errorRate > 0)
        chain = new FaultInjectionBackend(chain, config.errorRate);
    chain = new verifying/* VerifyingBackend */.WM(chain);
    return new CircuitBreakerBackend(chain, {
        ...hooks.breaker,
        onOpen: (reason) => {
            hooks.stats?.add('remoteDisabled');
            hooks.warn(`remote cache ${s3.name} disabled for this ${hooks.who ?? 'go command'}: ${reason}; continuing with the local cache only`);
        },
    });
}
/** The write scope and the read scopes as views of one client, in the order they are read. */
function scopeViews(s3, scopes) {
    return scopes.read.map((scope) => ({ scope, store: s3.view((0,remote_scopes/* scopeDir */.UW)(scope)) }));
}
function scopedBackend(s3, scopes) {
    return new remote_scopes/* ScopedBackend */.Jt(s3, scopeViews(s3, scopes), scopes);
}
/**
 * Every action id in the scopes this process reads (unscoped: under the prefix), so a miss of a
 * key that no read scope has costs no request; undefined past `cap`, like listActionIds.
 */
async function listReadableActionIds(s3, config, cap, signal) {
    if (!config.scopes)
        return s3.listActionIds(cap, signal);
    const lists = await Promise.all(scopeViews(s3, config.scopes).map((v) => v.store.listActionIds(cap, signal)));
    const union = new Set();
    for (const ids of lists) {
        if (ids === undefined)
            return undefined;
        for (const id of ids)
            union.add(id);
    }
    return union.size > cap ? undefined : union;
}


/***/ }),

/***/ 2076:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CG: () => (/* binding */ encodeObject),
/* harmony export */   T5: () => (/* binding */ objectKey),
/* harmony export */   WA: () => (/* binding */ readObjectHead),
/* harmony export */   eL: () => (/* binding */ encodeObjectParts),
/* harmony export */   gv: () => (/* binding */ decodeObject)
/* harmony export */ });
/* unused harmony exports LAYOUT_VERSION, MAGIC, MIN_COMPRESS_BYTES, readObjectFrame, decodePayload, decodePayloadSync */
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
    const options = { level: 1, chunkSize: Math.min(Math.max((node_zlib__WEBPACK_IMPORTED_MODULE_1___default().constants).Z_DEFAULT_CHUNK, body.length + 1024), MAX_GZIP_CHUNK) };
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
        body = zlib.gunzipSync(payload, inflateOptions(header.size));
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

/***/ 6935:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $: () => (/* binding */ MemorySink),
/* harmony export */   Q: () => (/* binding */ SpillSink)
/* harmony export */ });
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8522);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_zlib__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _backend_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3345);
/* harmony import */ var _body_sink_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6469);
/* harmony import */ var _object_format_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2076);




/** A BodySink as a ResponseSink: the whole body in memory. */
class MemorySink {
    sink;
    constructor(expectedLength) {
        this.sink = new _body_sink_js__WEBPACK_IMPORTED_MODULE_2__/* .BodySink */ .Y(expectedLength);
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
        const found = this.guard(() => (0,_object_format_js__WEBPACK_IMPORTED_MODULE_1__/* .readObjectHead */ .WA)(this.head, 0, this.where));
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
            const gunzip = node_zlib__WEBPACK_IMPORTED_MODULE_0___default().createGunzip();
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
            if (err instanceof _backend_js__WEBPACK_IMPORTED_MODULE_3__/* .IntegrityError */ .c)
                throw (this.failure ??= err);
            if (err.name === 'BodyMismatchError')
                throw this.fail(err.message);
            throw err;
        }
    }
    fail(message) {
        this.failure ??= new _backend_js__WEBPACK_IMPORTED_MODULE_3__/* .IntegrityError */ .c(`${this.where}: ${message}`);
        return this.failure;
    }
}


/***/ }),

/***/ 6866:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   WM: () => (/* binding */ VerifyingBackend),
/* harmony export */   i: () => (/* binding */ verifyEntry)
/* harmony export */ });
/* unused harmony exports sha256Hex, verifyEntrySync */
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
    checkHash(actionId, meta, crypto.createHash('sha256').update(body).digest('hex'), what);
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
