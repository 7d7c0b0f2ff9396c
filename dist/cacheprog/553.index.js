export const id = 553;
export const ids = [553];
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


/***/ })

};
