export const id = 568;
export const ids = [568];
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


/***/ }),

/***/ 4568:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  openS3Store: () => (/* binding */ openS3Store)
});

// UNUSED EXPORTS: S3ObjectStore

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-s3/dist-cjs/index.js
var dist_cjs = __webpack_require__(3711);
var dist_cjs_namespaceObject = /*#__PURE__*/__webpack_require__.t(dist_cjs, 2);
// EXTERNAL MODULE: ./src/cacheprog/redact.ts
var redact = __webpack_require__(4205);
;// CONCATENATED MODULE: ./src/cacheprog/remote/s3/client.ts

/**
 * Whether a bucket is an S3 Express One Zone directory bucket (<name>--<zone id>--x-s3): it wants
 * session auth and virtual-hosted requests, and lists only '/'-terminated prefixes.
 */
function isDirectoryBucket(bucket) {
    return bucket.endsWith('--x-s3');
}
/** Sockets per client: ~-p gets at once, plus background uploads; the default 50 would queue them. */
const MAX_SOCKETS = 128;
/** Attempts per request, the first included. */
const MAX_ATTEMPTS = 3;
/** The region to sign for: the configured one, else 'us-east-1' for a custom endpoint, else the SDK's chain decides. */
function configuredRegion(s3) {
    // Custom endpoints (versitygw, Tigris, R2) ignore or want 'auto'; AWS resolves it from the SDK chain.
    return s3.region ?? (s3.endpoint !== undefined ? 'us-east-1' : undefined);
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
/** The SDK client for the bucket: region, endpoint, credentials, addressing, checksums, retries, sockets. */
function createS3Client(sdk, s3, env, remoteTimeoutMs) {
    const whenRequired = s3.checksumWhenRequired ? 'WHEN_REQUIRED' : undefined;
    const agent = { keepAlive: true, maxSockets: MAX_SOCKETS };
    return new sdk.S3Client({
        region: configuredRegion(s3),
        endpoint: s3.endpoint,
        forcePathStyle: s3.pathStyle,
        credentials: prefixedCredentials(env),
        // The SDK's standard backoff is fine for one or two retries; its default budget is not,
        // on a build's critical path. The store's deadline bounds the total either way.
        maxAttempts: MAX_ATTEMPTS,
        retryMode: 'standard',
        requestChecksumCalculation: whenRequired,
        responseChecksumValidation: whenRequired,
        // Options, not a NodeHttpHandler instance: @smithy/node-http-handler is the SDK's
        // dependency, not ours, and the SDK builds the handler from this object itself.
        requestHandler: {
            connectionTimeout: Math.min(3000, remoteTimeoutMs),
            httpAgent: agent,
            httpsAgent: agent,
        },
    });
}

// EXTERNAL MODULE: ./src/cacheprog/remote/spill-sink.ts + 1 modules
var spill_sink = __webpack_require__(5819);
// EXTERNAL MODULE: ./src/cacheprog/remote/object-store.ts
var object_store = __webpack_require__(2302);
;// CONCATENATED MODULE: ./src/cacheprog/remote/s3/errors.ts


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
/** An HTTP answer that came without an SDK error (the direct path's), in the SDK's shape. */
function serviceErrorOf(status, code) {
    return {
        name: code ?? 'UnknownError',
        message: '',
        $fault: status >= 500 ? 'server' : 'client',
        $metadata: { httpStatusCode: status },
    };
}
/**
 * Turns any failure of a request on one bucket into an S3RequestError that says what to do
 * (a hint per status and code) and holds no secret (credentials, signatures, URL userinfo).
 */
class S3ErrorTranslator {
    bucket;
    endpointText;
    secrets;
    constructor(bucket, 
    /** The endpoint as users may see it (displayEndpoint). */
    endpointText, 
    /** Values cut out of every message, longest first (see secretsIn). */
    secrets) {
        this.bucket = bucket;
        this.endpointText = endpointText;
        this.secrets = secrets;
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
        if (err instanceof S3RequestError)
            return err;
        const message = err instanceof Error ? err.message : isServiceError(err) ? err.message : String(err);
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
        if ((0,object_store/* unreachableCode */.A)(errno)) {
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
    redact(text) {
        let out = (0,redact/* redactUrlCredentials */.dE)(text).replace(/(X-Amz-(?:Signature|Credential|Security-Token))=[^&\s]+/gi, '$1=***');
        for (const secret of this.secrets)
            out = out.split(secret).join('***');
        return out;
    }
}

;// CONCATENATED MODULE: ./src/cacheprog/remote/s3/sdk-transport.ts


const EMPTY = Buffer.alloc(0);
/**
 * The AWS SDK's request path: every S3 operation the cache uses, for any bucket the SDK can
 * reach (S3 Express sessions, FIPS, dual-stack, custom endpoints). GET and PUT answer as an
 * ObjectTransport; the bucket-level operations (list, delete, HeadBucket) exist only here.
 */
class SdkTransport {
    sdk;
    client;
    bucket;
    constructor(sdk, client, bucket) {
        this.sdk = sdk;
        this.client = client;
        this.bucket = bucket;
    }
    async get(key, { signal, progress }, sink) {
        let out;
        try {
            out = await this.client.send(new this.sdk.GetObjectCommand({ Bucket: this.bucket, Key: key }), {
                abortSignal: signal,
            });
        }
        catch (err) {
            if (isServiceError(err))
                return answerOf(err);
            throw err;
        }
        progress();
        const length = out.ContentLength ?? Number.NaN;
        // In Node the body is an http.IncomingMessage (a Readable), whatever the union type says.
        const body = await readBody(out.Body, signal, progress, sink ? sink(length) : new spill_sink/* MemorySink */.$(length));
        return { status: 200, body };
    }
    async put(key, body, { signal }) {
        const parts = Buffer.isBuffer(body) ? [body] : body;
        const length = parts.reduce((n, p) => n + p.length, 0);
        try {
            await this.client.send(new this.sdk.PutObjectCommand({
                Bucket: this.bucket,
                Key: key,
                // A Buffer with a length, never a stream: streams switch the SDK to aws-chunked
                // uploads, which Tigris, R2 and others reject. Joined here only, off the lean path.
                Body: parts.length === 1 ? parts[0] : Buffer.concat(parts, length),
                ContentLength: length,
                ContentType: 'application/octet-stream',
            }), { abortSignal: signal });
        }
        catch (err) {
            if (isServiceError(err))
                return answerOf(err);
            throw err;
        }
        return { status: 200, body: EMPTY };
    }
    async headBucket(abortSignal) {
        await this.client.send(new this.sdk.HeadBucketCommand({ Bucket: this.bucket }), { abortSignal });
    }
    /**
     * ListObjectsV2 pages under prefix ('' for the whole bucket). The paginator hands `send` to
     * every request it makes, so a caller that sets send.abortSignal before asking for the next
     * page gives each page a deadline of its own.
     */
    listPages(prefix, pageSize, send) {
        const pages = this.sdk.paginateListObjectsV2({ client: this.client, pageSize }, { Bucket: this.bucket, Prefix: prefix === '' ? undefined : prefix }, send);
        return pages[Symbol.asyncIterator]();
    }
    /** DeleteObjects of up to 1000 keys; resolves with the keys the store did not delete. */
    async deleteObjects(keys, abortSignal) {
        // DeleteObjects requires an integrity header; S3 Express has no MD5, and the SDK adds
        // CRC32 for it even with WHEN_REQUIRED, because this operation requires one.
        const out = await this.client.send(new this.sdk.DeleteObjectsCommand({
            Bucket: this.bucket,
            Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true },
        }), { abortSignal });
        return out.Errors ?? [];
    }
    close() {
        this.client.destroy();
    }
}
function answerOf(err) {
    return { status: err.$metadata?.httpStatusCode ?? 0, code: err.name, body: EMPTY, error: err };
}
/**
 * Reads a GetObject body into the sink, reporting progress per chunk (the stall timeout). The
 * body must be consumed or destroyed, or its socket never returns to the pool; and a body that
 * stalls mid-stream must not outlive the deadline.
 */
async function readBody(body, abortSignal, progress, sink) {
    if (body === undefined)
        return sink.end();
    const onAbort = () => body.destroy?.(new Error('deadline exceeded while reading the body'));
    abortSignal.addEventListener('abort', onAbort, { once: true });
    try {
        for await (const chunk of body) {
            progress();
            sink.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        }
        return await sink.end();
    }
    catch (err) {
        body.destroy?.();
        sink.abort();
        throw err;
    }
    finally {
        abortSignal.removeEventListener('abort', onAbort);
    }
}

// EXTERNAL MODULE: ./src/cacheprog/remote/deadline.ts
var deadline = __webpack_require__(1389);
;// CONCATENATED MODULE: ./src/cacheprog/remote/s3/transport.ts
/**
 * What an answer to a GET means: the object; no such object; a denial (S3 answers 403 for a
 * missing key when the policy lacks s3:ListBucket, so a reader takes it as a miss); or a failure.
 * A missing bucket is a configuration error, not a miss.
 */
function getOutcome(answer) {
    const { status, code } = answer;
    if (status === 200)
        return 'found';
    if ((status === 404 && code !== 'NoSuchBucket') || code === 'NoSuchKey')
        return 'missing';
    if (code === 'AccessDenied')
        return 'denied';
    return 'failed';
}
/**
 * The direct path first, the SDK whenever it cannot answer for certain. A direct request that
 * fails on the network, or whose answer is a failure, is asked again of the SDK (which retries
 * and reports the store's own error). An answer that says the direct path is addressed or signed
 * differently from what the store wants (a redirect, a 400, a 403 that is not a plain denial)
 * switches it off for good: the SDK knows better. Shared by a store and its views.
 */
class FallbackTransport {
    direct;
    sdk;
    constructor(direct, sdk) {
        this.direct = direct;
        this.sdk = sdk;
    }
    /** Whether GETs and PUTs still take the direct path (-s3-direct-requests, not switched off). */
    get directRequests() {
        return this.direct !== undefined;
    }
    async get(key, request, sink) {
        const answer = await this.tryDirect((direct) => direct.get(key, request, sink), request.signal);
        if (answer !== undefined && getOutcome(answer) !== 'failed')
            return answer;
        return this.sdk.get(key, request, sink);
    }
    async put(key, body, request) {
        const answer = await this.tryDirect((direct) => direct.put(key, body, request), request.signal);
        if (answer?.status === 200)
            return answer;
        return this.sdk.put(key, body, request);
    }
    close() {
        this.direct?.close();
        this.sdk.close();
    }
    /** The direct path's answer, or undefined when there is no direct path or no answer came. */
    async tryDirect(send, signal) {
        const direct = this.direct;
        if (direct === undefined)
            return undefined;
        let answer;
        try {
            answer = await send(direct);
        }
        catch (err) {
            // An object that is not what its key says is an answer, not a reason to ask the SDK again.
            if (signal.aborted || err.name === 'IntegrityError')
                throw err;
            return undefined;
        }
        const { status, code } = answer;
        const refused = status === 301 || status === 307 || status === 400 || (status === 403 && code !== 'AccessDenied');
        if (refused && this.direct === direct) {
            this.direct = undefined;
            direct.close();
        }
        return answer;
    }
}

;// CONCATENATED MODULE: ./src/cacheprog/remote/s3/s3-store.ts






/** The objects under one prefix of an S3 bucket: every request under a deadline, every failure an S3RequestError. */
class S3ObjectStore {
    shared;
    options;
    prefix;
    ownsClient;
    name;
    listsAnyPrefix;
    bucket;
    listPageSize;
    /** Sends nothing; openS3Store (index.ts) makes the transports. */
    static create(objects, sdk, options) {
        const { s3 } = options;
        const errors = new S3ErrorTranslator(s3.bucket, (0,redact/* displayEndpoint */.OI)(s3.endpoint, configuredRegion(s3)), secretsIn(options.env ?? process.env, s3.endpoint));
        return new S3ObjectStore({ objects, sdk, errors, warnedAccessDenied: false }, options, s3.prefix, true);
    }
    constructor(shared, options, 
    /** Every key this store reads or writes starts with it. */
    prefix, 
    /** A view shares its parent's client, which only the parent closes. */
    ownsClient) {
        this.shared = shared;
        this.options = options;
        this.prefix = prefix;
        this.ownsClient = ownsClient;
        this.bucket = options.s3.bucket;
        this.name = `s3://${this.bucket}/${prefix}`;
        this.listsAnyPrefix = !isDirectoryBucket(this.bucket);
        this.listPageSize = Math.min(1000, Math.max(1, options.listPageSize ?? 1000));
    }
    /** Whether object GETs and PUTs still take the direct signed path (-s3-direct-requests). */
    get directRequests() {
        return this.shared.objects.directRequests;
    }
    view(subPrefix) {
        if (!subPrefix.endsWith('/') || subPrefix.startsWith('/'))
            throw new TypeError(`a view's prefix must end in '/', got "${subPrefix}"`);
        return new S3ObjectStore(this.shared, this.options, `${this.prefix}${subPrefix}`, false);
    }
    /**
     * GetObject of a whole body. -remote-timeout bounds the wait for the answer's headers; after
     * that, only a stall of -remote-timeout (no bytes at all) ends it, however big the object and
     * slow the link.
     */
    get(key, { signal, sink } = {}) {
        const fullKey = this.fullKey(key);
        const timeoutMs = this.options.remoteTimeoutMs;
        return this.request('GetObject', fullKey, signal, timeoutMs, async (abortSignal, progress) => {
            const answer = await this.shared.objects.get(fullKey, { signal: abortSignal, progress }, sink);
            switch (getOutcome(answer)) {
                case 'found':
                    return answer.body;
                case 'missing':
                    return undefined;
                case 'denied':
                    this.warnAccessDeniedOnce(fullKey);
                    return undefined;
                default:
                    throw failureOf(answer);
            }
        }, timeoutMs);
    }
    async put(key, body, signal) {
        const fullKey = this.fullKey(key);
        const length = Buffer.isBuffer(body) ? body.length : body.reduce((n, p) => n + p.length, 0);
        const timeoutMs = (0,deadline/* uploadDeadlineMs */._G)(this.options.remoteTimeoutMs, length);
        await this.request('PutObject', fullKey, signal, timeoutMs, async (abortSignal, progress) => {
            const answer = await this.shared.objects.put(fullKey, body, { signal: abortSignal, progress });
            if (answer.status !== 200)
                throw failureOf(answer);
        });
        return { transferredBytes: length };
    }
    /**
     * ListObjectsV2 through the SDK's paginator, each page under a deadline of its own. Keys a
     * server returns outside the prefix are skipped, and a server that hands back the token it was
     * given would loop for ever: that is an error. (S3 Express lists in no particular order, so no
     * StartAfter tricks.)
     */
    async *list(keyPrefix, { signal, maintenance = false } = {}) {
        const fullPrefix = `${this.prefix}${keyPrefix}`;
        // Maintenance may be slower than the build path: a 1000-key page of a delete can take seconds.
        const timeoutMs = maintenance ? Math.max(this.options.remoteTimeoutMs, 60_000) : this.options.remoteTimeoutMs;
        const send = {};
        const pages = this.shared.sdk.listPages(fullPrefix, this.listPageSize, send);
        const target = `s3://${this.bucket}/${fullPrefix}`;
        let sent;
        try {
            for (;;) {
                const page = await this.request('ListObjectsV2', target, signal, timeoutMs, (abortSignal) => {
                    send.abortSignal = abortSignal;
                    return pages.next();
                });
                if (page.done)
                    return;
                const { Contents, IsTruncated, NextContinuationToken: next } = page.value;
                yield (Contents ?? []).flatMap((o) => o.Key?.startsWith(fullPrefix)
                    ? [{ key: o.Key.slice(this.prefix.length), size: o.Size, lastModified: o.LastModified }]
                    : []);
                if (!IsTruncated || next === undefined)
                    return;
                if (next === sent) {
                    throw new S3RequestError(`ListObjectsV2 on ${target} returned the same continuation token twice (${this.shared.errors.endpointText})`, 'ListObjectsV2');
                }
                sent = next;
            }
        }
        finally {
            // Not awaited: after a deadline, the paginator settles only once its aborted request does.
            void pages.return?.()?.catch(() => { });
        }
    }
    async delete(keys) {
        const timeoutMs = Math.max(this.options.remoteTimeoutMs, 60_000);
        let deleted = 0;
        for (let i = 0; i < keys.length; i += 1000) {
            const batch = keys.slice(i, i + 1000).map((k) => this.fullKey(k));
            const errors = await this.request('DeleteObjects', `${batch.length} objects in ${this.name}`, undefined, timeoutMs, (abortSignal) => this.shared.sdk.deleteObjects(batch, abortSignal));
            deleted += batch.length - errors.length;
            const first = errors[0];
            if (first !== undefined) {
                throw new S3RequestError(this.shared.errors.redact(`DeleteObjects on ${this.name}: ${errors.length} of ${batch.length} objects were not deleted ` +
                    `(${deleted} deleted so far); first: ${first.Key ?? '?'}: ${first.Code ?? 'error'} ${first.Message ?? ''}`.trim()), 'DeleteObjects', undefined, first.Code);
            }
        }
        return deleted;
    }
    /** HeadBucket: proves endpoint, credentials and bucket, and warms the connection (and the S3 Express session). */
    async check(signal) {
        await this.request('HeadBucket', `bucket ${this.bucket}`, signal, this.options.remoteTimeoutMs, (abortSignal) => this.shared.sdk.headBucket(abortSignal));
    }
    /**
     * HeadBucket says nothing of the objects: a prefix the store refuses (HTTP 400 on every key) or
     * a policy without s3:GetObject passes it, and the cache would then do nothing, silently, job
     * after job. Through the SDK, which reports the store's code.
     */
    async probe(key, signal) {
        const fullKey = this.fullKey(key);
        await this.request('GetObject', fullKey, signal, this.options.remoteTimeoutMs, async (abortSignal, progress) => {
            const answer = await this.shared.sdk.get(fullKey, { signal: abortSignal, progress });
            const outcome = getOutcome(answer);
            if (outcome !== 'found' && outcome !== 'missing')
                throw failureOf(answer);
        });
    }
    async close() {
        if (this.ownsClient)
            this.shared.objects.close();
    }
    /** Keys can never reach outside the prefix. */
    fullKey(key) {
        (0,object_store/* checkObjectKey */.x)(key);
        return `${this.prefix}${key}`;
    }
    /** Runs one request under a deadline and turns any failure into an S3RequestError. */
    request(operation, target, signal, timeoutMs, call, stallMs) {
        return (0,deadline/* underDeadline */.TN)(timeoutMs, signal, stallMs, call, (err, deadline) => this.shared.errors.describe(err, operation, target, deadline, signal));
    }
    warnAccessDeniedOnce(key) {
        if (this.shared.warnedAccessDenied)
            return;
        this.shared.warnedAccessDenied = true;
        this.options.warn(`GetObject ${key} on ${this.shared.errors.endpointText} was denied (HTTP 403 AccessDenied); counting it and any like it as misses. ` +
            'S3 answers 403 instead of 404 for a missing key when the policy lacks s3:ListBucket on the bucket: grant it ' +
            '(and s3:GetObject on the prefix) so that misses and denials can be told apart.');
    }
}
/** The error a failed answer stands for: the SDK's own when it came through the SDK. */
function failureOf(answer) {
    return answer.error ?? serviceErrorOf(answer.status, answer.code);
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
var external_node_crypto_default = /*#__PURE__*/__webpack_require__.n(external_node_crypto_);
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
var external_node_http_default = /*#__PURE__*/__webpack_require__.n(external_node_http_);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(4708);
var external_node_https_default = /*#__PURE__*/__webpack_require__.n(external_node_https_);
// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(7030);
var external_node_net_default = /*#__PURE__*/__webpack_require__.n(external_node_net_);
// EXTERNAL MODULE: ./node_modules/@smithy/signature-v4/dist-cjs/index.js
var signature_v4_dist_cjs = __webpack_require__(5118);
;// CONCATENATED MODULE: ./src/cacheprog/remote/s3/signed-object-client.ts







/**
 * GET and PUT of one object as a single SigV4-signed HTTP request over a keep-alive agent.
 *
 * The SDK spends ~1.2 ms of CPU on each request (a middleware stack resolved per call, endpoint
 * rules, checksum and retry plumbing); this path spends ~0.4 ms, and a build makes one request per
 * cache miss on the event loop that also answers go. It covers only what it can do exactly like
 * the SDK: plain general-purpose buckets on AWS or on an S3-compatible endpoint. S3 Express
 * directory buckets (session auth), FIPS and dual-stack endpoints stay on the SDK, and so does
 * every request this path cannot answer for certain (FallbackTransport asks the SDK again on
 * anything but a 200, a NoSuchKey or an AccessDenied).
 */
class SignedObjectClient {
    signer;
    target;
    agent;
    constructor(signer, target, agent) {
        this.signer = signer;
        this.target = target;
        this.agent = agent;
    }
    /** undefined when the target needs the SDK's own request path. */
    static create(s3, region, credentials, env, maxSockets) {
        const target = targetOf(s3, region, env);
        if (!target || !region)
            return undefined;
        const signer = new signature_v4_dist_cjs.SignatureV4({
            service: 's3',
            region,
            credentials,
            sha256: NodeHash,
            uriEscapePath: false,
            applyChecksum: false,
        });
        const options = { keepAlive: true, maxSockets, noDelay: true };
        const agent = target.protocol === 'https:' ? new (external_node_https_default()).Agent(options) : new (external_node_http_default()).Agent(options);
        return new SignedObjectClient(signer, target, agent);
    }
    get(key, { signal, progress }, sink) {
        return this.send('GET', key, undefined, signal, progress, sink &&
            ((status, length) => (status === 200 ? sink(length) : new spill_sink/* MemorySink */.$(length))));
    }
    /** No progress: an upload's deadline covers its whole transfer (see uploadDeadlineMs). */
    put(key, body, { signal }) {
        return this.send('PUT', key, body, signal);
    }
    /**
     * Sends one request; resolves with any HTTP answer, rejects only on network failure or abort.
     * progress is called when the headers and each chunk of the answer arrive (the caller's stall
     * timeout).
     */
    async send(method, key, body, signal, progress, sinkFor = (_status, length) => new spill_sink/* MemorySink */.$(length)) {
        // A body in parts is sent part after part: an object's header and payload need no joined copy.
        const parts = body === undefined ? [] : Buffer.isBuffer(body) ? [body] : body;
        const length = body === undefined ? undefined : parts.reduce((n, p) => n + p.length, 0);
        const { path, headers } = await this.sign(method, key, length);
        return new Promise((resolve, reject) => {
            const request = (this.target.protocol === 'https:' ? (external_node_https_default()) : (external_node_http_default())).request({
                agent: this.agent,
                method,
                protocol: this.target.protocol,
                hostname: this.target.hostname,
                port: this.target.port,
                path,
                headers,
                signal,
            }, (response) => {
                progress?.();
                const status = response.statusCode ?? 0;
                const sink = sinkFor(status, Number(response.headers['content-length']));
                const fail = (err) => {
                    sink.abort();
                    reject(err);
                };
                response.on('data', (chunk) => {
                    progress?.();
                    try {
                        sink.push(chunk);
                    }
                    catch (err) {
                        response.destroy();
                        fail(err);
                    }
                });
                response.once('error', fail);
                response.once('end', () => {
                    sink
                        .end()
                        .then((data) => resolve({ status, body: data, code: status >= 300 ? errorCode(data) : undefined }), fail);
                });
            });
            request.once('error', reject);
            for (const part of parts.slice(0, -1))
                request.write(part);
            request.end(parts.at(-1));
        });
    }
    /** The path and SigV4-signed headers of a request for one object (what send sends). */
    async sign(method, key, bodyLength) {
        const path = `${this.target.pathPrefix}/${encodeKey(key)}`;
        const headers = { host: this.target.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' };
        if (bodyLength !== undefined) {
            headers['content-length'] = String(bodyLength);
            headers['content-type'] = 'application/octet-stream';
        }
        const signed = await this.signer.sign({
            method,
            protocol: this.target.protocol,
            hostname: this.target.hostname,
            port: this.target.port,
            path,
            headers,
            query: {},
        });
        return { path, headers: signed.headers };
    }
    close() {
        this.agent.destroy();
    }
}
/** Where requests for the bucket go, or undefined when only the SDK knows (see the class comment). */
function targetOf(s3, region, env) {
    const on = (name) => /^true$/i.test(env[name] ?? '');
    if (isDirectoryBucket(s3.bucket) ||
        on('AWS_USE_FIPS_ENDPOINT') ||
        on('AWS_USE_DUALSTACK_ENDPOINT') ||
        on('AWS_S3_USE_ARN_REGION'))
        return undefined;
    // Bucket names that are not one DNS label cannot be virtual-hosted (and break TLS names).
    const dnsLabel = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(s3.bucket);
    let url;
    if (s3.endpoint === undefined) {
        if (!region || !/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(region) || region.startsWith('cn-') || !dnsLabel)
            return undefined;
        url = new URL(`https://s3.${region}.amazonaws.com`);
    }
    else {
        try {
            url = new URL(s3.endpoint);
        }
        catch {
            return undefined;
        }
        if ((url.protocol !== 'http:' && url.protocol !== 'https:') ||
            (url.pathname !== '/' && url.pathname !== '') ||
            url.search ||
            url.username)
            return undefined;
    }
    const hostname = url.hostname.replace(/^\[|\]$/g, '');
    // As the SDK's endpoint rules do: an IP address or localhost cannot take a bucket subdomain.
    const pathStyle = s3.pathStyle || !dnsLabel || external_node_net_default().isIP(hostname) !== 0 || hostname === 'localhost';
    const port = url.port === '' ? undefined : Number(url.port);
    const portSuffix = port === undefined ? '' : `:${port}`;
    const protocol = url.protocol;
    if (pathStyle)
        return {
            protocol,
            hostname,
            port,
            host: `${url.hostname}${portSuffix}`,
            pathPrefix: `/${encodeSegment(s3.bucket)}`,
        };
    const virtualHost = `${s3.bucket}.${hostname}`;
    return { protocol, hostname: virtualHost, port, host: `${virtualHost}${portSuffix}`, pathPrefix: '' };
}
/** RFC 3986 unreserved characters stay, everything else is %XX: what SigV4's canonical URI wants. */
function encodeSegment(segment) {
    return encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
function encodeKey(key) {
    return key.split('/').map(encodeSegment).join('/');
}
function errorCode(xml) {
    return /<Code>([^<]{1,100})<\/Code>/.exec(xml.subarray(0, 4096).toString('utf8'))?.[1];
}
function toBuffer(data) {
    if (typeof data === 'string')
        return Buffer.from(data, 'utf8');
    if (ArrayBuffer.isView(data))
        return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    return Buffer.from(data);
}
/** The signer's sha256 and HMAC on node:crypto (as @smithy/hash-node does, without the package). */
class NodeHash {
    hash;
    constructor(secret) {
        this.hash = secret === undefined ? external_node_crypto_default().createHash('sha256') : external_node_crypto_default().createHmac('sha256', toBuffer(secret));
    }
    update(data) {
        this.hash.update(toBuffer(data));
    }
    async digest() {
        return this.hash.digest();
    }
}

;// CONCATENATED MODULE: ./src/cacheprog/remote/s3/index.ts
// Everything the S3 remote loads at run time, behind one dynamic import (open-remote.ts): the go
// handshake is answered before it loads (it is ~1.4 MB of code), a build served locally never
// loads it, and the SDK and the direct request path share one chunk, so their common modules load once.







/** Builds the client and both request paths; sends nothing but what resolving the region needs. */
async function openS3Store(options) {
    const env = options.env ?? process.env;
    const client = createS3Client(dist_cjs_namespaceObject, options.s3, env, options.remoteTimeoutMs);
    const sdkTransport = new SdkTransport(dist_cjs_namespaceObject, client, options.s3.bucket);
    let direct;
    if (options.s3.directRequests) {
        // The SDK's own region resolution (env, profile) so both paths sign for the same region.
        const region = await client.config.region().catch(() => undefined);
        direct = SignedObjectClient.create(options.s3, region, async () => client.config.credentials(), env, MAX_SOCKETS);
    }
    return S3ObjectStore.create(new FallbackTransport(direct, sdkTransport), sdkTransport, options);
}


/***/ })

};
