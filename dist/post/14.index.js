export const id = 14;
export const ids = [14];
export const modules = {

/***/ 1014:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   isRunning: () => (/* binding */ isRunning),
/* harmony export */   prefetchLogFile: () => (/* binding */ prefetchLogFile),
/* harmony export */   stopPrefetcher: () => (/* binding */ stopPrefetcher)
/* harmony export */ });
/* unused harmony export startPrefetcher */
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _job_server_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(455);




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
        const child = spawn(process.execPath, args, { detached: true, stdio: ['ignore', log, log], env: inheritedEnvironment(opts.env) });
        child.on('error', () => { });
        child.unref();
        return child.pid;
    }
    finally {
        fs.closeSync(log);
    }
}
/** True while the process runs. A zombie (exited, not yet reaped by a non-reaping init) is not running. */
function isRunning(pid) {
    try {
        process.kill(pid, 0);
    }
    catch (err) {
        return err.code === 'EPERM';
    }
    try {
        const stat = node_fs__WEBPACK_IMPORTED_MODULE_1___default().readFileSync(`/proc/${pid}/stat`, 'utf8');
        return !/^\d+ \(.*\) Z/.test(stat);
    }
    catch {
        return true;
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
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
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
    if (finished() || !isRunning(pid) || !looksLikePrefetcher(pid))
        return 'finished';
    try {
        process.kill(pid, 'SIGTERM');
    }
    catch {
        return 'finished';
    }
    for (const deadline = Date.now() + waitMs; Date.now() < deadline; await sleep(50)) {
        if (!isRunning(pid))
            return 'stopped';
    }
    return 'still-running';
}
/** Beside the stats dir, in the run's own directory. */
function prefetchLogFile(statsDir) {
    return node_path__WEBPACK_IMPORTED_MODULE_2___default().join(node_path__WEBPACK_IMPORTED_MODULE_2___default().dirname(statsDir), 'prefetch.log');
}


/***/ })

};
