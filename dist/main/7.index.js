export const id = 7;
export const ids = [7];
export const modules = {

/***/ 1389:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   TN: () => (/* binding */ underDeadline),
/* harmony export */   _G: () => (/* binding */ uploadDeadlineMs)
/* harmony export */ });
/* unused harmony exports MIN_UPLOAD_BYTES_PER_SECOND, Deadline */
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
 *
 * Hand-rolled, not AbortSignal.timeout(): a fixed timeout cannot turn into a stall timeout, and
 * AbortSignal.any(timeout, outer) pins a live timer per request until it fires and has leaked
 * dependants of long-lived outer signals (the job server's) in Node 20/22.
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
/**
 * One store request under a Deadline of its own (`stallMs` once bytes flow): `call` gets the
 * deadline's signal and progress; any failure is rethrown as `describe` words it, knowing whether
 * the deadline fired.
 */
async function underDeadline(timeoutMs, signal, stallMs, call, describe) {
    const deadline = new Deadline(timeoutMs, signal, stallMs);
    try {
        return await call(deadline.signal, deadline.progress);
    }
    catch (err) {
        throw describe(err, deadline);
    }
    finally {
        deadline.dispose();
    }
}


/***/ }),

/***/ 1007:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  openGcsStore: () => (/* binding */ openGcsStore)
});

// UNUSED EXPORTS: GcsObjectStore

// EXTERNAL MODULE: ./node_modules/@google-cloud/storage/build/esm/src/index.js + 22 modules
var src = __webpack_require__(3665);
// EXTERNAL MODULE: ./src/cacheprog/remote/deadline.ts
var deadline = __webpack_require__(1389);
// EXTERNAL MODULE: ./src/cacheprog/remote/object-store.ts
var object_store = __webpack_require__(2302);
// EXTERNAL MODULE: ./src/cacheprog/remote/spill-sink.ts + 1 modules
var spill_sink = __webpack_require__(5819);
// EXTERNAL MODULE: ./src/cacheprog/redact.ts
var redact = __webpack_require__(4205);
;// CONCATENATED MODULE: ./src/cacheprog/remote/gcs/errors.ts


/**
 * A failed GCS request, with what a user needs to act: operation, target, endpoint, status. A 403
 * carries the code 'AccessDenied', the one a denied write has on every store (read-only.ts), so
 * a key that may read but not write switches uploads off here as it does on S3.
 */
class GcsRequestError extends Error {
    operation;
    status;
    code;
    timedOut;
    name = 'GcsRequestError';
    constructor(message, operation, status, code, timedOut = false) {
        super(message);
        this.operation = operation;
        this.status = status;
        this.code = code;
        this.timedOut = timedOut;
    }
}
/** The HTTP status of a client error, when it has one. */
function statusOf(err) {
    const e = err;
    if (typeof e?.code === 'number')
        return e.code;
    if (typeof e?.status === 'number')
        return e.status;
    return typeof e?.response?.status === 'number' ? e.response.status : undefined;
}
/** What google-auth-library says when Application Default Credentials found nothing. */
const NO_CREDENTIALS = /could not load the default credentials|unable to detect a project id/i;
const MISSING_CREDENTIALS_HINT = 'no Google credentials found: GOOGLE_APPLICATION_CREDENTIALS is not set (google-github-actions/auth sets it), ' +
    'there is no gcloud application-default login, and no GCP metadata server answered; ' +
    'run google-github-actions/auth before this action, or set STORAGE_EMULATOR_HOST for an emulator';
/**
 * Turns any failure of a request on one bucket into a GcsRequestError that says what to do and
 * holds no secret: only the messages of the server and of the auth library are quoted, never a
 * request's headers (where the bearer token is).
 */
function describeGcsError(err, context, deadline, signal) {
    const { operation, bucket } = context;
    const what = `${operation} ${context.target} on ${context.endpointText}`;
    if (deadline.stalled)
        return new GcsRequestError(`${what}: the transfer stalled, no bytes for ${deadline.stallMs} ms (-remote-timeout)`, operation, undefined, 'Timeout', true);
    if (deadline.timedOut)
        return new GcsRequestError(`${what}: no answer within ${deadline.ms} ms (-remote-timeout)`, operation, undefined, 'Timeout', true);
    if (signal?.aborted)
        return new GcsRequestError(`${what}: cancelled`, operation, undefined, 'Cancelled');
    if (err instanceof GcsRequestError)
        return err;
    const e = (typeof err === 'object' && err !== null ? err : { message: String(err) });
    const message = (e.message ?? String(err)).split('\n')[0] ?? '';
    if (NO_CREDENTIALS.test(message))
        return new GcsRequestError(`${what}: ${MISSING_CREDENTIALS_HINT}`, operation, undefined, 'NoCredentials');
    if (/GOOGLE_APPLICATION_CREDENTIALS|does not exist, or it is not a file/i.test(message))
        return new GcsRequestError((0,redact/* redactUrlCredentials */.dE)(`${what}: the credentials file GOOGLE_APPLICATION_CREDENTIALS names cannot be read: ${message}`), operation, undefined, 'NoCredentials');
    const errno = typeof e.code === 'string' ? e.code : undefined;
    if ((0,object_store/* unreachableCode */.A)(errno))
        return new GcsRequestError(`${what}: cannot reach the endpoint: ${errno}`, operation, undefined, errno);
    const status = statusOf(err);
    if (status !== undefined) {
        const reason = e.errors?.[0]?.reason;
        const hint = hintFor(status, bucket);
        return new GcsRequestError((0,redact/* redactUrlCredentials */.dE)(`${what} failed: HTTP ${status}${reason ? ` ${reason}` : ''}: ${message}${hint ? ` (${hint})` : ''}`), operation, status, status === 403 ? 'AccessDenied' : (reason ?? String(status)));
    }
    const name = err instanceof Error ? err.name : 'Error';
    return new GcsRequestError((0,redact/* redactUrlCredentials */.dE)(`${what} failed: ${name}: ${message}`), operation, undefined, errno ?? name);
}
function hintFor(status, bucket) {
    if (status === 401)
        return 'the credentials were refused: check the workload identity provider and service account';
    if (status === 403)
        return `the credentials may not do this: grant roles/storage.objectUser (or objectViewer to read only) on bucket "${bucket}", and check any IAM condition on the prefix`;
    if (status === 404)
        return `bucket "${bucket}" does not exist`;
    return undefined;
}

// EXTERNAL MODULE: ./src/util/abort.ts
var abort = __webpack_require__(2334);
;// CONCATENATED MODULE: ./src/cacheprog/remote/gcs/gcs-store.ts





/** Deletes in flight at once: GCS has no multi-object delete in its JSON API. */
const DELETE_CONCURRENCY = 16;
/**
 * The objects under one prefix of a Google Cloud Storage bucket, through the official client
 * (@google-cloud/storage, JSON API): every request under a deadline, every failure a
 * GcsRequestError. The client's own requests take no AbortSignal except the streams' ones, so a
 * deadline ends a download or an upload by destroying its stream, and a listing or a metadata
 * read by giving up on it.
 */
class GcsObjectStore {
    bucket;
    options;
    credentials;
    endpointText;
    prefix;
    name;
    listsAnyPrefix = true;
    listPageSize;
    constructor(bucket, options, 
    /** Shared with the views: resolves once the credentials are found (see CredentialsLookup). */
    credentials, 
    /** The endpoint as users may see it: the emulator's address, or storage.googleapis.com. */
    endpointText, 
    /** Every key this store reads or writes starts with it. */
    prefix = options.gcs.prefix) {
        this.bucket = bucket;
        this.options = options;
        this.credentials = credentials;
        this.endpointText = endpointText;
        this.prefix = prefix;
        this.name = `gs://${bucket.name}/${prefix}`;
        this.listPageSize = Math.min(1000, Math.max(1, options.listPageSize ?? 1000));
    }
    view(subPrefix) {
        if (!subPrefix.endsWith('/') || subPrefix.startsWith('/'))
            throw new TypeError(`a view's prefix must end in '/', got "${subPrefix}"`);
        return new GcsObjectStore(this.bucket, this.options, this.credentials, this.endpointText, `${this.prefix}${subPrefix}`);
    }
    /** -remote-timeout bounds the wait for the answer's headers; after that only a stall of as long ends it. */
    get(key, { signal, sink } = {}) {
        const fullKey = this.fullKey(key);
        const timeoutMs = this.options.remoteTimeoutMs;
        return this.request('objects.get', this.url(fullKey), signal, timeoutMs, (abortSignal, progress) => new Promise((resolve, reject) => {
            const stream = this.bucket.file(fullKey).createReadStream({ validation: false, decompress: false });
            let target;
            const open = (length) => (target ??= sink ? sink(length) : new spill_sink/* MemorySink */.$(length));
            const onAbort = () => void stream.destroy(abortSignal.reason);
            abortSignal.addEventListener('abort', onAbort, { once: true });
            const settle = () => abortSignal.removeEventListener('abort', onAbort);
            stream.on('response', (res) => {
                progress();
                open(Number(res.headers?.['content-length'] ?? NaN));
            });
            stream.on('data', (chunk) => {
                progress();
                open(NaN).push(chunk);
            });
            stream.on('end', () => {
                settle();
                open(0).end().then(resolve, reject);
            });
            stream.on('error', (err) => {
                settle();
                target?.abort();
                if (statusOf(err) === 404)
                    resolve(undefined);
                else
                    reject(err);
            });
        }), timeoutMs);
    }
    /** A simple (non-resumable) upload; the parts of a body are written to it one after another. */
    async put(key, body, signal) {
        const fullKey = this.fullKey(key);
        const parts = Buffer.isBuffer(body) ? [body] : body;
        const length = parts.reduce((n, p) => n + p.length, 0);
        const timeoutMs = (0,deadline/* uploadDeadlineMs */._G)(this.options.remoteTimeoutMs, length);
        await this.request('objects.insert', this.url(fullKey), signal, timeoutMs, (abortSignal, progress) => new Promise((resolve, reject) => {
            const stream = this.bucket.file(fullKey).createWriteStream({
                resumable: false,
                validation: false,
                contentType: 'application/octet-stream',
            });
            const onAbort = () => void stream.destroy(abortSignal.reason);
            abortSignal.addEventListener('abort', onAbort, { once: true });
            stream.on('finish', () => {
                abortSignal.removeEventListener('abort', onAbort);
                resolve();
            });
            stream.on('error', (err) => {
                abortSignal.removeEventListener('abort', onAbort);
                reject(err);
            });
            for (const part of parts)
                stream.write(part, () => progress());
            stream.end();
        }));
        return { transferredBytes: length };
    }
    /** objects.list page by page, each under a deadline of its own; a token handed back twice is an error. */
    async *list(keyPrefix, { signal, maintenance = false } = {}) {
        const fullPrefix = `${this.prefix}${keyPrefix}`;
        const timeoutMs = maintenance ? Math.max(this.options.remoteTimeoutMs, 60_000) : this.options.remoteTimeoutMs;
        const target = this.url(fullPrefix);
        let pageToken;
        for (;;) {
            const [files, next] = await this.request('objects.list', target, signal, timeoutMs, (abortSignal) => (0,abort/* giveUpOn */.A)(this.bucket.getFiles({ prefix: fullPrefix, maxResults: this.listPageSize, pageToken, autoPaginate: false }), abortSignal));
            yield files.flatMap((f) => f.name.startsWith(fullPrefix)
                ? [
                    {
                        key: f.name.slice(this.prefix.length),
                        size: f.metadata.size === undefined ? undefined : Number(f.metadata.size),
                        lastModified: f.metadata.updated ? new Date(f.metadata.updated) : undefined,
                    },
                ]
                : []);
            const token = next?.pageToken;
            if (!token)
                return;
            if (token === pageToken)
                throw new GcsRequestError(`objects.list on ${target} returned the same page token twice (${this.endpointText})`, 'objects.list');
            pageToken = token;
        }
    }
    /** objects.delete of each key, DELETE_CONCURRENCY at a time; a key already gone counts as deleted. */
    async delete(keys) {
        const timeoutMs = Math.max(this.options.remoteTimeoutMs, 60_000);
        const fullKeys = keys.map((k) => this.fullKey(k));
        let deleted = 0;
        let first;
        let next = 0;
        const worker = async () => {
            while (next < fullKeys.length && first === undefined) {
                const key = fullKeys[next++];
                try {
                    await this.request('objects.delete', this.url(key), undefined, timeoutMs, (abortSignal) => (0,abort/* giveUpOn */.A)(this.bucket.file(key).delete({ ignoreNotFound: true }), abortSignal));
                    deleted++;
                }
                catch (err) {
                    first ??= err;
                }
            }
        };
        await Promise.all(Array.from({ length: Math.min(DELETE_CONCURRENCY, fullKeys.length) }, worker));
        if (first !== undefined) {
            throw new GcsRequestError(`deleting ${keys.length} objects in ${this.name} stopped after ${deleted}: ${first.message}`, 'objects.delete', first.status, first.code);
        }
        return deleted;
    }
    /**
     * A one-object listing of the prefix: proves endpoint, credentials, bucket and list permission,
     * and warms the connection and the access token. Not buckets.get, which a role limited to
     * objects (roles/storage.objectUser) does not grant.
     */
    async check(signal) {
        const target = this.url(this.prefix);
        await this.request('objects.list', target, signal, this.options.remoteTimeoutMs, (abortSignal) => (0,abort/* giveUpOn */.A)(this.bucket.getFiles({ prefix: this.prefix, maxResults: 1, autoPaginate: false }), abortSignal));
    }
    /** objects.get of key's metadata: found or missing passes, anything else (a denial) fails. */
    async probe(key, signal) {
        const fullKey = this.fullKey(key);
        await this.request('objects.get', this.url(fullKey), signal, this.options.remoteTimeoutMs, async (abortSignal) => {
            try {
                await (0,abort/* giveUpOn */.A)(this.bucket.file(fullKey).getMetadata(), abortSignal);
            }
            catch (err) {
                if (statusOf(err) !== 404)
                    throw err;
            }
        });
    }
    /** The client keeps no connections of its own to close: its agent's idle sockets do not hold the process. */
    async close() { }
    /** Keys can never reach outside the prefix. */
    fullKey(key) {
        (0,object_store/* checkObjectKey */.x)(key);
        return `${this.prefix}${key}`;
    }
    url(fullKey) {
        return `gs://${this.bucket.name}/${fullKey}`;
    }
    /** Runs one request under a deadline and turns any failure into a GcsRequestError. */
    request(operation, target, signal, timeoutMs, call, stallMs) {
        return (0,deadline/* underDeadline */.TN)(timeoutMs, signal, stallMs, async (abortSignal, progress) => {
            const { lookup } = this.credentials;
            if (lookup !== undefined) {
                // A failed lookup is tried again by the next request (a metadata server that was slow).
                this.credentials.found ??= lookup().catch((err) => {
                    this.credentials.found = undefined;
                    throw err;
                });
                await (0,abort/* giveUpOn */.A)(this.credentials.found, abortSignal);
            }
            return call(abortSignal, progress);
        }, (err, deadline) => describeGcsError(err, { bucket: this.bucket.name, endpointText: this.endpointText, operation, target }, deadline, signal));
    }
}

;// CONCATENATED MODULE: ./src/cacheprog/remote/gcs/index.ts
// Everything the GCS remote loads at run time, behind one dynamic import (open-remote.ts): Google's
// client and its auth library load only for backend gcs, in a chunk of their own.



/**
 * The client with Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS, gcloud's
 * application-default login, the metadata server), or none against an emulator
 * (STORAGE_EMULATOR_HOST, the standard variable, which the client reads too). Sends nothing:
 * credentials are looked up before the first request, whose error then says what was missing.
 */
function openGcsStore(options) {
    const env = options.env ?? process.env;
    // fake-gcs-server documents the bare host, some setups add the JSON API's path: take both.
    const emulator = env.STORAGE_EMULATOR_HOST?.replace(/\/+$/, '').replace(/\/storage\/v1$/, '') || undefined;
    const storage = new src/* Storage */.wc({
        ...(emulator !== undefined ? { apiEndpoint: emulator } : {}),
        retryOptions: {
            // One retry (a connection reset, a 503) within our deadline (-remote-timeout); the upload
            // layer and the circuit breaker decide what happens after that. The client also retries a
            // refused connection this many times, so a store that is down fails within ~2 s.
            maxRetries: 1,
            maxRetryDelay: 2,
            totalTimeout: Math.max(1, Math.ceil(options.remoteTimeoutMs / 1000)),
        },
    });
    // The client uses STORAGE_EMULATOR_HOST of process.env verbatim as its JSON API base (no
    // /storage/v1 added), and apiEndpoint as the upload host: set the base for the value read here.
    if (emulator !== undefined)
        storage.baseUrl = `${emulator}/storage/v1`;
    const endpointText = emulator !== undefined ? `the emulator at ${emulator}` : 'storage.googleapis.com';
    const lookup = emulator !== undefined ? undefined : () => storage.authClient.getClient();
    return new GcsObjectStore(storage.bucket(options.gcs.bucket), options, { lookup }, endpointText);
}


/***/ }),

/***/ 2302:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   A: () => (/* binding */ unreachableCode),
/* harmony export */   x: () => (/* binding */ checkObjectKey)
/* harmony export */ });
/** Rejects a key that could reach outside the store's prefix: '', a leading '/', a '.' or '..' segment. */
function checkObjectKey(key) {
    if (key === '' || key.startsWith('/') || key.split('/').some((s) => s === '.' || s === '..')) {
        throw new TypeError(`invalid object key "${key.slice(0, 80)}"`);
    }
}
/** System error codes that mean the endpoint could not be reached (not an answer from the store). */
const UNREACHABLE_CODES = new Set([
    'ECONNREFUSED',
    'ECONNRESET',
    'ENOTFOUND',
    'EAI_AGAIN',
    'ETIMEDOUT',
    'EPIPE',
    'EHOSTUNREACH',
    'ENETUNREACH',
    'ECONNABORTED',
]);
/** Whether a system error code (err.code) says the endpoint could not be reached, for the stores' messages. */
function unreachableCode(code) {
    return code !== undefined && UNREACHABLE_CODES.has(code);
}


/***/ })

};
