// The words of the settings table (table.ts): what docs/cli.md, `help`, action.yml and the
// README's inputs table say about each setting. Markdown; action.yml shows a link as its text.
import type { FlagSettingName, Inputs } from './table.js';

/** One text from lines that keep this file readable. */
function words(...lines: string[]): string {
  return lines.join(' ');
}

/** The meaning column of docs/cli.md's settings table, in the table's order. */
export const FLAG_TEXT: Record<FlagSettingName, string> = {
  backend: '`disk` (local only), `s3` or `gcs`',
  cacheDir: 'local cache (absolute)',
  sharedCacheDir: words(
    'a local cache read after `-cache-dir` and never written (a persistent cache a job may not write;',
    'the action sets it)',
  ),
  cacheMaxSize: words(
    "size cap of the local cache, e.g. `10GiB`, `500MiB`: `trim` (and the action's post step) removes",
    'least recently used entries down to 90% of it; entries used within the last hour are never',
    'removed',
  ),
  lockDir: 'cross-process lock files',
  lockType: words(
    '`fslock` (also `fs`): go processes lock a download across processes while a prefetcher runs;',
    '`memory`, `noop`',
  ),
  s3Bucket: 'required for `s3`',
  s3Prefix: 'key prefix (the same default for serving and `clear-remote`)',
  s3Region: '`auto` for Tigris and R2',
  s3Endpoint: 'e.g. `https://t3.storage.dev`',
  s3PathStyle: 'path-style requests (local servers)',
  s3ChecksumWhenRequired: words(
    "the SDK's `WHEN_REQUIRED` checksum mode: no CRC32 per request (objects carry their own sha256,",
    'verified on every read)',
  ),
  s3DirectRequests: words(
    'GET and PUT cache objects as one SigV4-signed request of our own (credentials and region from',
    "the SDK) instead of through the SDK's request stack: ~0.5 ms of CPU per request instead of ~1.5",
    'ms. Not used for S3 Express directory buckets, FIPS or dual-stack endpoints; any answer that is',
    'not a success, a missing key or a denial is retried through the SDK, and a store that refuses',
    'the direct form switches it off for the process',
  ),
  gcsBucket:
    'required for `gcs`; credentials are Application Default Credentials, `STORAGE_EMULATOR_HOST` reaches an emulator',
  gcsPrefix: 'object name prefix (the same default for serving and `clear-remote`)',
  readOnly: 'never write to the remote',
  compression: 'gzip objects where that makes them smaller',
  asyncBackend: 'answer puts before their upload finishes',
  uploadWait: words(
    'how long `close` waits for uploads; the rest goes to the spool (the per-process server only: the',
    'job server answers `close` at once and uploads until `finish`)',
  ),
  drainTimeout: 'how long `drain` keeps uploading',
  remoteTimeout: words(
    'how long a remote request may wait for its answer; a download then goes on while bytes keep',
    'coming (no bytes for this long ends it), an upload gets this plus its size at 32 KiB/s, so big',
    'objects cross slow links',
  ),
  uploadConcurrency: 'parallel uploads',
  spoolDir: 'uploads handed over at close',
  statsDir: 'write one JSON stats file per go process',
  printStats: 'print statistics to stderr at exit',
  debug: 'log every operation to stderr',
  errorRate: 'fail this fraction of remote calls (testing)',
  manifestKey: 'the manifest `prefetch` reads and `save-manifest` writes',
  manifestRestoreKeys: words(
    'comma-separated fallbacks for `prefetch`; one ending in `/` matches the newest manifest under it',
  ),
  prefetchConcurrency: 'parallel prefetch downloads',
  prefetchTimeout: '`prefetch` stops starting downloads after this',
  listKeys: words(
    "the job server lists the bucket's keys at start (16 parallel listers; up to 500,000 keys), so a",
    'miss of a key that is not there costs no request: a populating run pays no round trip per',
    'compile',
  ),
  socket: words(
    '`serve`: be the job server on this socket (`unix:/abs/path`, or `tcp:127.0.0.1:PORT` with a',
    'token); `finish`: the server to finish',
  ),
  statsFile: words(
    "`serve -socket` only: a small JSON of the job server's figures (`hits`, `misses`, `localHits`,",
    '`remoteHits`, `bytesDownloaded`, `bytesUploaded`, `uploadsPending`, `goCommands`, `updatedAt`),',
    "written whole (temp file + rename) at start and before each go command's close is answered, so a",
    'step after a go command reads figures that include it (`jq .hits "$FILE"`); per-process servers',
    'ignore it',
  ),
  serverFile: words(
    'where `serve -socket` writes its socket, token and pid once it listens (mode 0600); `finish` and',
    'the bridge read it',
  ),
  yes: '`clear-remote` and `clear`: confirm deleting every object when the prefix is empty',
  pack: words(
    '`save-manifest` also stores the entries as a pack of content-addressed parts of about 4 MiB',
    '(reused by the next save while mostly still used), which `prefetch` downloads instead of one',
    'object per entry',
  ),
  scope: words(
    'trust scope this process writes: keys go under `<prefix>scopes/<scope>/` (see [Trust',
    'scopes](../README.md#trust-scopes-pull-requests-cannot-plant-what-the-default-branch-builds));',
    'empty: the unscoped layout, as in the reference',
  ),
  readScopes: 'comma-separated scopes read after the own one, in order (needs `-scope`)',
};

/** Each input's description in action.yml and the README, in action.yml's order. */
export const INPUT_TEXT: Record<Inputs, string> = {
  backend: words(
    'Where the shared cache lives: `github` (the GitHub Actions cache: the main step restores the',
    "job's entry into go's own `GOCACHE`, the post step saves what the run used and added), `s3` (a",
    'bucket, served object by object during the build through `GOCACHEPROG`), `gcs` (the same on Google Cloud Storage) or `disk` (local only, through',
    '`GOCACHEPROG`); see [Backends](#backends). Empty means `s3` when `s3-bucket` is set, `gcs` when',
    '`gcs-bucket` is set, else `github` when the job runs on GitHub Actions (the runner gives the step a cache token and',
    'URL), else `disk`.',
  ),
  's3-bucket': words(
    'Bucket name, e.g. `my-cache--use1-az4--x-s3` for S3 Express One Zone. Required for `s3`. Not a',
    'URL: a path goes in `s3-prefix`.',
  ),
  's3-prefix': words('Key prefix. Several caches (repositories, teams) can share a bucket under different prefixes.'),
  's3-region': words(
    'Bucket region (`auto` for Tigris). Empty uses `AWS_REGION` from the environment, which',
    'aws-actions/configure-aws-credentials sets.',
  ),
  's3-endpoint': words(
    'Endpoint URL for stores other than AWS, e.g. `https://t3.storage.dev` (Tigris). Empty uses AWS.',
  ),
  's3-path-style': words(
    'Path-style requests (`http://host/bucket/key`) for self-hosted S3 servers. S3 Express One Zone',
    'refuses them.',
  ),
  'gcs-bucket': words(
    'Google Cloud Storage bucket name; setting it alone selects `gcs`. Credentials are Application',
    'Default Credentials: the file google-github-actions/auth writes (`GOOGLE_APPLICATION_CREDENTIALS`),',
    'or the metadata server on a GCP runner.',
  ),
  'gcs-prefix': words('Object name prefix, as `s3-prefix` is for `s3`.'),
  'cache-dir': words(
    "Absolute path of the local cache; with `github`, go's `GOCACHE` is its `go-build` directory.",
    'Empty: under `RUNNER_TEMP` (gone after the job). On self-hosted runners, a persistent directory',
    'keeps hits local; it follows the trust scopes: only jobs that write `default` write it, the',
    'others read it (`s3`, `disk`) or start from the Actions cache (`github`) and write a store of',
    'their own run (see [Trust',
    'scopes](#trust-scopes-pull-requests-cannot-plant-what-the-default-branch-builds)).',
  ),
  'cache-max-size': words(
    '`s3` and `disk`: size cap of the local cache (`10GiB`, `500MiB`, `0` for none); with `github` go',
    'trims its own cache. The post step removes least recently used entries down to 90% of it, never',
    'one used in the last hour. Empty: `10GiB` on self-hosted runners, none on GitHub-hosted ones.',
  ),
  'read-only': words(
    'Restore and read, never save or upload (build and module caches, every backend). With `s3`, pull',
    'requests from forks are read-only whatever this says, and a key that may read but not write',
    'switches uploads off by itself after the first denied one, with one warning. With `github`, a',
    "fork's run saves into its own pull request's scope, which no other branch reads.",
  ),
  compression: 'Compress objects in the bucket (`s3`).',
  summary: 'Write the cache report (hit ratio, traffic, latency) to the job summary.',
  debug: words(
    '`s3` and `disk`: log every cache operation and the statistics of the cache server. With the job',
    'server (the default) they go to its log, which the post step shows (its last lines); with',
    "`job-server: false`, to each go command's stderr. Also on when the run has debug logging",
    'enabled.',
  ),
  'upload-wait': words(
    '`s3`, `gcs` with a server per go command only (`job-server: false`, a Windows arm64 runner): how long',
    'each go command waits at exit for its uploads before handing the rest to the post step (e.g.',
    '`0s`, `10s`, `1m`). Does nothing with the job server (the default), which uploads across go',
    'commands and is waited for up to `drain-timeout`. See [How the server',
    'works](#how-the-server-works-s3-gcs-disk).',
  ),
  'drain-timeout': words(
    'How long the post step may spend uploading what the go commands handed over, or saving to the',
    'Actions cache (at least 10 s there), e.g. `30s`, `5m`.',
  ),
  'remote-check-timeout': words(
    'How long the main step waits for the bucket, or for the Actions cache lookup, to answer before',
    'going on without it, e.g. `5s`.',
  ),
  prefetch: words(
    'Record the entries this job uses as a manifest in the bucket (post step) and, at the start of',
    'the next run, download them in the background before go asks, so a cold runner does not pay one',
    'remote round trip per compile. `s3` only.',
  ),
  'manifest-key': words(
    "This job's key: its manifest (`s3`) and its chain of Actions cache entries (`github`). Empty:",
    '`<RUNNER_OS>-<RUNNER_ARCH>-<go version>-<workflow>-<job>[-<matrix hash>]/<branch>`, with',
    "`pr-<head branch>` for pull requests, so they never overwrite the default branch's. Set it when",
    'legs of a matrix should not share one and you do not pass `matrix`.',
  ),
  'manifest-restore-keys': words(
    'Keys to restore from when `manifest-key` has nothing yet (manifests for `s3`, Actions cache',
    'entries for `github`), one per line, first match wins; a key ending in `/` matches the newest',
    "under it. Empty with an empty `manifest-key`: the PR's base branch, the default branch, then the",
    "job on any branch the run may read (with `github`, the default branch's runs read only their own",
    'and `trusted-branches` entries).',
  ),
  matrix: words(
    'Pass `${{ toJSON(matrix) }}` to give each matrix leg its own manifest (`s3`) and its own Actions',
    'cache entries (`github`): an action cannot read the matrix itself. Without it, legs on the same',
    'OS, arch and Go version share one key, which costs downloads and misses, never correctness.',
  ),
  scope: words(
    '`s3`: the trust scope this job writes (bucket keys under `<s3-prefix>scopes/<scope>/`). Empty',
    'derives it from the event: pull requests write `pr-<number>` and read it, then their base',
    "branch's and the default branch's scope; pushes, merge queues, schedules and manual runs of the",
    'default branch (or of `trusted-branches`) write `default`, which is all the default branch',
    'reads; other branches write `branch-<name>` and read it, then `default`. A set scope is read',
    'first, then `default`. See [Trust',
    'scopes](#trust-scopes-pull-requests-cannot-plant-what-the-default-branch-builds).',
  ),
  'trusted-branches': words(
    'Branches (one per line, `*` matches any characters) trusted like the default branch, e.g.',
    "`release/*`: with `s3` their pushes write the default branch's scope; with `github` they are the",
    "only other branches whose entries the default branch's runs restore. Protected branches only.",
  ),
  'normalize-mtimes': words(
    'Before any go command, set the modification time of every file and directory git tracks in',
    '`GITHUB_WORKSPACE` to a function of its content, so cached results of tests that read files',
    '(testdata) are found again on a fresh checkout (golang/go#58571; see [Test results across fresh',
    'checkouts](#test-results-across-fresh-checkouts)). Untracked and ignored files are never',
    'touched. Turn it off if a later step compares file times (make, for example).',
  ),
  'job-server': words(
    '`s3`, `gcs` and `disk`: one cache server for the whole job, reached by each go command through a small',
    'bridge program, so the S3 connections, the local index and the upload queue outlive each go',
    'command (see [How the server works](#how-the-server-works-s3-gcs-disk)). `false`: a server per go',
    'command (what the CLI does by default). `github` runs no server: go reads its own `GOCACHE`.',
  ),
  'native-cache': words(
    "`s3`, `gcs`: `true` restores the job's manifest (its pack parts, verified) into go's own `GOCACHE`",
    'before any go command and uploads what go added in the post step: no GOCACHEPROG, no job',
    "server, go's own speed for every go command, but nothing is fetched from the bucket during",
    'the build. `false`: GOCACHEPROG and the job server, which fetch what the manifest lacks on',
    'demand. `auto` is `false` for now (see `bench/ci-history.ts` and BENCHMARKS.md).',
  ),
  'save-untrusted-events': words(
    '`github`: also save the build cache in runs of `pull_request_target`, `workflow_run` and',
    "`issue_comment`. Those events run in the base branch's cache scope, often on pull-request code,",
    'so by default they restore but never save. Set `true` only if such workflows never build code',
    'from a pull request.',
  ),
  'cache-modules': words(
    "Restore `GOMODCACHE`'s downloads (`go env GOMODCACHE`/cache/download) from the GitHub Actions",
    'cache, keyed on the hash of every `go.sum` plus OS, arch and Go version, and save them in the',
    'post step when that exact key was not restored. Works with every backend; turn off',
    "actions/setup-go's cache (`cache: false`) so the two do not cache the same files.",
  ),
};
