export const id = 555;
export const ids = [555];
export const modules = {

/***/ 6555:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Spool: () => (/* binding */ Spool)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
var external_node_fs_default = /*#__PURE__*/__webpack_require__.n(external_node_fs_);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
var external_node_crypto_default = /*#__PURE__*/__webpack_require__.n(external_node_crypto_);
;// CONCATENATED MODULE: ./src/cacheprog/store/atomic-file.ts



const knownDirs = new Set();
/** mkdir -p, remembered, so the hot path does not ask the kernel twice for the same directory. */
function ensureDir(dir) {
    if (knownDirs.has(dir))
        return;
    external_node_fs_default().mkdirSync(dir, { recursive: true });
    knownDirs.add(dir);
}
/** A unique name beside target: same directory, so rename(2) is atomic; a dot so listings skip it. */
function tempPathFor(target) {
    return external_node_path_default().join(external_node_path_default().dirname(target), `.tmp-${process.pid}-${external_node_crypto_default().randomBytes(6).toString('hex')}`);
}
/**
 * Writes a whole file so that readers in any process see either nothing or all of it: a torn file
 * is impossible however many go processes write the same entry at once.
 */
function writeFileAtomic(target, data) {
    ensureDir(external_node_path_default().dirname(target));
    const temp = tempPathFor(target);
    try {
        external_node_fs_default().writeFileSync(temp, data);
        external_node_fs_default().renameSync(temp, target);
    }
    catch (err) {
        external_node_fs_default().rmSync(temp, { force: true });
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
        ensureDir(path.dirname(target));
        this.temp = tempPathFor(target);
        this.fd = fs.openSync(this.temp, 'w');
    }
    write(chunk) {
        if (this.fd === undefined)
            throw new Error('write after close');
        let offset = 0;
        while (offset < chunk.length)
            offset += fs.writeSync(this.fd, chunk, offset);
    }
    commit() {
        this.close();
        fs.renameSync(this.temp, this.target);
    }
    abort() {
        this.close();
        fs.rmSync(this.temp, { force: true });
    }
    close() {
        if (this.fd !== undefined)
            fs.closeSync(this.fd);
        this.fd = undefined;
    }
}

;// CONCATENATED MODULE: ./src/cacheprog/uploads/spool.ts



/** One small JSON file per pending upload, named by action id so a newer put replaces an older one. */
class Spool {
    dir;
    constructor(dir) {
        this.dir = dir;
    }
    add(entry) {
        writeFileAtomic(external_node_path_default().join(this.dir, `${entry.actionId}.json`), JSON.stringify(entry));
    }
    /** Every readable entry; unreadable ones are reported and removed (they can never be uploaded). */
    list(onBad = () => { }) {
        let names;
        try {
            names = external_node_fs_default().readdirSync(this.dir).filter((n) => n.endsWith('.json'));
        }
        catch {
            return [];
        }
        const entries = [];
        for (const name of names) {
            const file = external_node_path_default().join(this.dir, name);
            try {
                const entry = JSON.parse(external_node_fs_default().readFileSync(file, 'utf8'));
                if (!/^[0-9a-f]{64}$/.test(entry.actionId) || !/^[0-9a-f]{64}$/.test(entry.outputId))
                    throw new Error('bad ids');
                entries.push(entry);
            }
            catch (err) {
                // A file vanishing under us means another drain took it: not an error.
                if (err.code === 'ENOENT')
                    continue;
                onBad(file, err.message);
                external_node_fs_default().rmSync(file, { force: true });
            }
        }
        return entries;
    }
    /** Removes an entry once uploaded, unless a newer put replaced it meanwhile. */
    remove(entry) {
        const file = external_node_path_default().join(this.dir, `${entry.actionId}.json`);
        try {
            const current = JSON.parse(external_node_fs_default().readFileSync(file, 'utf8'));
            if (current.outputId === entry.outputId)
                external_node_fs_default().rmSync(file, { force: true });
        }
        catch {
            // Already gone: another drain got there first.
        }
    }
    count() {
        try {
            return external_node_fs_default().readdirSync(this.dir).filter((n) => n.endsWith('.json')).length;
        }
        catch {
            return 0;
        }
    }
}


/***/ })

};
