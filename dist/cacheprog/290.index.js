export const id = 290;
export const ids = [290];
export const modules = {

/***/ 9290:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ListedBackend: () => (/* binding */ ListedBackend)
/* harmony export */ });
/* harmony import */ var _backend_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(659);

/**
 * What the bucket held when the job server started, listed once: a get for an action that was
 * not there (and not uploaded since by this job) is a miss without a round trip, so a populating
 * run pays no remote lookup per compile. Until the listing arrives, and when the bucket was too
 * big to list, every get asks the bucket. An entry another job uploads meanwhile is missed: that
 * costs a compile, never a wrong result.
 */
class ListedBackend extends _backend_js__WEBPACK_IMPORTED_MODULE_0__/* .BackendDecorator */ .m {
    stats;
    known;
    constructor(inner, listing, stats) {
        super(inner);
        this.stats = stats;
        void listing.then((ids) => (this.known = ids), () => { });
    }
    get(actionId, signal, spill) {
        if (this.known && !this.known.has(actionId)) {
            this.stats?.add('listedAbsent');
            return Promise.resolve(undefined);
        }
        return this.inner.get(actionId, signal, spill);
    }
    async put(actionId, meta, body, signal) {
        const result = await this.inner.put(actionId, meta, body, signal);
        this.known?.add(actionId);
        return result;
    }
}


/***/ })

};
