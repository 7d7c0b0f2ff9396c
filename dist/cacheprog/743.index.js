export const id = 743;
export const ids = [743];
export const modules = {

/***/ 9743:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   recordServed: () => (/* binding */ recordServed),
/* harmony export */   runJobServer: () => (/* binding */ runJobServer)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7030);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_net__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var _config_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6900);
/* harmony import */ var _protocol_reader_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(7422);
/* harmony import */ var _protocol_types_js__WEBPACK_IMPORTED_MODULE_12__ = __webpack_require__(3308);
/* harmony import */ var _protocol_writer_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(3490);
/* harmony import */ var _serve_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(9975);
/* harmony import */ var _session_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(1856);
/* harmony import */ var _stats_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(3899);
/* harmony import */ var _store_locks_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(6442);
/* harmony import */ var _store_atomic_file_js__WEBPACK_IMPORTED_MODULE_11__ = __webpack_require__(7376);













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
    const address = (0,_config_js__WEBPACK_IMPORTED_MODULE_4__/* .parseSocketAddress */ .j8)(config.socket);
    const stats = new _stats_js__WEBPACK_IMPORTED_MODULE_9__/* .Stats */ .Uz(config.backend);
    // Counted per go command that connects, not per server.
    stats.counters.processes = 0;
    // One process: its fetches are shared in memory, and the prefetcher runs here too.
    const remote = startRemote(config, stats, log);
    const { cache, store } = (0,_serve_js__WEBPACK_IMPORTED_MODULE_7__/* .openCache */ .bp)(config, log, new _store_locks_js__WEBPACK_IMPORTED_MODULE_10__/* .NoopLocker */ .PT(), stats, remote.backend);
    void store.createShards().catch((err) => log.debug(`creating the shard directories: ${err.message}`));
    const handshake = (0,_protocol_writer_js__WEBPACK_IMPORTED_MODULE_6__/* .encodeResponse */ .kd)({ ..._protocol_writer_js__WEBPACK_IMPORTED_MODULE_6__/* .HANDSHAKE */ .QK, CacheDir: store.dir });
    const token = address.kind === 'tcp' ? node_crypto__WEBPACK_IMPORTED_MODULE_0___default().randomBytes(32).toString('hex') : undefined;
    const stop = new AbortController();
    let prefetch = Promise.resolve();
    const server = node_net__WEBPACK_IMPORTED_MODULE_2___default().createServer({ noDelay: true }, (socket) => {
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
        (0,_serve_js__WEBPACK_IMPORTED_MODULE_7__/* .report */ .z8)(config, stats, log, cache.usedActionIds(), 'server');
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
        const session = new _session_js__WEBPACK_IMPORTED_MODULE_8__/* .Session */ .N({ handler: cache, sink, stats, log, onClosed: () => socket.end(), control });
        const reader = new _protocol_reader_js__WEBPACK_IMPORTED_MODULE_5__/* .RequestReader */ .D({
            onRequest: (request) => {
                if (!counted && (request.command === 'get' || request.command === 'put' || request.command === 'close' || request.command === 'served')) {
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
        socket.on('end', () => reader.end());
        sink.send(handshake);
        if (first && first.length > 0)
            reader.push(first);
    };
    await listen(server, address);
    const socketText = address.kind === 'unix' ? `unix:${address.path}` : `tcp:${address.host}:${server.address().port}`;
    if (config.serverFile) {
        const info = { socket: socketText, token, pid: process.pid };
        // Private from its first byte: it holds the tcp token.
        (0,_store_atomic_file_js__WEBPACK_IMPORTED_MODULE_11__/* .writeFileAtomic */ .Zf)(config.serverFile, JSON.stringify(info), 0o600);
    }
    log.info(`job server listening on ${socketText} (pid ${process.pid})`);
    prefetch = startPrefetch(config, log, stats, cache, remote.s3, stop.signal);
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
    if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string' && _protocol_types_js__WEBPACK_IMPORTED_MODULE_12__/* .HEX_ID */ .m.test(id)) || typeof bytes !== 'number' || !Number.isSafeInteger(bytes) || bytes < 0) {
        throw new Error('served: ActionIDs must be a list of hex action ids and Bytes a byte count');
    }
    cache.servedElsewhere(ids, bytes);
}
/** The remote, set up at start: the job server starts before any go command, so nobody waits for the SDK. */
function startRemote(config, stats, log) {
    if (config.backend !== 's3')
        return { backend: Promise.resolve(undefined), s3: Promise.resolve(undefined) };
    const parts = Promise.all([Promise.resolve(/* import() */).then(__webpack_require__.bind(__webpack_require__, 9973)), __webpack_require__.e(/* import() */ 290).then(__webpack_require__.bind(__webpack_require__, 9290))]).then(async ([{ createS3Backend, backendChain, listReadableActionIds }, { ListedBackend }]) => {
        const s3 = await createS3Backend(config, { warn: (m) => log.warn(m) });
        const chain = backendChain(s3, config, { stats, warn: (m) => log.warn(m), who: 'job' });
        if (!config.listKeys)
            return { s3, backend: chain };
        const started = performance.now();
        const listing = listReadableActionIds(s3, config, LIST_CAP).then((ids) => {
            log.debug(ids ? `listed ${ids.size} keys in ${Math.round(performance.now() - started)} ms` : `more than ${LIST_CAP} keys: not listing`);
            return ids;
        }, (err) => {
            log.debug(`listing the bucket failed (${err.message}); every miss asks the bucket`);
            return undefined;
        });
        return { s3, backend: new ListedBackend(chain, listing, stats) };
    });
    const backend = parts.then(({ backend }) => {
        // Warms the connection (and an S3 Express session); a failure opens the breaker, which warns once.
        backend.check().catch(() => { });
        return backend;
    }, (err) => {
        log.warn(`remote cache disabled: ${err.message}; building with the local cache only`);
        stats.add('remoteDisabled');
        return undefined;
    });
    return { backend, s3: parts.then((p) => p.s3, () => undefined) };
}
async function startPrefetch(config, log, stats, cache, s3Setup, signal) {
    if (!config.manifestKey || config.backend !== 's3')
        return;
    const s3 = await s3Setup;
    if (!s3)
        return;
    try {
        const { prefetchManifest } = await __webpack_require__.e(/* import() */ 766).then(__webpack_require__.bind(__webpack_require__, 4766));
        await prefetchManifest({ config, log, stats, cache, s3, signal });
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
            presented = String(JSON.parse(buffered.subarray(0, newline).toString()).Token ?? '');
        }
        catch {
            // not a token line
        }
        const a = Buffer.from(presented);
        const b = Buffer.from(token);
        if (a.length !== b.length || !node_crypto__WEBPACK_IMPORTED_MODULE_0___default().timingSafeEqual(a, b)) {
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
        const dir = node_path__WEBPACK_IMPORTED_MODULE_3___default().dirname(address.path);
        node_fs__WEBPACK_IMPORTED_MODULE_1___default().mkdirSync(dir, { recursive: true, mode: 0o700 });
        const st = node_fs__WEBPACK_IMPORTED_MODULE_1___default().statSync(dir);
        if (typeof process.getuid === 'function' && st.uid !== process.getuid()) {
            throw new Error(`the socket directory ${dir} belongs to another user`);
        }
        if ((st.mode & 0o077) !== 0)
            node_fs__WEBPACK_IMPORTED_MODULE_1___default().chmodSync(dir, 0o700);
        // A socket file left by a server that died: nobody answers on it, so it can go.
        if (node_fs__WEBPACK_IMPORTED_MODULE_1___default().existsSync(address.path)) {
            if (await answers(address.path))
                throw new Error(`another job server is already listening on ${address.path}`);
            node_fs__WEBPACK_IMPORTED_MODULE_1___default().rmSync(address.path, { force: true });
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
        const probe = node_net__WEBPACK_IMPORTED_MODULE_2___default().connect(socketPath);
        probe.once('connect', () => {
            probe.destroy();
            resolve(true);
        });
        probe.once('error', () => resolve(false));
    });
}


/***/ })

};
