export const id = 362;
export const ids = [362];
export const modules = {

/***/ 1362:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  SignedObjectClient: () => (/* reexport */ SignedObjectClient),
  sdk: () => (/* reexport */ dist_cjs_namespaceObject)
});

// EXTERNAL MODULE: ../main/node_modules/@aws-sdk/client-s3/dist-cjs/index.js
var dist_cjs = __webpack_require__(5423);
var dist_cjs_namespaceObject = /*#__PURE__*/__webpack_require__.t(dist_cjs, 2);
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
// EXTERNAL MODULE: ../main/node_modules/@smithy/signature-v4/dist-cjs/index.js
var signature_v4_dist_cjs = __webpack_require__(4366);
// EXTERNAL MODULE: ./src/cacheprog/remote/spill-sink.ts
var spill_sink = __webpack_require__(9429);
;// CONCATENATED MODULE: ./src/cacheprog/remote/signed-object-client.ts






/**
 * GET and PUT of one object as a single SigV4-signed HTTP request over a keep-alive agent.
 *
 * The SDK spends ~1.2 ms of CPU on each request (a middleware stack resolved per call, endpoint
 * rules, checksum and retry plumbing); this path spends ~0.4 ms, and a build makes one request per
 * cache miss on the event loop that also answers go. It covers only what it can do exactly like
 * the SDK: plain general-purpose buckets on AWS or on an S3-compatible endpoint. S3 Express
 * directory buckets (session auth), FIPS and dual-stack endpoints stay on the SDK, and so does
 * every request this path cannot answer for certain (the caller falls back on anything but a
 * 200, a NoSuchKey or an AccessDenied).
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
        const signer = new signature_v4_dist_cjs.SignatureV4({ service: 's3', region, credentials, sha256: NodeHash, uriEscapePath: false, applyChecksum: false });
        const options = { keepAlive: true, maxSockets, noDelay: true };
        const agent = target.protocol === 'https:' ? new (external_node_https_default()).Agent(options) : new (external_node_http_default()).Agent(options);
        return new SignedObjectClient(signer, target, agent);
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
            const request = (this.target.protocol === 'https:' ? (external_node_https_default()) : (external_node_http_default())).request({ agent: this.agent, method, protocol: this.target.protocol, hostname: this.target.hostname, port: this.target.port, path, headers, signal }, (response) => {
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
                    sink.end().then((data) => resolve({ status, body: data, code: status >= 300 ? errorCode(data) : undefined }), fail);
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
        const signed = await this.signer.sign({ method, protocol: this.target.protocol, hostname: this.target.hostname, port: this.target.port, path, headers, query: {} });
        return { path, headers: signed.headers };
    }
    close() {
        this.agent.destroy();
    }
}
/** Where requests for the bucket go, or undefined when only the SDK knows (see the class comment). */
function targetOf(s3, region, env) {
    const on = (name) => /^true$/i.test(env[name] ?? '');
    if (s3.bucket.endsWith('--x-s3') || on('AWS_USE_FIPS_ENDPOINT') || on('AWS_USE_DUALSTACK_ENDPOINT') || on('AWS_S3_USE_ARN_REGION'))
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
        if ((url.protocol !== 'http:' && url.protocol !== 'https:') || (url.pathname !== '/' && url.pathname !== '') || url.search || url.username)
            return undefined;
    }
    const hostname = url.hostname.replace(/^\[|\]$/g, '');
    // As the SDK's endpoint rules do: an IP address or localhost cannot take a bucket subdomain.
    const pathStyle = s3.pathStyle || !dnsLabel || external_node_net_default().isIP(hostname) !== 0 || hostname === 'localhost';
    const port = url.port === '' ? undefined : Number(url.port);
    const portSuffix = port === undefined ? '' : `:${port}`;
    const protocol = url.protocol;
    if (pathStyle)
        return { protocol, hostname, port, host: `${url.hostname}${portSuffix}`, pathPrefix: `/${encodeSegment(s3.bucket)}` };
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

;// CONCATENATED MODULE: ./src/cacheprog/remote/s3-runtime.ts
// Everything the S3 backend loads at run time, behind one dynamic import: the go handshake is
// answered before it loads (it is ~1.4 MB of code), a build served locally never loads it, and
// the SDK and the direct request path share one chunk, so their common modules load once.




/***/ })

};
