export const id = 411;
export const ids = [411];
export const modules = {

/***/ 7093:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AG: () => (/* binding */ MAX_MANIFEST_IDS),
/* harmony export */   Gb: () => (/* binding */ encodeManifest),
/* harmony export */   MK: () => (/* binding */ decodeManifest),
/* harmony export */   Sh: () => (/* binding */ ManifestError)
/* harmony export */ });
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8522);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_zlib__WEBPACK_IMPORTED_MODULE_0__);

/** Far beyond a big monorepo's `go test ./...` (~50k ids); ~13 MB of JSON, ~7 MB gzip'd. */
const MAX_MANIFEST_IDS = 200_000;
/** A gzip bomb (or a huge foreign object under our key) stops here, not at the end of memory. */
const MAX_JSON_BYTES = 32 * 1024 * 1024;
const HEX64 = /^[0-9a-f]{64}$/;
/** The manifest is not one we can use; the message says why. */
class ManifestError extends Error {
    name = 'ManifestError';
}
function encodeManifest(actionIds, now = new Date()) {
    const ids = [...new Set(actionIds)].slice(0, MAX_MANIFEST_IDS);
    for (const id of ids)
        if (!HEX64.test(id))
            throw new ManifestError(`not an action id: "${id.slice(0, 80)}"`);
    const manifest = { version: 1, created: now.toISOString(), actionIds: ids };
    // Hex ids compress about 2:1; level 6 costs ~100 ms on the largest manifest, once per job.
    return node_zlib__WEBPACK_IMPORTED_MODULE_0___default().gzipSync(JSON.stringify(manifest));
}
/**
 * Parses and checks a downloaded manifest. Every id must be 64 lower-case hex digits: an id is
 * turned into an object key and a local path, so a manifest that breaks the rule is refused whole.
 */
function decodeManifest(bytes) {
    let json;
    try {
        json = node_zlib__WEBPACK_IMPORTED_MODULE_0___default().gunzipSync(bytes, { maxOutputLength: MAX_JSON_BYTES }).toString('utf8');
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
        if (typeof id !== 'string' || !HEX64.test(id))
            throw new ManifestError(`not an action id: ${JSON.stringify(id)?.slice(0, 80)}`);
        ids.add(id);
    }
    return { version: 1, created: typeof created === 'string' ? created : '', actionIds: [...ids] };
}


/***/ }),

/***/ 9298:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  v: () => (/* binding */ ManifestStore)
});

// UNUSED EXPORTS: MANIFEST_DIR

// EXTERNAL MODULE: ./src/cacheprog/manifest/manifest-format.ts
var manifest_format = __webpack_require__(7093);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
var external_node_crypto_default = /*#__PURE__*/__webpack_require__.n(external_node_crypto_);
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
                return { found: { key: name, manifest: (0,manifest_format/* decodeManifest */.MK)(bytes), bytes: bytes.length }, rejected };
            }
            catch (err) {
                if (!(err instanceof manifest_format/* ManifestError */.Sh))
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
            throw new manifest_format/* ManifestError */.Sh(`"${key}" is not a manifest key (it is empty or ends in '/')`);
        const data = (0,manifest_format/* encodeManifest */.Gb)(actionIds);
        await this.s3.putRaw(`${MANIFEST_DIR}${clean}`, data, signal);
        return { key: clean, bytes: data.length };
    }
}


/***/ }),

/***/ 5411:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   saveManifest: () => (/* binding */ saveManifest)
/* harmony export */ });
/* harmony import */ var _remote_create_backend_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7637);
/* harmony import */ var _action_log_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6813);
/* harmony import */ var _manifest_format_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7093);
/* harmony import */ var _manifest_store_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9298);




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
    const ids = (0,_action_log_js__WEBPACK_IMPORTED_MODULE_1__/* .readActionLogs */ .A)(config.statsDir, _manifest_format_js__WEBPACK_IMPORTED_MODULE_2__/* .MAX_MANIFEST_IDS */ .AG, (file, why) => log(`skipped the unreadable action log ${file}: ${why}`));
    if (ids.length === 0)
        return { saved: false, reason: `no go process recorded a cache entry in ${config.statsDir}` };
    const s3 = await (0,_remote_create_backend_js__WEBPACK_IMPORTED_MODULE_0__/* .createS3Backend */ .ly)(config, { warn: log });
    try {
        const saved = await new _manifest_store_js__WEBPACK_IMPORTED_MODULE_3__/* .ManifestStore */ .v(s3).save(key, ids);
        return { saved: true, key: saved.key, ids: ids.length, bytes: saved.bytes };
    }
    finally {
        await s3.close().catch(() => { });
    }
}


/***/ })

};
