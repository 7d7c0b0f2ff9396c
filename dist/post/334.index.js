export const id = 334;
export const ids = [334,553,350];
export const modules = {

/***/ 72350:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   endJobServer: () => (/* binding */ endJobServer),
/* harmony export */   serverLogFile: () => (/* binding */ serverLogFile)
/* harmony export */ });
/* unused harmony exports bridgeBinary, inheritedEnvironment, socketFor, startJobServer */
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(31421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(48161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var node_timers_promises__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(58500);
/* harmony import */ var node_timers_promises__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__webpack_require__.n(node_timers_promises__WEBPACK_IMPORTED_MODULE_4__);
/* harmony import */ var _cacheprog_job_client_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(23553);
/* harmony import */ var _util_process_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(22017);







/** dist/bridge/<os>-<arch>/gobuildcache-bridge[.exe] for this runner, if the action ships one. */
function bridgeBinary(distDir, platform = process.platform, arch = process.arch) {
    const goos = { linux: 'linux', darwin: 'darwin', win32: 'windows' }[platform];
    const goarch = { x64: 'amd64', arm64: 'arm64' }[arch];
    if (!goos || !goarch)
        return undefined;
    const file = path.join(distDir, 'bridge', `${goos}-${goarch}`, goos === 'windows' ? 'gobuildcache-bridge.exe' : 'gobuildcache-bridge');
    return fs.existsSync(file) ? file : undefined;
}
/**
 * What a process that outlives the step (the job server, the prefetcher) may inherit: our own
 * settings, the AWS credential chain, Google's Application Default Credentials (the file
 * google-github-actions/auth writes holds what it needs) and emulator, where home and temp files
 * are, proxies and CAs. Not the
 * runner's tokens (ACTIONS_RUNTIME_TOKEN, ACTIONS_ID_TOKEN_REQUEST_*, GITHUB_TOKEN), which `run:`
 * steps do not get and which any later step could read from /proc/<pid>/environ.
 */
const INHERITED = (/* unused pure expression or super */ null && ([
    /^GOBUILDCACHE_/,
    /^AWS_/,
    /^(GOOGLE_APPLICATION_CREDENTIALS|GOOGLE_CLOUD_PROJECT|GCLOUD_PROJECT|CLOUDSDK_CONFIG|STORAGE_EMULATOR_HOST)$/,
    /^(GCE_METADATA_HOST|GCE_METADATA_IP|METADATA_SERVER_DETECTION)$/,
    /^(HOME|USERPROFILE|PATH|TMPDIR|TMP|TEMP|RUNNER_TEMP|SYSTEMROOT|SystemRoot|COMSPEC|PATHEXT|WINDIR)$/,
    /^(HTTPS?_PROXY|NO_PROXY|ALL_PROXY|https?_proxy|no_proxy|all_proxy)$/,
    /^(NODE_EXTRA_CA_CERTS|NODE_USE_ENV_PROXY|SSL_CERT_FILE|SSL_CERT_DIR)$/,
]));
function inheritedEnvironment(env) {
    return Object.fromEntries(Object.entries(env).filter(([name, value]) => value !== undefined && INHERITED.some((p) => p.test(name))));
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
            env: inheritedEnvironment(opts.env),
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
/** On Linux, refuses to signal a pid that was reused by something other than a job server. */
function looksLikeJobServer(pid) {
    try {
        return node_fs__WEBPACK_IMPORTED_MODULE_1___default().readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes('serve');
    }
    catch {
        return true;
    }
}
function signalGroup(pid, signal) {
    // Detached, so it leads its own process group (not on Windows, which has none to signal).
    for (const target of process.platform === 'win32' ? [pid] : [-pid, pid]) {
        try {
            process.kill(target, signal);
        }
        catch {
            // gone already
        }
    }
}
/**
 * Ends the job server started by the main step whatever its state: it gets graceMs to exit after
 * answering finish, then it and its process group are killed (a stopped process too). Resolves
 * 'exited' when it had gone by itself, 'killed' when it had to be ended.
 */
async function endJobServer(pid, graceMs) {
    for (const deadline = Date.now() + graceMs; Date.now() < deadline && (0,_util_process_js__WEBPACK_IMPORTED_MODULE_6__/* .isRunning */ .W)(pid);)
        await (0,node_timers_promises__WEBPACK_IMPORTED_MODULE_4__.setTimeout)(50);
    if (!(0,_util_process_js__WEBPACK_IMPORTED_MODULE_6__/* .isRunning */ .W)(pid) || !looksLikeJobServer(pid))
        return 'exited';
    signalGroup(pid, 'SIGKILL');
    for (const deadline = Date.now() + 2_000; Date.now() < deadline && (0,_util_process_js__WEBPACK_IMPORTED_MODULE_6__/* .isRunning */ .W)(pid);)
        await (0,node_timers_promises__WEBPACK_IMPORTED_MODULE_4__.setTimeout)(20);
    return 'killed';
}


/***/ }),

/***/ 23553:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   finishJobServer: () => (/* binding */ finishJobServer),
/* harmony export */   readServerFile: () => (/* binding */ readServerFile)
/* harmony export */ });
/* unused harmony exports connectJobServer, request, HANDSHAKE_WAIT_MS, WEDGED_SUFFIX */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(77030);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_net__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _config_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(17050);



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

/***/ 96334:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   prefetchLogFile: () => (/* binding */ prefetchLogFile),
/* harmony export */   stopPrefetcher: () => (/* binding */ stopPrefetcher)
/* harmony export */ });
/* unused harmony export startPrefetcher */
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(31421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _action_start_job_server_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(72350);
/* harmony import */ var node_timers_promises__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(58500);
/* harmony import */ var node_timers_promises__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__webpack_require__.n(node_timers_promises__WEBPACK_IMPORTED_MODULE_4__);
/* harmony import */ var _util_process_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(22017);






/**
 * Starts `prefetch` in the background and returns its pid. Detached, with stdio on a log file:
 * it must hold neither this step open nor the stdout of any go command a later step runs.
 * The runner leaves it running after the step ends and cleans up orphans at the end of the job.
 */
function startPrefetcher(opts) {
    const log = fs.openSync(opts.logFile, 'a');
    try {
        const args = [opts.server, 'prefetch', '-manifest-key', opts.key];
        // Sanitized keys contain no commas, so the list survives the round trip.
        if (opts.restoreKeys.length > 0)
            args.push('-manifest-restore-keys', opts.restoreKeys.join(','));
        const child = spawn(process.execPath, args, {
            detached: true,
            stdio: ['ignore', log, log],
            env: inheritedEnvironment(opts.env),
        });
        child.on('error', () => { });
        child.unref();
        return child.pid;
    }
    finally {
        fs.closeSync(log);
    }
}
/** On Linux, refuses to signal a pid that was reused by something other than our prefetcher. */
function looksLikePrefetcher(pid) {
    try {
        return node_fs__WEBPACK_IMPORTED_MODULE_1___default().readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes('prefetch');
    }
    catch {
        return true;
    }
}
/**
 * Asks a prefetcher that is still downloading to stop (it records its figures on SIGTERM) and
 * waits a little for it. A finished prefetcher has left a prefetch-*.json in the stats dir.
 */
async function stopPrefetcher(pid, statsDir, waitMs = 5_000) {
    const finished = () => {
        try {
            return node_fs__WEBPACK_IMPORTED_MODULE_1___default().readdirSync(statsDir).some((n) => n.startsWith('prefetch-') && n.endsWith('.json'));
        }
        catch {
            return false;
        }
    };
    if (finished() || !(0,_util_process_js__WEBPACK_IMPORTED_MODULE_5__/* .isRunning */ .W)(pid) || !looksLikePrefetcher(pid))
        return 'finished';
    try {
        process.kill(pid, 'SIGTERM');
    }
    catch {
        return 'finished';
    }
    for (const deadline = Date.now() + waitMs; Date.now() < deadline; await (0,node_timers_promises__WEBPACK_IMPORTED_MODULE_4__.setTimeout)(50)) {
        if (!(0,_util_process_js__WEBPACK_IMPORTED_MODULE_5__/* .isRunning */ .W)(pid))
            return 'stopped';
    }
    return 'still-running';
}
/** Beside the stats dir, in the run's own directory. */
function prefetchLogFile(statsDir) {
    return node_path__WEBPACK_IMPORTED_MODULE_2___default().join(node_path__WEBPACK_IMPORTED_MODULE_2___default().dirname(statsDir), 'prefetch.log');
}


/***/ }),

/***/ 22017:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   W: () => (/* binding */ isRunning)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
// Whether a process still runs: the one check the lock owners, the pending-upload journal and the
// action's stops of the job server and the prefetch share.

/** Whether a process with this pid runs on this host (EPERM: it runs, as another user). */
function isRunning(pid) {
    try {
        process.kill(pid, 0);
    }
    catch (err) {
        if (err.code !== 'EPERM')
            return false;
    }
    return !isZombie(pid);
}
/**
 * A killed server whose go command exited is re-parented to PID 1, and the PID 1 of many
 * containers (and of GitHub's container jobs) never reaps it: it stays a zombie that signal 0
 * still reaches, holding no lock and finishing no upload. Linux only; elsewhere false.
 */
function isZombie(pid) {
    let stat;
    try {
        stat = node_fs__WEBPACK_IMPORTED_MODULE_0___default().readFileSync(`/proc/${pid}/stat`, 'latin1');
    }
    catch {
        return false;
    }
    // "pid (comm) S ...": comm may hold spaces and parentheses, the state follows the last ')'.
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state === 'Z' || state === 'X';
}


/***/ })

};
