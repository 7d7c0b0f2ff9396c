export const id = 933;
export const ids = [933,553];
export const modules = {

/***/ 3553:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   bk: () => (/* binding */ WEDGED_SUFFIX),
/* harmony export */   finishJobServer: () => (/* binding */ finishJobServer),
/* harmony export */   readServerFile: () => (/* binding */ readServerFile)
/* harmony export */ });
/* unused harmony exports connectJobServer, request, HANDSHAKE_WAIT_MS */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7030);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_net__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _config_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7050);



function readServerFile(file) {
    try {
        const info = JSON.parse(node_fs__WEBPACK_IMPORTED_MODULE_0___default().readFileSync(file, 'utf8'));
        return typeof info.socket === 'string' ? { socket: info.socket, token: info.token, pid: info.pid } : undefined;
    }
    catch {
        return undefined;
    }
}
/** Connects as the bridge does: the socket, then the token line for tcp. */
function connectJobServer(target, timeoutMs) {
    const address = (0,_config_js__WEBPACK_IMPORTED_MODULE_2__/* .parseSocketAddress */ .j8)(target.socket);
    return new Promise((resolve, reject) => {
        const socket = address.kind === 'unix' ? node_net__WEBPACK_IMPORTED_MODULE_1___default().connect(address.path) : node_net__WEBPACK_IMPORTED_MODULE_1___default().connect(address.port, address.host);
        const timer = setTimeout(() => {
            socket.destroy();
            reject(new Error(`no answer from ${target.socket} within ${timeoutMs} ms`));
        }, timeoutMs);
        socket.once('error', (err) => {
            clearTimeout(timer);
            reject(err);
        });
        socket.once('connect', () => {
            clearTimeout(timer);
            if (target.token)
                socket.write(`${JSON.stringify({ Token: target.token })}\n`);
            resolve(socket);
        });
    });
}
/**
 * Sends one request and resolves with the response of the same ID (others are skipped). With only
 * an ID 0 and no command, sends nothing and waits for the server's handshake.
 */
function request(socket, body, timeoutMs) {
    return new Promise((resolve, reject) => {
        let buffered = '';
        const timer = setTimeout(() => done(new Error(`no answer to ${body.Command === undefined ? 'the handshake' : String(body.Command)} within ${timeoutMs} ms`)), timeoutMs);
        const done = (err, value) => {
            clearTimeout(timer);
            socket.off('data', onData);
            socket.off('close', onClose);
            if (err)
                reject(err);
            else
                resolve(value);
        };
        const onData = (chunk) => {
            buffered += chunk.toString('utf8');
            for (let nl = buffered.indexOf('\n'); nl !== -1; nl = buffered.indexOf('\n')) {
                const line = buffered.slice(0, nl);
                buffered = buffered.slice(nl + 1);
                try {
                    const response = JSON.parse(line);
                    if (response.ID === body.ID)
                        return done(undefined, response);
                }
                catch {
                    return done(new Error(`not a protocol response: ${line.slice(0, 100)}`));
                }
            }
        };
        const onClose = () => done(new Error('the server closed the connection before answering'));
        socket.on('data', onData);
        socket.once('close', onClose);
        if (body.Command !== undefined)
            socket.write(`${JSON.stringify(body)}\n`);
    });
}
/** How long a live job server may take to greet a new connection, however busy it is. */
const HANDSHAKE_WAIT_MS = 3_000;
/**
 * The marker a bridge leaves beside the server file (or the unix socket) once the server stopped
 * answering (src/bridge/liveness.go): later go commands of the job fall back without waiting.
 */
const WEDGED_SUFFIX = '.wedged';
/**
 * Asks the job server to finish: stop prefetching, wait up to waitMs for its uploads, spool the
 * rest, write its statistics and exit. A server that is gone (crashed, killed) is not an error:
 * its journal is in the spool dir for the drain.
 */
async function finishJobServer(target, timeoutMs, waitMs) {
    let socket;
    try {
        socket = await connectJobServer(target, 5_000);
    }
    catch (err) {
        return {
            finished: false,
            pending: 0,
            message: `the job server at ${target.socket} is not running (${err.message})`,
        };
    }
    try {
        // A stopped or wedged server still accepts (the kernel does), but never greets: asking it to
        // finish would only wait out the whole deadline.
        try {
            await request(socket, { ID: 0 }, HANDSHAKE_WAIT_MS);
        }
        catch (err) {
            return {
                finished: false,
                pending: 0,
                message: `the job server at ${target.socket} is stopped or wedged (${err.message})`,
            };
        }
        const response = await request(socket, { ID: 1, Command: 'finish', WaitMs: waitMs }, timeoutMs);
        if (typeof response.Err === 'string')
            return { finished: false, pending: 0, message: `the job server refused to finish: ${response.Err}` };
        const pending = Number(response.Pending) || 0;
        return {
            finished: true,
            pending,
            message: `the job server finished${pending > 0 ? `, handing ${pending} upload(s) to the spool` : ' with every upload done'}`,
        };
    }
    catch (err) {
        return { finished: false, pending: 0, message: `the job server did not finish: ${err.message}` };
    }
    finally {
        socket.destroy();
    }
}


/***/ }),

/***/ 3933:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  recordServed: () => (/* binding */ recordServed),
  runJobServer: () => (/* binding */ runJobServer)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
var external_node_crypto_default = /*#__PURE__*/__webpack_require__.n(external_node_crypto_);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
var external_node_fs_default = /*#__PURE__*/__webpack_require__.n(external_node_fs_);
// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(7030);
var external_node_net_default = /*#__PURE__*/__webpack_require__.n(external_node_net_);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/cacheprog/config.ts
var cacheprog_config = __webpack_require__(7050);
// EXTERNAL MODULE: ./src/cacheprog/job-client.ts
var job_client = __webpack_require__(3553);
// EXTERNAL MODULE: ./src/cacheprog/store/atomic-file.ts
var atomic_file = __webpack_require__(9306);
;// CONCATENATED MODULE: ./src/cacheprog/live-stats.ts


/** From a server's Stats or a job's Aggregate: both carry the same counters. */
function liveStats(stats, uploadsPending, now = new Date()) {
    const c = stats.counters;
    return {
        version: 1,
        hits: c.localHits + c.remoteHits,
        misses: c.misses,
        localHits: c.localHits,
        remoteHits: c.remoteHits,
        bytesDownloaded: c.bytesDownloaded,
        bytesUploaded: c.bytesUploaded,
        uploadsPending,
        goCommands: c.processes,
        updatedAt: now.toISOString(),
    };
}
/**
 * Keeps the file current: written whole (temp + rename, so a reader never sees half of it) when a
 * go command closes, before its close is answered, so a step after the go command reads figures
 * that include it. Nothing changed since the last write: nothing written.
 */
class LiveStatsFile {
    file;
    read;
    log;
    last = '';
    constructor(file, read, log) {
        this.file = file;
        this.read = read;
        this.log = log;
    }
    update() {
        const { updatedAt: _, ...figures } = this.read();
        const key = JSON.stringify(figures);
        if (key === this.last)
            return;
        try {
            (0,atomic_file/* writeFileAtomic */.Zf)(this.file, `${JSON.stringify({ ...figures, updatedAt: new Date().toISOString() })}\n`, 0o644);
            this.last = key;
        }
        catch (err) {
            // Figures for a later step only: the build is not affected.
            this.log.warnOnce('stats-file', `cannot write the statistics file ${this.file}: ${err.message}`);
        }
    }
}
/**
 * The live file completed with a job's totals by its post step (`final: true`): what the file
 * held (the main step's or the server's figures; nothing when it is missing or unreadable) with
 * the totals on top. Throws when it cannot be written.
 */
function completeStatsFile(file, totals) {
    let live = {};
    try {
        live = JSON.parse(fs.readFileSync(file, 'utf8'));
    }
    catch {
        // No live file (a server per go command): the totals alone.
    }
    writeFileAtomic(file, `${JSON.stringify({ ...live, ...totals, final: true })}\n`);
}

// EXTERNAL MODULE: ./src/cacheprog/protocol/reader.ts
var protocol_reader = __webpack_require__(5332);
// EXTERNAL MODULE: ./src/cacheprog/protocol/types.ts
var types = __webpack_require__(7802);
// EXTERNAL MODULE: ./src/cacheprog/protocol/writer.ts
var writer = __webpack_require__(2692);
// EXTERNAL MODULE: ./src/cacheprog/remote/open-remote.ts + 6 modules
var open_remote = __webpack_require__(171);
// EXTERNAL MODULE: ./src/cacheprog/serve.ts
var serve = __webpack_require__(5873);
// EXTERNAL MODULE: ./src/cacheprog/session.ts
var cacheprog_session = __webpack_require__(4826);
// EXTERNAL MODULE: ./src/cacheprog/stats.ts
var cacheprog_stats = __webpack_require__(3697);
// EXTERNAL MODULE: ./src/cacheprog/store/locks.ts
var locks = __webpack_require__(648);
;// CONCATENATED MODULE: ./src/cacheprog/job-server.ts
















/** Past this many keys the bucket is not listed: memory, and a listing slower than asking. */
const LIST_CAP = 500_000;
/** Longest wait for a tcp client's token line: a client that says nothing is not ours. */
const TOKEN_WAIT_MS = 5_000;
/**
 * The job's cache server: one process for every go command of a job, each connection (made by the
 * bridge GOCACHEPROG names) its own protocol session over one shared Cache: one in-memory index,
 * one S3 client with warm connections, one upload queue, one set of known-absent keys, the
 * prefetcher. A go command's close is answered once its puts are on local disk; uploads go on
 * across go commands until `finish` (the post step) or a signal.
 */
async function runJobServer(config, log) {
    const address = (0,cacheprog_config/* parseSocketAddress */.j8)(config.socket);
    const stats = new cacheprog_stats/* Stats */.Uz(config.backend);
    // Counted per go command that connects, not per server.
    stats.counters.processes = 0;
    // One process: its fetches are shared in memory, and the prefetcher runs here too.
    // Set up at start: the job server starts before any go command, so nobody waits for the SDK.
    const remote = (0,open_remote/* startRemote */.t)(config, {
        stats,
        warn: (m) => log.warn(m),
        debug: (m) => log.debug(m),
        who: 'job',
        listCap: config.listKeys ? LIST_CAP : undefined,
    });
    const { cache, store } = (0,serve/* openCache */.bp)(config, log, new locks/* NoopLocker */.PT(), stats, remote.then((r) => r?.backend));
    void store
        .createShards()
        .catch((err) => log.debug(`creating the shard directories: ${err.message}`));
    const handshake = (0,writer/* encodeResponse */.kd)({ ...writer/* HANDSHAKE */.QK, CacheDir: store.dir });
    const token = address.kind === 'tcp' ? external_node_crypto_default().randomBytes(32).toString('hex') : undefined;
    const live = config.statsFile
        ? new LiveStatsFile(config.statsFile, () => liveStats(stats, cache.pendingUploads), log)
        : undefined;
    const stop = new AbortController();
    let prefetch = Promise.resolve();
    const server = external_node_net_default().createServer({ noDelay: true }, (socket) => {
        if (token)
            authenticate(socket, token, (rest) => converse(socket, rest));
        else
            converse(socket);
    });
    let finishing;
    const finish = (id, waitMs) => (finishing ??= (async () => {
        stop.abort(new Error('finishing'));
        server.close();
        await prefetch;
        await cache.finish(waitMs).catch((err) => log.error(`finishing: ${err.message}`));
        (0,serve/* logStats */.S2)(config, stats, log, cache.usedActionIds(), 'server');
        live?.update();
        return { ID: id, Pending: cache.pendingUploads };
    })());
    /**
     * One go command's session, over the bridge's socket. The handshake names the local store's
     * directory: the bridge answers the gets it holds itself and reports them (served); this process
     * sees go's misses, puts and close.
     */
    const converse = (socket, first) => {
        socket.on('error', (err) => log.debug(`connection: ${err.message}`));
        const sink = { send: (line) => void (socket.writable && socket.write(line)) };
        let counted = false;
        const control = async (request) => {
            if (request.command === 'served') {
                recordServed(cache, request);
                return undefined;
            }
            if (request.command !== 'finish')
                throw new Error(`unknown command "${request.command}" (known: get, put, close, served, finish)`);
            const wait = Number(request.fields?.get('waitms'));
            const response = await finish(request.id, Number.isFinite(wait) && wait >= 0 ? wait : config.drainTimeoutMs);
            // Answered (the session writes the response before this runs), then gone: keep-alive
            // sockets of the S3 client must not keep the process alive.
            setImmediate(() => socket.end(() => process.exit(0)));
            setTimeout(() => process.exit(0), 1_000).unref();
            return response;
        };
        const session = new cacheprog_session/* Session */.N({
            handler: cache,
            sink,
            stats,
            log,
            control,
            // Before close is answered: a step after this go command reads figures that include it.
            beforeCloseReply: async () => live?.update(),
            onClosed: () => socket.end(),
        });
        const reader = new protocol_reader/* RequestReader */.D({
            onRequest: (request) => {
                if (!counted &&
                    (request.command === 'get' ||
                        request.command === 'put' ||
                        request.command === 'close' ||
                        request.command === 'served')) {
                    counted = true;
                    stats.add('processes');
                }
                return session.onRequest(request);
            },
            onFatal: (message) => {
                stats.add('protocolErrors');
                log.error(message);
                socket.destroy();
            },
        });
        socket.on('data', (chunk) => {
            // Requests that arrive together are answered together.
            socket.cork();
            reader.push(chunk);
            socket.uncork();
        });
        // A go command that ended without close (killed): its puts are stored, nothing is owed to it.
        socket.on('end', () => {
            reader.end();
            if (counted)
                live?.update();
        });
        sink.send(handshake);
        if (first && first.length > 0)
            reader.push(first);
    };
    await listen(server, address);
    // A marker a bridge left for an earlier server on this socket is not about this one.
    for (const marker of [address.kind === 'unix' ? address.path : undefined, config.serverFile]) {
        if (marker)
            external_node_fs_default().rmSync(`${marker}${job_client/* WEDGED_SUFFIX */.bk}`, { force: true });
    }
    const socketText = address.kind === 'unix'
        ? `unix:${address.path}`
        : `tcp:${address.host}:${server.address().port}`;
    if (config.serverFile) {
        const info = { socket: socketText, token, pid: process.pid };
        // Private from its first byte: it holds the tcp token.
        (0,atomic_file/* writeFileAtomic */.Zf)(config.serverFile, JSON.stringify(info), 0o600);
    }
    live?.update();
    log.info(`job server listening on ${socketText} (pid ${process.pid})`);
    prefetch = startPrefetch(config, log, stats, cache, remote, stop.signal);
    // Interrupted (the runner's cleanup, a person's ^C): no time to wait for uploads, but what is
    // owed still goes to the spool.
    for (const signal of ['SIGINT', 'SIGTERM']) {
        process.on(signal, () => void finish(0, 0).then(() => process.exit(0)));
    }
}
/**
 * The bridge's notice of the hits it answered from the local store's files:
 * {"Command":"served","ActionIDs":[hex…],"Bytes":n}. Counted as this server's own local hits.
 */
function recordServed(cache, request) {
    const ids = request.fields?.get('actionids');
    const bytes = request.fields?.get('bytes');
    if (!Array.isArray(ids) ||
        !ids.every((id) => typeof id === 'string' && types/* HEX_ID */.m.test(id)) ||
        typeof bytes !== 'number' ||
        !Number.isSafeInteger(bytes) ||
        bytes < 0) {
        throw new Error('served: ActionIDs must be a list of hex action ids and Bytes a byte count');
    }
    cache.servedElsewhere(ids, bytes);
}
async function startPrefetch(config, log, stats, cache, opened, signal) {
    if (!config.manifestKey)
        return;
    const remote = await opened;
    if (!remote)
        return;
    try {
        const { prefetchManifest } = await __webpack_require__.e(/* import() */ 919).then(__webpack_require__.bind(__webpack_require__, 3919));
        await prefetchManifest({ config, log, stats, cache, objects: remote.objects, signal });
    }
    catch (err) {
        if (!signal.aborted)
            log.warn(`prefetch failed: ${err.message}; go fetches entries on demand instead`);
    }
}
/** A tcp client proves it is this job's by sending the token first; anything else is dropped. */
function authenticate(socket, token, onOk) {
    let buffered = Buffer.alloc(0);
    const timer = setTimeout(() => socket.destroy(), TOKEN_WAIT_MS);
    const onData = (chunk) => {
        buffered = Buffer.concat([buffered, chunk]);
        const newline = buffered.indexOf(0x0a);
        if (newline === -1) {
            if (buffered.length > 4096)
                socket.destroy();
            return;
        }
        socket.off('data', onData);
        clearTimeout(timer);
        let presented = '';
        try {
            const { Token } = JSON.parse(buffered.subarray(0, newline).toString());
            presented = typeof Token === 'string' ? Token : '';
        }
        catch {
            // not a token line
        }
        const a = Buffer.from(presented);
        const b = Buffer.from(token);
        if (a.length !== b.length || !external_node_crypto_default().timingSafeEqual(a, b)) {
            socket.destroy();
            return;
        }
        onOk(buffered.subarray(newline + 1));
    };
    socket.on('data', onData);
    socket.on('error', () => { });
}
/** Listens on a Unix socket in a directory only this user can enter, or on loopback tcp. */
async function listen(server, address) {
    if (address.kind === 'unix') {
        const dir = external_node_path_default().dirname(address.path);
        external_node_fs_default().mkdirSync(dir, { recursive: true, mode: 0o700 });
        const st = external_node_fs_default().statSync(dir);
        if (typeof process.getuid === 'function' && st.uid !== process.getuid()) {
            throw new Error(`the socket directory ${dir} belongs to another user`);
        }
        if ((st.mode & 0o077) !== 0)
            external_node_fs_default().chmodSync(dir, 0o700);
        // A socket file left by a server that died: nobody answers on it, so it can go.
        if (external_node_fs_default().existsSync(address.path)) {
            if (await answers(address.path))
                throw new Error(`another job server is already listening on ${address.path}`);
            external_node_fs_default().rmSync(address.path, { force: true });
        }
    }
    await new Promise((resolve, reject) => {
        server.once('error', reject);
        if (address.kind === 'unix')
            server.listen(address.path, () => resolve());
        else
            server.listen(address.port, address.host, () => resolve());
    });
}
function answers(socketPath) {
    return new Promise((resolve) => {
        const probe = external_node_net_default().connect(socketPath);
        probe.once('connect', () => {
            probe.destroy();
            resolve(true);
        });
        probe.once('error', () => resolve(false));
    });
}


/***/ })

};
