export const id = 912;
export const ids = [912];
export const modules = {

/***/ 9306:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   A0: () => (/* binding */ ensureDir),
/* harmony export */   Zf: () => (/* binding */ writeFileAtomic),
/* harmony export */   fz: () => (/* binding */ AtomicFileWriter)
/* harmony export */ });
/* unused harmony export tempPathFor */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);



const knownDirs = new Set();
/** mkdir -p, remembered, so the hot path does not ask the kernel twice for the same directory. */
function ensureDir(dir) {
    if (knownDirs.has(dir))
        return;
    node_fs__WEBPACK_IMPORTED_MODULE_1___default().mkdirSync(dir, { recursive: true });
    knownDirs.add(dir);
}
/** A unique name beside target: same directory, so rename(2) is atomic; a dot so listings skip it. */
function tempPathFor(target) {
    return node_path__WEBPACK_IMPORTED_MODULE_2___default().join(node_path__WEBPACK_IMPORTED_MODULE_2___default().dirname(target), `.tmp-${process.pid}-${node_crypto__WEBPACK_IMPORTED_MODULE_0___default().randomBytes(6).toString('hex')}`);
}
/**
 * Writes a whole file so that readers in any process see either nothing or all of it: a torn file
 * is impossible however many go processes write the same entry at once.
 */
function writeFileAtomic(target, data) {
    ensureDir(node_path__WEBPACK_IMPORTED_MODULE_2___default().dirname(target));
    const temp = tempPathFor(target);
    try {
        node_fs__WEBPACK_IMPORTED_MODULE_1___default().writeFileSync(temp, data);
        node_fs__WEBPACK_IMPORTED_MODULE_1___default().renameSync(temp, target);
    }
    catch (err) {
        node_fs__WEBPACK_IMPORTED_MODULE_1___default().rmSync(temp, { force: true });
        throw err;
    }
}
/** Streams into a temp file with sync writes (bodies arrive in order, off one stdin reader). */
class AtomicFileWriter {
    target;
    temp;
    fd;
    constructor(target) {
        this.target = target;
        ensureDir(node_path__WEBPACK_IMPORTED_MODULE_2___default().dirname(target));
        this.temp = tempPathFor(target);
        this.fd = node_fs__WEBPACK_IMPORTED_MODULE_1___default().openSync(this.temp, 'w');
    }
    write(chunk) {
        if (this.fd === undefined)
            throw new Error('write after close');
        let offset = 0;
        while (offset < chunk.length)
            offset += node_fs__WEBPACK_IMPORTED_MODULE_1___default().writeSync(this.fd, chunk, offset);
    }
    commit() {
        this.close();
        node_fs__WEBPACK_IMPORTED_MODULE_1___default().renameSync(this.temp, this.target);
    }
    abort() {
        this.close();
        node_fs__WEBPACK_IMPORTED_MODULE_1___default().rmSync(this.temp, { force: true });
    }
    close() {
        if (this.fd !== undefined)
            node_fs__WEBPACK_IMPORTED_MODULE_1___default().closeSync(this.fd);
        this.fd = undefined;
    }
}


/***/ }),

/***/ 4912:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Spool: () => (/* binding */ Spool)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _store_atomic_file_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9306);



/** One small JSON file per pending upload, named by action id so a newer put replaces an older one. */
class Spool {
    dir;
    constructor(dir) {
        this.dir = dir;
    }
    add(entry) {
        (0,_store_atomic_file_js__WEBPACK_IMPORTED_MODULE_2__/* .writeFileAtomic */ .Zf)(node_path__WEBPACK_IMPORTED_MODULE_1___default().join(this.dir, `${entry.actionId}.json`), JSON.stringify(entry));
    }
    /** Every readable entry; unreadable ones are reported and removed (they can never be uploaded). */
    list(onBad = () => { }) {
        let names;
        try {
            names = node_fs__WEBPACK_IMPORTED_MODULE_0___default().readdirSync(this.dir).filter((n) => n.endsWith('.json'));
        }
        catch {
            return [];
        }
        const entries = [];
        for (const name of names) {
            const file = node_path__WEBPACK_IMPORTED_MODULE_1___default().join(this.dir, name);
            try {
                const entry = JSON.parse(node_fs__WEBPACK_IMPORTED_MODULE_0___default().readFileSync(file, 'utf8'));
                if (!/^[0-9a-f]{64}$/.test(entry.actionId) || !/^[0-9a-f]{64}$/.test(entry.outputId))
                    throw new Error('bad ids');
                entries.push(entry);
            }
            catch (err) {
                // A file vanishing under us means another drain took it: not an error.
                if (err.code === 'ENOENT')
                    continue;
                onBad(file, err.message);
                node_fs__WEBPACK_IMPORTED_MODULE_0___default().rmSync(file, { force: true });
            }
        }
        return entries;
    }
    /** Removes an entry once uploaded, unless a newer put replaced it meanwhile. */
    remove(entry) {
        const file = node_path__WEBPACK_IMPORTED_MODULE_1___default().join(this.dir, `${entry.actionId}.json`);
        try {
            const current = JSON.parse(node_fs__WEBPACK_IMPORTED_MODULE_0___default().readFileSync(file, 'utf8'));
            if (current.outputId === entry.outputId)
                node_fs__WEBPACK_IMPORTED_MODULE_0___default().rmSync(file, { force: true });
        }
        catch {
            // Already gone: another drain got there first.
        }
    }
    count() {
        try {
            return node_fs__WEBPACK_IMPORTED_MODULE_0___default().readdirSync(this.dir).filter((n) => n.endsWith('.json')).length;
        }
        catch {
            return 0;
        }
    }
}


/***/ })

};
