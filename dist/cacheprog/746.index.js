export const id = 746;
export const ids = [746];
export const modules = {

/***/ 1746:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  describeResult: () => (/* binding */ describeResult),
  normalizeMtimes: () => (/* binding */ normalizeMtimes)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
var external_node_crypto_default = /*#__PURE__*/__webpack_require__.n(external_node_crypto_);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
var external_node_fs_default = /*#__PURE__*/__webpack_require__.n(external_node_fs_);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
;// CONCATENATED MODULE: ./src/cacheprog/checkout/content-time.ts
// The modification time normalize-mtimes gives a path: a function of a git object id (a blob's,
// or its own hash of a directory's listing). The id picks a microsecond in a fixed range of past
// years, far older than go's "file too new" cutoff (2 s: results of tests that open files newer
// than that are never cached).
/** 2000-01-01T00:00:00Z in microseconds: every time we set is at or after it... */
const TIME_FROM_US = Date.UTC(2000, 0, 1) * 1000;
/** ...and less than 20 years (of 365 days) later: about 2^49 distinct microseconds. */
const TIME_RANGE_US = 20 * 365 * 86_400 * 1_000_000;
/**
 * The time (microseconds since the epoch) for an object id given as hex (a git blob or our own
 * directory hash). Microseconds because that is what Node can set: fs.utimes takes seconds as a
 * double and libuv truncates them to whole microseconds before utimensat, even on filesystems that
 * store nanoseconds.
 */
function timeForId(idHex) {
    // 13 hex digits = 52 bits: exact in a double, and plenty for a 2^49 range.
    const n = Number.parseInt(idHex.slice(0, 13), 16);
    if (!Number.isFinite(n))
        throw new Error(`not a hex object id: "${idHex}"`);
    return TIME_FROM_US + (n % TIME_RANGE_US);
}
/**
 * Seconds as fs.utimes wants them. Half a microsecond is added so the double's rounding error
 * (about 0.1 µs at these magnitudes) can never tip libuv's truncation to the microsecond below.
 */
function utimesSeconds(us) {
    const seconds = Math.floor(us / 1_000_000);
    return seconds + (us - seconds * 1_000_000 + 0.5) / 1_000_000;
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
;// CONCATENATED MODULE: ./src/cacheprog/checkout/git-index.ts
// What git says of a work tree, as normalize-mtimes reads it: the tracked paths with their modes
// and blob ids (`git ls-files -s`), the ones whose working-tree content differs from that, and
// the blob id of what is on disk for those.



const GITLINK = '160000';
const SYMLINK = '120000';
const TREE = '40000';
/** git's blob id of these bytes (sha1 of "blob <size>\0<bytes>"), as `git hash-object --no-filters` computes it. */
function blobId(content) {
    return external_node_crypto_default().createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}
/** Runs git in dir and returns stdout; throws with git's own first line of stderr. */
function git(dir, args) {
    try {
        return (0,external_node_child_process_.execFileSync)('git', args, {
            cwd: dir,
            // Read-only commands: never take index.lock behind the user's back while listing.
            env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' },
            maxBuffer: 1 << 30,
            stdio: ['ignore', 'pipe', 'pipe'],
        });
    }
    catch (err) {
        const e = err;
        if (e.code === 'ENOENT')
            throw new Error('git is not installed (not found on PATH)', { cause: err });
        const first = e.stderr?.toString('utf8').trim().split('\n')[0];
        throw new Error(first || e.message, { cause: err });
    }
}
/** undefined when dir is inside a git work tree, else why not. */
function notAWorkTree(dir) {
    let inside;
    try {
        inside = git(dir, ['rev-parse', '--is-inside-work-tree']).toString('utf8').trim();
    }
    catch (err) {
        inside = err.message;
    }
    if (inside === 'true')
        return undefined;
    return `${dir} is not a git checkout (${inside === 'false' ? 'inside a .git directory' : inside})`;
}
/**
 * The tracked paths under root, relative to it and limited to it, even when root is a directory
 * inside the work tree. Paths come from git as bytes; they are kept as latin1 strings (one char
 * per byte) so that any name, UTF-8 or not, round-trips exactly, and sorted by those bytes.
 */
function listIndex(root) {
    const listing = git(root, ['ls-files', '-s', '-z']).toString('latin1');
    const fromDisk = new Set(git(root, ['ls-files', '-m', '-z'])
        .toString('latin1')
        .split('\0')
        .filter((p) => p !== ''));
    const entries = parseStage(listing, fromDisk);
    // eslint-disable-next-line no-control-regex
    return { entries, fromDisk, ascii: /^[\x00-\x7f]*$/.test(listing) };
}
/**
 * Parses `git ls-files -s -z` ("<mode> <id> <stage>\t<path>\0", sorted by path, the stages of
 * one path together). A path in a merge conflict is added to fromDisk: only the working tree
 * says what is there. Hand-rolled because split/destructuring cost several times more at 100k.
 */
function parseStage(text, fromDisk) {
    const out = [];
    let last;
    for (let pos = 0; pos < text.length;) {
        const end = text.indexOf('\0', pos);
        const sp1 = text.indexOf(' ', pos);
        const sp2 = text.indexOf(' ', sp1 + 1);
        const tab = text.indexOf('\t', sp2 + 1);
        if (end < 0 || sp1 < 0 || sp2 < 0 || tab < 0 || tab > end)
            throw new Error(`unexpected git ls-files output near "${text.slice(pos, pos + 80)}"`);
        const rel = text.slice(tab + 1, end);
        const mode = text.slice(pos, sp1);
        const id = text.slice(sp1 + 1, sp2);
        const conflicted = text.charCodeAt(sp2 + 1) !== 48; // stage other than '0'
        pos = end + 1;
        if (conflicted)
            fromDisk.add(rel);
        if (last !== undefined && last.rel === rel)
            continue;
        last = { rel, mode, id };
        out.push(last);
    }
    return out;
}
/** The blob id of what is on disk at target, or undefined when there is no file or symlink there. */
function blobIdOnDisk(target) {
    let stat;
    try {
        stat = external_node_fs_default().lstatSync(target);
    }
    catch {
        return undefined;
    }
    if (stat.isSymbolicLink())
        return blobId(external_node_fs_default().readlinkSync(target, { encoding: 'buffer' }));
    if (stat.isFile())
        return blobId(external_node_fs_default().readFileSync(target));
    return undefined;
}

;// CONCATENATED MODULE: ./src/cacheprog/checkout/normalize-mtimes.ts
// Sets the modification time of every file and directory git tracks in a checkout to a function
// of its content, so that a test result cached on one runner is found again on the next.
//
// Why: the go command keys a cached test result on the size, mode and modification time of every
// file and directory the test opened (cmd/go/internal/test hashOpen/hashWriteStat; a directory
// also by the stat of each entry), never on their content (golang/go#58571). A fresh checkout
// stamps every file with the time of the checkout, so without this every test that reads
// testdata runs again on every CI run even when the shared cache holds its result.
//
// What a time is made of:
//   - a file or symlink: the blob id git records for it in the index (`git ls-files -s`). A file
//     whose working-tree content differs from the index (`git ls-files -m`: modified, or merge
//     conflicts) is hashed here from its bytes in git's blob format, so its time follows what is
//     on disk, not what was committed.
//   - a directory: a hash of its tracked entries (name, mode and id of each, like a git tree),
//     so adding, removing or changing anything below it changes its time. Untracked and ignored
//     files are never touched and do not take part.
//   - a submodule that is checked out: normalised with its own index, its root time from its
//     own listing. One that is not checked out is left alone.
// The id picks a microsecond in a fixed range of past years (content-time.ts); what git lists and
// the blob ids of modified files come from git-index.ts.
//
// git's index is not refreshed afterwards: it remembers each file's old time, so the first later
// git command that compares the working tree (git status, go build's VCS stamping) re-reads every
// file once and rewrites the index. Doing that here would cost seconds for 100k files on every
// run; left to git it costs the same only where a job runs such a command.





/**
 * A path of the listing (latin1, one char per byte: see listIndex) as fs takes it. base is '' when
 * the process is in the work tree's top directory (see enter), else that directory and a slash. A
 * path that is not ASCII (only possible when the listing is not) goes to fs as its bytes.
 */
function fsPath(base, rel, ascii) {
    if (rel === '')
        return base === '' ? '.' : base;
    if (ascii)
        return base + rel;
    return Buffer.concat([Buffer.from(base), Buffer.from(rel, 'latin1')]);
}
/**
 * Relative paths halve the cost of setting times (measured: the kernel walks the whole absolute
 * path on every call), so the loop runs from inside root. Returns the prefix for fsPath: '' there,
 * or root itself where the process cannot change directory (a worker thread).
 */
function enter(root) {
    try {
        process.chdir(root);
        return '';
    }
    catch {
        return `${root}/`;
    }
}
function display(rel) {
    return Buffer.from(rel, 'latin1').toString('utf8');
}
/** Sets the times of every tracked file and directory under dir (a git work tree or a directory in one). */
function normalizeMtimes(dir, log) {
    const started = performance.now();
    const result = {
        normalized: false,
        files: 0,
        symlinks: 0,
        directories: 0,
        hashedFromDisk: 0,
        missing: 0,
        failed: 0,
        submodules: 0,
        skippedSubmodules: [],
        elapsedMs: 0,
        phasesMs: { list: 0, times: 0 },
    };
    const root = external_node_path_default().resolve(dir);
    const notTree = notAWorkTree(root);
    if (notTree !== undefined) {
        result.reason = notTree;
        log.notice(`normalize-mtimes: ${result.reason}; nothing was changed.`);
        result.elapsedMs = performance.now() - started;
        return result;
    }
    const cwd = process.cwd();
    try {
        normalizeTree(root, '', result, log);
    }
    finally {
        enter(cwd);
    }
    result.normalized = true;
    result.elapsedMs = performance.now() - started;
    return result;
}
/** One work tree (the top one or a submodule); returns the id of its top directory. */
function normalizeTree(root, prefix, result, log) {
    const t0 = performance.now();
    const { entries, fromDisk, ascii } = listIndex(root);
    let t1 = performance.now();
    result.phasesMs.list += t1 - t0;
    let base = enter(root);
    // Directory → its present tracked entries; every ancestor of an entry is registered.
    const dirs = new Map([['', []]]);
    const listed = (rel) => {
        let list = dirs.get(rel);
        if (!list) {
            list = [];
            dirs.set(rel, list);
            const slash = rel.lastIndexOf('/');
            listed(slash < 0 ? '' : rel.slice(0, slash)); // ensure the parent exists too
        }
        return list;
    };
    // Paths come sorted, so most entries share the previous one's directory.
    let lastParent;
    let lastList = [];
    const listOf = (parent) => {
        if (parent !== lastParent) {
            lastParent = parent;
            lastList = listed(parent);
        }
        return lastList;
    };
    for (const entry of entries) {
        const { rel } = entry;
        const slash = rel.lastIndexOf('/');
        const parent = slash < 0 ? '' : rel.slice(0, slash);
        const name = rel.slice(slash + 1);
        const target = fsPath(base, rel, ascii);
        let { id } = entry;
        if (entry.mode === GITLINK) {
            const sub = external_node_path_default().join(root, display(rel));
            if (!external_node_fs_default().existsSync(external_node_path_default().join(sub, '.git'))) {
                result.skippedSubmodules.push(display(prefix + rel));
                log.notice(`normalize-mtimes: submodule ${display(prefix + rel)} is not checked out; its times were left alone.`);
                continue;
            }
            result.submodules++;
            result.phasesMs.times += performance.now() - t1;
            // Its own index knows its files; its id follows what is checked out, not the recorded commit.
            id = normalizeTree(sub, `${prefix}${rel}/`, result, log);
            base = enter(root);
            t1 = performance.now();
            listOf(parent).push({ name, mode: GITLINK, id });
            continue;
        }
        if (fromDisk.size > 0 && fromDisk.has(rel)) {
            const hashed = blobIdOnDisk(target);
            if (hashed === undefined) {
                result.missing++;
                continue;
            }
            id = hashed;
            result.hashedFromDisk++;
        }
        const t = utimesSeconds(timeForId(id));
        try {
            // Never through a symlink: its own time, not its target's (which may not be ours to touch).
            if (entry.mode === SYMLINK)
                external_node_fs_default().lutimesSync(target, t, t);
            else
                external_node_fs_default().utimesSync(target, t, t);
            if (entry.mode === SYMLINK)
                result.symlinks++;
            else
                result.files++;
        }
        catch (err) {
            if (!stillThere(err, result))
                continue;
        }
        listOf(parent).push({ name, mode: entry.mode, id });
    }
    // Deepest first, so each directory's id is known before its parent's listing is hashed.
    const order = [...dirs.keys()].sort((a, b) => depth(b) - depth(a));
    let rootId = '';
    for (const rel of order) {
        const list = dirs.get(rel);
        list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        let text = '';
        for (const e of list)
            text += `${e.mode} ${e.name}\0${e.id}\n`;
        const id = external_node_crypto_default().createHash('sha1').update(text, 'latin1').digest('hex');
        if (rel === '')
            rootId = id;
        else {
            const slash = rel.lastIndexOf('/');
            dirs.get(slash < 0 ? '' : rel.slice(0, slash)).push({ name: rel.slice(slash + 1), mode: TREE, id });
        }
        const t = utimesSeconds(timeForId(id));
        try {
            external_node_fs_default().utimesSync(fsPath(base, rel, ascii), t, t);
            result.directories++;
        }
        catch (err) {
            stillThere(err, result);
        }
    }
    if (prefix === '')
        result.rootId = rootId;
    result.phasesMs.times += performance.now() - t1;
    return rootId;
}
function depth(rel) {
    if (rel === '')
        return 0;
    let n = 1;
    for (let i = rel.indexOf('/'); i >= 0; i = rel.indexOf('/', i + 1))
        n++;
    return n;
}
/**
 * Counts a failed utimes: false when the path is absent (missing; it takes no part in its
 * directory's listing), true when it is there but could not be changed (permissions...).
 */
function stillThere(err, result) {
    const e = err;
    if (e.code === 'ENOENT' || e.code === 'ENOTDIR') {
        result.missing++;
        return false;
    }
    result.failed++;
    result.firstError ??= e.message;
    return true;
}
/** One line for the log: what was set, and anything the user may want to know about. */
function describeResult(r) {
    if (!r.normalized)
        return `normalize-mtimes: nothing changed: ${r.reason ?? 'not a git checkout'}`;
    const parts = [
        `set the times of ${r.files} files, ${r.symlinks} symlinks and ${r.directories} directories from their content in ${Math.round(r.elapsedMs)} ms`,
    ];
    if (r.hashedFromDisk > 0)
        parts.push(`${r.hashedFromDisk} modified since checkout, timed by their current content`);
    if (r.submodules > 0)
        parts.push(`${r.submodules} submodules included`);
    if (r.skippedSubmodules.length > 0)
        parts.push(`${r.skippedSubmodules.length} submodules not checked out, left alone`);
    if (r.missing > 0)
        parts.push(`${r.missing} tracked paths absent from the working tree`);
    if (r.failed > 0)
        parts.push(`${r.failed} could not be changed (first: ${r.firstError ?? 'unknown error'})`);
    return `normalize-mtimes: ${parts.join('; ')}`;
}


/***/ })

};
