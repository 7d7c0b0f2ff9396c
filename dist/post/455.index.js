export const id = 455;
export const ids = [455,83];
export const modules = {

/***/ 455:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   serverLogFile: () => (/* binding */ serverLogFile)
/* harmony export */ });
/* unused harmony exports bridgeBinary, socketFor, startJobServer */
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var node_timers_promises__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8500);
/* harmony import */ var node_timers_promises__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__webpack_require__.n(node_timers_promises__WEBPACK_IMPORTED_MODULE_4__);
/* harmony import */ var _cacheprog_job_client_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(4083);






/** dist/bridge/<os>-<arch>/gobuildcache-bridge[.exe] for this runner, if the action ships one. */
function bridgeBinary(distDir, platform = process.platform, arch = process.arch) {
    const goos = { linux: 'linux', darwin: 'darwin', win32: 'windows' }[platform];
    const goarch = { x64: 'amd64', arm64: 'arm64' }[arch];
    if (!goos || !goarch)
        return undefined;
    const file = path.join(distDir, 'bridge', `${goos}-${goarch}`, goos === 'windows' ? 'gobuildcache-bridge.exe' : 'gobuildcache-bridge');
    return fs.existsSync(file) ? file : undefined;
}
/** Unix sockets take paths of at most 104 bytes (macOS) to 108 (Linux). */
const MAX_SOCKET_PATH = 100;
/**
 * Where the job server listens: a Unix socket in a 0700 directory of this run, or, on Windows,
 * loopback tcp with a token (the bridge reads both from the server file).
 */
function socketFor(runDir, platform = process.platform) {
    if (platform === 'win32')
        return 'tcp:127.0.0.1:0';
    let dir = path.join(runDir, 'sock');
    if (path.join(dir, 's').length > MAX_SOCKET_PATH)
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gbc-'));
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.chmodSync(dir, 0o700);
    return `unix:${path.join(dir, 's')}`;
}
/**
 * Starts the job server detached (its own process group, stdio on a log file, unref'd) so it
 * outlives this step and serves every later one, and waits until it answers a handshake.
 * Rejects with the reason when it does not, after stopping what was started.
 */
async function startJobServer(opts) {
    fs.rmSync(opts.serverFile, { force: true });
    const log = fs.openSync(opts.logFile, 'a');
    let pid;
    let exited;
    try {
        const child = spawn(opts.node, [opts.script, 'serve', '-socket', opts.socket, '-server-file', opts.serverFile, ...opts.flags], {
            detached: true,
            stdio: ['ignore', log, log],
            env: opts.env,
            windowsHide: true,
        });
        child.on('error', (err) => (exited = err.message));
        child.on('exit', (code, signal) => (exited = `it exited (${signal ?? `code ${code}`})`));
        child.unref();
        pid = child.pid;
    }
    finally {
        fs.closeSync(log);
    }
    const deadline = Date.now() + opts.readyTimeoutMs;
    while (Date.now() < deadline && exited === undefined) {
        const target = readServerFile(opts.serverFile);
        if (target) {
            try {
                const socket = await connectJobServer(target, Math.max(1, deadline - Date.now()));
                // The handshake (ID 0) proves a session works end to end.
                await request(socket, { ID: 0 }, Math.max(1, deadline - Date.now())).finally(() => socket.destroy());
                return { pid: pid, target };
            }
            catch {
                // not ready yet
            }
        }
        await sleep(20);
    }
    if (pid !== undefined && exited === undefined) {
        try {
            process.kill(pid, 'SIGTERM');
        }
        catch {
            // gone already
        }
    }
    let tail = '';
    try {
        tail = fs.readFileSync(opts.logFile, 'utf8').trim().split('\n').slice(-3).join(' | ');
    }
    catch {
        // no log
    }
    throw new Error(`${exited ?? `it did not answer within ${opts.readyTimeoutMs} ms`}${tail ? `: ${tail}` : ''}`);
}
/** In the run's own directory, beside the server file. */
function serverLogFile(runDir) {
    return node_path__WEBPACK_IMPORTED_MODULE_3___default().join(runDir, 'server.log');
}


/***/ }),

/***/ 4083:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   finishJobServer: () => (/* binding */ finishJobServer),
/* harmony export */   readServerFile: () => (/* binding */ readServerFile)
/* harmony export */ });
/* unused harmony exports connectJobServer, request */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7030);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_net__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _config_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6900);



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
        const timer = setTimeout(() => done(new Error(`no answer to ${String(body.Command)} within ${timeoutMs} ms`)), timeoutMs);
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
        return { finished: false, pending: 0, message: `the job server at ${target.socket} is not running (${err.message})` };
    }
    try {
        const response = await request(socket, { ID: 1, Command: 'finish', WaitMs: waitMs }, timeoutMs);
        if (typeof response.Err === 'string')
            return { finished: false, pending: 0, message: `the job server refused to finish: ${response.Err}` };
        const pending = Number(response.Pending) || 0;
        return { finished: true, pending, message: `the job server finished${pending > 0 ? `, handing ${pending} upload(s) to the spool` : ' with every upload done'}` };
    }
    catch (err) {
        return { finished: false, pending: 0, message: `the job server did not finish: ${err.message}` };
    }
    finally {
        socket.destroy();
    }
}


/***/ })

};
