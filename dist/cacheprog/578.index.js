export const id = 578;
export const ids = [578];
export const modules = {

/***/ 578:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   hi: () => (/* binding */ hi)
/* harmony export */ });
function hi() { process.stderr.write("lazy\n"); }


/***/ })

};
