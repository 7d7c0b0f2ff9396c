export const id = 784;
export const ids = [784];
export const modules = {

/***/ 6403:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  saveManifest: () => (/* binding */ saveManifest)
});

// EXTERNAL MODULE: ./src/cacheprog/remote/create-backend.ts + 7 modules
var create_backend = __webpack_require__(1940);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
var external_node_crypto_default = /*#__PURE__*/__webpack_require__.n(external_node_crypto_);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
var external_node_fs_default = /*#__PURE__*/__webpack_require__.n(external_node_fs_);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/cacheprog/store/atomic-file.ts
var atomic_file = __webpack_require__(9306);
;// CONCATENATED MODULE: ./src/cacheprog/manifest/action-log.ts




/**
 * Each go process leaves the action ids it used in the stats dir as actions-<pid>-<rand>.txt (hex,
 * one per line, in first-use order); save-manifest adds them up into the job's manifest. Plain
 * text because a big `go test ./...` uses tens of thousands of ids and this costs nothing to write.
 */
const LOG_NAME = /^actions-\d+-[0-9a-f]+\.txt$/;
const HEX64 = /^[0-9a-f]{64}$/;
/** Writes this process's ids; nothing when there are none. Returns the file written. */
function writeActionLog(dir, ids) {
    if (ids.length === 0)
        return undefined;
    const file = path.join(dir, `actions-${process.pid}-${crypto.randomBytes(4).toString('hex')}.txt`);
    writeFileAtomic(file, `${ids.join('\n')}\n`);
    return file;
}
/**
 * The union of every action log in dir, at most `cap` ids. Files are taken oldest first (a
 * process finishing earlier mostly started earlier), so the order is roughly the job's first use:
 * what the first go command needs is prefetched first. Unreadable files and lines are skipped.
 */
function readActionLogs(dir, cap, onSkip = () => { }) {
    let names;
    try {
        names = external_node_fs_default().readdirSync(dir).filter((n) => LOG_NAME.test(n));
    }
    catch {
        return [];
    }
    const files = names
        .map((name) => {
        const file = external_node_path_default().join(dir, name);
        return { file, mtimeMs: external_node_fs_default().statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0 };
    })
        .sort((a, b) => a.mtimeMs - b.mtimeMs || a.file.localeCompare(b.file));
    const union = new Set();
    for (const { file } of files) {
        let text;
        try {
            text = external_node_fs_default().readFileSync(file, 'utf8');
        }
        catch (err) {
            onSkip(file, err.message);
            continue;
        }
        for (const line of text.split('\n')) {
            if (union.size >= cap)
                return [...union];
            if (HEX64.test(line))
                union.add(line);
        }
    }
    return [...union];
}

// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
var external_node_zlib_default = /*#__PURE__*/__webpack_require__.n(external_node_zlib_);
;// CONCATENATED MODULE: ./src/cacheprog/manifest/manifest-format.ts

/** Far beyond a big monorepo's `go test ./...` (~50k ids); ~13 MB of JSON, ~7 MB gzip'd. */
const MAX_MANIFEST_IDS = 200_000;
/** A gzip bomb (or a huge foreign object under our key) stops here, not at the end of memory. */
const MAX_JSON_BYTES = 32 * 1024 * 1024;
const manifest_format_HEX64 = /^[0-9a-f]{64}$/;
/** The manifest is not one we can use; the message says why. */
class ManifestError extends Error {
    name = 'ManifestError';
}
function encodeManifest(actionIds, now = new Date()) {
    const ids = [...new Set(actionIds)].slice(0, MAX_MANIFEST_IDS);
    for (const id of ids)
        if (!manifest_format_HEX64.test(id))
            throw new ManifestError(`not an action id: "${id.slice(0, 80)}"`);
    const manifest = { version: 1, created: now.toISOString(), actionIds: ids };
    // Hex ids compress about 2:1; level 6 costs ~100 ms on the largest manifest, once per job.
    return external_node_zlib_default().gzipSync(JSON.stringify(manifest));
}
/**
 * Parses and checks a downloaded manifest. Every id must be 64 lower-case hex digits: an id is
 * turned into an object key and a local path, so a manifest that breaks the rule is refused whole.
 */
function decodeManifest(bytes) {
    let json;
    try {
        json = external_node_zlib_default().gunzipSync(bytes, { maxOutputLength: MAX_JSON_BYTES }).toString('utf8');
    }
    catch (err) {
        throw new ManifestError(`not gzip data of at most ${MAX_JSON_BYTES} bytes (${err.message})`);
    }
    let parsed;
    try {
        parsed = JSON.parse(json);
    }
    catch (err) {
        throw new ManifestError(`not JSON (${err.message})`);
    }
    if (typeof parsed !== 'object' || parsed === null)
        throw new ManifestError('not a JSON object');
    const { version, created, actionIds } = parsed;
    if (version !== 1)
        throw new ManifestError(`unknown version ${JSON.stringify(version)} (this action reads version 1)`);
    if (!Array.isArray(actionIds))
        throw new ManifestError('actionIds is not an array');
    if (actionIds.length > MAX_MANIFEST_IDS)
        throw new ManifestError(`${actionIds.length} action ids, more than the ${MAX_MANIFEST_IDS} allowed`);
    const ids = new Set();
    for (const id of actionIds) {
        if (typeof id !== 'string' || !manifest_format_HEX64.test(id))
            throw new ManifestError(`not an action id: ${JSON.stringify(id)?.slice(0, 80)}`);
        ids.add(id);
    }
    return { version: 1, created: typeof created === 'string' ? created : '', actionIds: [...ids] };
}

;// CONCATENATED MODULE: ./src/cacheprog/manifest/manifest-key.ts

/**
 * Manifest keys are '/'-separated paths under <prefix>manifests/v1/. Each segment keeps
 * letters, digits, '.', '_' and '-'; anything else (spaces, a branch's '/', quotes) becomes '_',
 * so a key is always one safe object key however odd the workflow, job or branch name.
 * A key ending in '/' is a restore prefix: it matches the newest manifest under it. That is how
 * actions/cache restore keys behave, with '/' as the only boundary because S3 Express One Zone
 * lists only by '/'-terminated prefixes.
 */
const MAX_KEY_LENGTH = 512;
function sanitizeManifestKey(key) {
    const prefix = key.trim().endsWith('/');
    const segments = key
        .trim()
        .split('/')
        .filter((s) => s !== '')
        .map((s) => sanitizeSegment(s));
    if (segments.length === 0)
        return '';
    let out = segments.join('/');
    if (out.length > MAX_KEY_LENGTH) {
        // Still unique: the cut-off part is represented by its hash.
        const hash = external_node_crypto_default().createHash('sha256').update(out).digest('hex').slice(0, 16);
        out = `${out.slice(0, MAX_KEY_LENGTH - 17)}-${hash}`;
    }
    return prefix ? `${out}/` : out;
}
function sanitizeSegment(segment) {
    const s = segment.replace(/[^A-Za-z0-9._-]/g, '_');
    // '.' and '..' are path tricks, not names.
    return /^\.+$/.test(s) ? s.replace(/\./g, '_') : s;
}
function isRestorePrefix(key) {
    return key.endsWith('/');
}

;// CONCATENATED MODULE: ./src/cacheprog/manifest/manifest-store.ts


/** Where manifests live under the cache prefix; versioned like the entries' v1/ space. */
const MANIFEST_DIR = 'manifests/v1/';
/** Reads and writes job manifests as plain objects beside the cache entries. */
class ManifestStore {
    s3;
    constructor(s3) {
        this.s3 = s3;
    }
    /**
     * The first usable manifest among keys, tried in order like actions/cache: an exact key, or for
     * a key ending in '/', the newest manifest under it. A corrupt manifest is skipped (and
     * reported) so that one bad branch manifest does not hide the default branch's.
     */
    async load(keys, signal) {
        const rejected = [];
        const tried = new Set();
        for (const raw of keys) {
            const key = sanitizeManifestKey(raw);
            if (key === '' || tried.has(key))
                continue;
            tried.add(key);
            let objectKey = `${MANIFEST_DIR}${key}`;
            if (isRestorePrefix(key))
                objectKey = await this.s3.newestUnder(objectKey, signal);
            if (objectKey === undefined)
                continue;
            const bytes = await this.s3.getRaw(objectKey, signal);
            if (bytes === undefined)
                continue;
            const name = objectKey.slice(MANIFEST_DIR.length);
            try {
                return { found: { key: name, manifest: decodeManifest(bytes), bytes: bytes.length }, rejected };
            }
            catch (err) {
                if (!(err instanceof ManifestError))
                    throw err;
                rejected.push(`${name}: ${err.message}`);
            }
        }
        return { rejected };
    }
    /** Writes the manifest under key (never a restore prefix); returns the stored key and size. */
    async save(key, actionIds, signal) {
        const clean = sanitizeManifestKey(key);
        if (clean === '' || isRestorePrefix(clean))
            throw new ManifestError(`"${key}" is not a manifest key (it is empty or ends in '/')`);
        const data = encodeManifest(actionIds);
        await this.s3.putRaw(`${MANIFEST_DIR}${clean}`, data, signal);
        return { key: clean, bytes: data.length };
    }
}

;// CONCATENATED MODULE: ./src/cacheprog/manifest/save-manifest.ts




/**
 * Adds up the action logs the go processes left in the stats dir and uploads them as the
 * manifest `key`. Skips (with the reason) when there is nothing to save or nowhere to save it;
 * rejects only when the upload itself fails.
 */
async function saveManifest(config, key, log) {
    if (config.backend !== 's3' || !config.s3)
        return { saved: false, reason: 'the backend is not s3' };
    if (config.readOnly)
        return { saved: false, reason: 'read-only: nothing is written to the remote' };
    if (!config.statsDir)
        return { saved: false, reason: 'no -stats-dir to read the action logs from' };
    const ids = readActionLogs(config.statsDir, MAX_MANIFEST_IDS, (file, why) => log(`skipped the unreadable action log ${file}: ${why}`));
    if (ids.length === 0)
        return { saved: false, reason: `no go process recorded a cache entry in ${config.statsDir}` };
    const s3 = await (0,create_backend/* createS3Backend */.ly)(config, { warn: log });
    try {
        const saved = await new ManifestStore(s3).save(key, ids);
        return { saved: true, key: saved.key, ids: ids.length, bytes: saved.bytes };
    }
    finally {
        await s3.close().catch(() => { });
    }
}


/***/ })

};
