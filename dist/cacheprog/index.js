import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 212:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  Du: () => (/* binding */ parseCommandLine)
});

// UNUSED EXPORTS: ConfigError, SUBCOMMANDS, describeSetting, normalizePrefix, parseBoolean, parseDuration, readEnv, usage

;// CONCATENATED MODULE: external "node:os"
const external_node_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");
var external_node_os_default = /*#__PURE__*/__nccwpck_require__.n(external_node_os_namespaceObject);
;// CONCATENATED MODULE: external "node:path"
const external_node_path_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");
var external_node_path_default = /*#__PURE__*/__nccwpck_require__.n(external_node_path_namespaceObject);
;// CONCATENATED MODULE: external "node:util"
const external_node_util_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");
;// CONCATENATED MODULE: ./src/cacheprog/config.ts



/** Thrown for any bad flag or env value; the message names what was wrong. */
class ConfigError extends Error {
    name = 'ConfigError';
}
const SETTINGS = {
    backend: { flag: 'backend', env: ['BACKEND_TYPE', 'BACKEND'], kind: 'string' },
    cacheDir: { flag: 'cache-dir', env: ['CACHE_DIR'], kind: 'string' },
    lockDir: { flag: 'lock-dir', env: ['LOCK_DIR'], kind: 'string' },
    lockType: { flag: 'lock-type', env: ['LOCK_TYPE'], kind: 'string' },
    spoolDir: { flag: 'spool-dir', env: ['SPOOL_DIR'], kind: 'string' },
    statsDir: { flag: 'stats-dir', env: ['STATS_DIR'], kind: 'string' },
    debug: { flag: 'debug', env: ['DEBUG'], kind: 'boolean' },
    printStats: { flag: 'stats', env: ['PRINT_STATS'], kind: 'boolean' },
    readOnly: { flag: 'read-only', env: ['READ_ONLY'], kind: 'boolean' },
    compression: { flag: 'compression', env: ['COMPRESSION'], kind: 'boolean' },
    asyncBackend: { flag: 'async-backend', env: ['ASYNC_BACKEND'], kind: 'boolean' },
    errorRate: { flag: 'error-rate', env: ['ERROR_RATE'], kind: 'string' },
    uploadWait: { flag: 'upload-wait', env: ['UPLOAD_WAIT'], kind: 'string' },
    remoteTimeout: { flag: 'remote-timeout', env: ['REMOTE_TIMEOUT'], kind: 'string' },
    uploadConcurrency: { flag: 'upload-concurrency', env: ['UPLOAD_CONCURRENCY'], kind: 'string' },
    s3Bucket: { flag: 's3-bucket', env: ['S3_BUCKET'], kind: 'string' },
    s3Prefix: { flag: 's3-prefix', env: ['S3_PREFIX'], kind: 'string' },
    s3Region: { flag: 's3-region', env: ['AWS_REGION', 'AWS_DEFAULT_REGION'], kind: 'string' },
    s3Endpoint: { flag: 's3-endpoint', env: ['AWS_ENDPOINT_URL_S3', 'AWS_ENDPOINT_URL'], kind: 'string' },
    s3PathStyle: { flag: 's3-path-style', env: ['AWS_S3_USE_PATH_STYLE'], kind: 'boolean' },
    s3ChecksumWhenRequired: { flag: 's3-checksum-when-required', env: ['S3_CHECKSUM_WHEN_REQUIRED'], kind: 'boolean' },
    yes: { flag: 'yes', env: [], kind: 'boolean' },
};
const SUBCOMMANDS = ['serve', 'clear-local', 'clear-remote', 'clear', 'drain', 'help'];
/** Reads one env key the way the reference does: GOBUILDCACHE_<KEY>, then <KEY>; empty falls through. */
function readEnv(env, keys) {
    for (const key of keys) {
        for (const name of [`GOBUILDCACHE_${key}`, key]) {
            const value = env[name];
            if (value !== undefined && value !== '')
                return value;
        }
    }
    return undefined;
}
/**
 * Go's flag package takes `-name`, `--name`, `-name=value` and `-name value`, and booleans as
 * `-name` or `-name=false`. Rewrite to what node's parseArgs accepts with every option a string.
 */
function normalizeArgs(argv) {
    const booleans = new Set(Object.values(SETTINGS).filter((s) => s.kind === 'boolean').map((s) => s.flag));
    const out = [];
    for (const arg of argv) {
        if (!arg.startsWith('-') || arg === '-' || arg === '--') {
            out.push(arg);
            continue;
        }
        const long = arg.startsWith('--') ? arg : `-${arg}`;
        const name = long.slice(2).split('=')[0] ?? '';
        if (booleans.has(name) && !long.includes('='))
            out.push(`${long}=true`);
        else
            out.push(long);
    }
    return out;
}
function parseBoolean(value, what) {
    switch (value.trim().toLowerCase()) {
        case '1':
        case 't':
        case 'true':
        case 'yes':
        case 'on':
            return true;
        case '0':
        case 'f':
        case 'false':
        case 'no':
        case 'off':
            return false;
        default:
            throw new ConfigError(`${what}: "${value}" is not a boolean (use true or false)`);
    }
}
/** Parses "30s", "1500ms", "2m" or a bare number of seconds. */
function parseDuration(value, what) {
    const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(value);
    if (!match)
        throw new ConfigError(`${what}: "${value}" is not a duration (examples: 500ms, 30s, 2m)`);
    const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(match[2] ?? 's')];
    return Math.round(Number(match[1]) * unit);
}
function parseInteger(value, what, min, max) {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) {
        throw new ConfigError(`${what}: "${value}" must be a whole number from ${min} to ${max}`);
    }
    return n;
}
function absoluteDir(value, what) {
    if (!external_node_path_default().isAbsolute(value))
        throw new ConfigError(`${what}: "${value}" must be an absolute path`);
    return external_node_path_default().normalize(value);
}
function describeSetting(name) {
    const s = SETTINGS[name];
    const envs = s.env.map((k) => `GOBUILDCACHE_${k}`).join(' / ');
    return envs ? `-${s.flag} (${envs})` : `-${s.flag}`;
}
function parseCommandLine(argv, env = process.env) {
    const options = Object.fromEntries(Object.values(SETTINGS).map((s) => [s.flag, { type: 'string' }]));
    let parsed;
    try {
        parsed = (0,external_node_util_namespaceObject.parseArgs)({ args: normalizeArgs(argv), options, allowPositionals: true, strict: true });
    }
    catch (err) {
        throw new ConfigError(`${err.message}; run with "help" to list the flags`);
    }
    const positionals = parsed.positionals;
    if (positionals.length > 1)
        throw new ConfigError(`expected one subcommand, got "${positionals.join(' ')}"`);
    const sub = positionals[0] ?? 'serve';
    if (!SUBCOMMANDS.includes(sub)) {
        throw new ConfigError(`unknown subcommand "${sub}" (expected one of: ${SUBCOMMANDS.join(', ')})`);
    }
    const flags = parsed.values;
    const raw = (name) => flags[SETTINGS[name].flag] ?? readEnv(env, SETTINGS[name].env);
    const bool = (name, fallback) => {
        const v = raw(name);
        return v === undefined ? fallback : parseBoolean(v, describeSetting(name));
    };
    return { subcommand: sub, config: buildConfig(raw, bool), yes: bool('yes', false) };
}
function buildConfig(raw, bool) {
    const backend = (raw('backend') ?? 'disk').toLowerCase();
    if (backend !== 'disk' && backend !== 's3') {
        throw new ConfigError(`${describeSetting('backend')}: unknown backend "${backend}" (expected disk or s3)`);
    }
    const lockType = (raw('lockType') ?? 'fslock').toLowerCase();
    const lockTypes = { fslock: 'fslock', fs: 'fslock', memory: 'memory', noop: 'noop' };
    if (!(lockType in lockTypes)) {
        throw new ConfigError(`${describeSetting('lockType')}: unknown lock type "${lockType}" (expected fslock, memory or noop)`);
    }
    const base = external_node_path_default().join(external_node_os_default().tmpdir(), 'gobuildcache');
    const cacheDir = absoluteDir(raw('cacheDir') ?? external_node_path_default().join(base, 'cache'), describeSetting('cacheDir'));
    const statsDir = raw('statsDir');
    const errorRateText = raw('errorRate') ?? '0';
    const errorRate = Number(errorRateText);
    if (!Number.isFinite(errorRate) || errorRate < 0 || errorRate > 1) {
        throw new ConfigError(`${describeSetting('errorRate')}: "${errorRateText}" must be a number from 0 to 1`);
    }
    const config = {
        backend,
        cacheDir,
        lockDir: absoluteDir(raw('lockDir') ?? external_node_path_default().join(base, 'locks'), describeSetting('lockDir')),
        lockType: lockTypes[lockType],
        spoolDir: absoluteDir(raw('spoolDir') ?? external_node_path_default().join(cacheDir, 'spool'), describeSetting('spoolDir')),
        statsDir: statsDir === undefined ? undefined : absoluteDir(statsDir, describeSetting('statsDir')),
        debug: bool('debug', false),
        printStats: bool('printStats', false),
        readOnly: bool('readOnly', false),
        compression: bool('compression', true),
        asyncBackend: bool('asyncBackend', true),
        errorRate,
        uploadWaitMs: parseDuration(raw('uploadWait') ?? '60s', describeSetting('uploadWait')),
        remoteTimeoutMs: parseDuration(raw('remoteTimeout') ?? '10s', describeSetting('remoteTimeout')),
        uploadConcurrency: parseInteger(raw('uploadConcurrency') ?? '16', describeSetting('uploadConcurrency'), 1, 256),
    };
    if (config.remoteTimeoutMs <= 0)
        throw new ConfigError(`${describeSetting('remoteTimeout')}: must be more than 0`);
    const bucket = raw('s3Bucket');
    if (backend === 's3') {
        if (!bucket)
            throw new ConfigError(`${describeSetting('s3Bucket')} is required with -backend s3`);
        const endpoint = raw('s3Endpoint');
        if (endpoint !== undefined && !/^https?:\/\/[^\s/]+/.test(endpoint)) {
            throw new ConfigError(`${describeSetting('s3Endpoint')}: "${endpoint}" must be an http(s) URL`);
        }
        config.s3 = {
            bucket,
            prefix: normalizePrefix(raw('s3Prefix') ?? 'gobuildcache/'),
            region: raw('s3Region'),
            endpoint,
            pathStyle: bool('s3PathStyle', false),
            // Non-AWS endpoints have had trouble with the SDK's default checksums; AWS never needs this.
            checksumWhenRequired: bool('s3ChecksumWhenRequired', endpoint !== undefined && !/amazonaws\.com/.test(endpoint)),
        };
    }
    return config;
}
/** '' stays '' (the whole bucket); anything else ends in exactly one '/'. */
function normalizePrefix(prefix) {
    const trimmed = prefix.replace(/^\/+/, '').replace(/\/+$/, '');
    return trimmed === '' ? '' : `${trimmed}/`;
}
function usage() {
    const lines = [
        'gobuildcache-action: a GOCACHEPROG server with a local disk cache and an optional S3 remote.',
        '',
        'Usage: GOCACHEPROG="node /path/to/dist/cacheprog/index.js [flags]" go build ./...',
        '       node dist/cacheprog/index.js <subcommand> [flags]',
        '',
        'Subcommands:',
        '  (none), serve   speak the GOCACHEPROG protocol on stdin/stdout',
        '  clear-local     delete the local cache directory',
        '  clear-remote    delete every object under the S3 prefix (an empty prefix needs -yes)',
        '  clear           both of the above',
        '  drain           upload everything waiting in the spool; exits 0 only when it is empty',
        '  help            this text',
        '',
        'Flags (each also read from GOBUILDCACHE_<KEY>, then <KEY>):',
    ];
    for (const name of Object.keys(SETTINGS))
        lines.push(`  ${describeSetting(name)}`);
    return lines.join('\n');
}


/***/ }),

/***/ 350:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _config_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(212);

const c = (0,_config_js__WEBPACK_IMPORTED_MODULE_0__/* .parseCommandLine */ .Du)(process.argv.slice(2));
process.stderr.write(JSON.stringify(c) + "\n");
const m = await __nccwpck_require__.e(/* import() */ 578).then(__nccwpck_require__.bind(__nccwpck_require__, 578));
m.hi();

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId](module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/compat get default export */
/******/ (() => {
/******/ 	// getDefaultExport function for compatibility with non-harmony modules
/******/ 	__nccwpck_require__.n = (module) => {
/******/ 		var getter = module && module.__esModule ?
/******/ 			() => (module['default']) :
/******/ 			() => (module);
/******/ 		__nccwpck_require__.d(getter, { a: getter });
/******/ 		return getter;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(350);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
