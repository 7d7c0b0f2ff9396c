export const id = 662;
export const ids = [662];
export const modules = {

/***/ 16662:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   trimAfterJob: () => (/* binding */ trimAfterJob)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(33838);

/**
 * The post step's last act on a machine whose disk outlives the job (cache-max-size): remove
 * least recently used entries so the local cache stays under its cap. Never fails the step.
 */
async function trimAfterJob(config) {
    try {
        if (config.cacheMaxBytes <= 0)
            return;
        const { describeTrim, trimLocalCache } = await __webpack_require__.e(/* import() */ 742).then(__webpack_require__.bind(__webpack_require__, 83742));
        const result = await trimLocalCache(config.cacheDir, config.cacheMaxBytes);
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`gobuildcache: ${describeTrim(config.cacheDir, config.cacheMaxBytes, result)}`);
    }
    catch (err) {
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .info */ .pq(`gobuildcache: could not trim the local cache: ${err instanceof Error ? err.message : String(err)}`);
    }
}


/***/ })

};
