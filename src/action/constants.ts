// Names shared by action.yml, the main step and the post step. Keeping them in one place is what
// stops a renamed input or state key from silently reading '' in the other step.

export enum Inputs {
  Backend = 'backend',
  S3Bucket = 's3-bucket',
  S3Prefix = 's3-prefix',
  S3Region = 's3-region',
  S3Endpoint = 's3-endpoint',
  S3PathStyle = 's3-path-style',
  CacheDir = 'cache-dir',
  CacheMaxSize = 'cache-max-size',
  ReadOnly = 'read-only',
  Compression = 'compression',
  Summary = 'summary',
  Debug = 'debug',
  UploadWait = 'upload-wait',
  DrainTimeout = 'drain-timeout',
  RemoteCheckTimeout = 'remote-check-timeout',
  Prefetch = 'prefetch',
  ManifestKey = 'manifest-key',
  ManifestRestoreKeys = 'manifest-restore-keys',
  Matrix = 'matrix',
  Scope = 'scope',
  TrustedBranches = 'trusted-branches',
  NormalizeMtimes = 'normalize-mtimes',
  CacheModules = 'cache-modules',
  JobServer = 'job-server',
  SaveUntrustedEvents = 'save-untrusted-events',
}

/**
 * Defaults as action.yml declares them. The runner fills these in, but a run outside the runner
 * (local-action, a test) sends nothing, so the code applies the same values to an empty input.
 * An empty string means "decided at run time" (see inputs.ts).
 */
export const INPUT_DEFAULTS: Record<Inputs, string> = {
  [Inputs.Backend]: '',
  [Inputs.S3Bucket]: '',
  [Inputs.S3Prefix]: 'gobuildcache/',
  [Inputs.S3Region]: '',
  [Inputs.S3Endpoint]: '',
  [Inputs.S3PathStyle]: 'false',
  [Inputs.CacheDir]: '',
  [Inputs.CacheMaxSize]: '',
  [Inputs.ReadOnly]: 'false',
  [Inputs.Compression]: 'true',
  [Inputs.Summary]: 'true',
  [Inputs.Debug]: 'false',
  [Inputs.UploadWait]: '10s',
  [Inputs.DrainTimeout]: '5m',
  [Inputs.RemoteCheckTimeout]: '5s',
  [Inputs.Prefetch]: 'true',
  [Inputs.ManifestKey]: '',
  [Inputs.ManifestRestoreKeys]: '',
  [Inputs.Matrix]: '',
  [Inputs.Scope]: '',
  [Inputs.TrustedBranches]: '',
  [Inputs.NormalizeMtimes]: 'true',
  [Inputs.CacheModules]: 'true',
  [Inputs.JobServer]: 'true',
  [Inputs.SaveUntrustedEvents]: 'false',
};

/** What the main step hands to the post step (the runner passes it as STATE_<name>). */
export enum State {
  /** JSON object of every GOBUILDCACHE_* variable the main step exported. */
  CacheEnv = 'cache-env',
  StatsDir = 'stats-dir',
  SpoolDir = 'spool-dir',
  /** The backend actually in use: 'disk' after a fallback even when s3 was asked for. */
  Backend = 'backend',
  /** Why the remote was not used, when the main step fell back to the local cache. */
  RemoteFallback = 'remote-fallback',
  DrainTimeoutMs = 'drain-timeout-ms',
  Summary = 'summary',
  /** The background prefetcher's process id, so the post step can stop it. */
  PrefetchPid = 'prefetch-pid',
  /** The manifest this job's post step writes (empty: none). */
  ManifestKey = 'manifest-key',
  /** JSON of what the main step did with the Actions cache (see actions-cache-steps.ts). */
  ActionsCache = 'actions-cache',
  /** The job server's file (socket, token, pid): the post step asks it to finish. */
  ServerFile = 'server-file',
}

/** Set by the main step: the runner gives later steps the outputs of main steps only. */
export enum Outputs {
  Backend = 'backend',
  BackendReason = 'backend-reason',
  CacheHit = 'cache-hit',
  RestoredKey = 'restored-key',
  RestoredEntries = 'restored-entries',
  RestoredBytes = 'restored-bytes',
  ModulesRestored = 'modules-restored',
  Scope = 'scope',
  StatsFile = 'stats-file',
}

/** The GOBUILDCACHE_<KEY> variables the cacheprog server reads (see src/cacheprog/config.ts). */
export enum CacheEnv {
  BackendType = 'GOBUILDCACHE_BACKEND_TYPE',
  CacheDir = 'GOBUILDCACHE_CACHE_DIR',
  SharedCacheDir = 'GOBUILDCACHE_SHARED_CACHE_DIR',
  CacheMaxSize = 'GOBUILDCACHE_CACHE_MAX_SIZE',
  SpoolDir = 'GOBUILDCACHE_SPOOL_DIR',
  StatsDir = 'GOBUILDCACHE_STATS_DIR',
  StatsFile = 'GOBUILDCACHE_STATS_FILE',
  Debug = 'GOBUILDCACHE_DEBUG',
  PrintStats = 'GOBUILDCACHE_PRINT_STATS',
  ReadOnly = 'GOBUILDCACHE_READ_ONLY',
  Compression = 'GOBUILDCACHE_COMPRESSION',
  UploadWait = 'GOBUILDCACHE_UPLOAD_WAIT',
  S3Bucket = 'GOBUILDCACHE_S3_BUCKET',
  S3Prefix = 'GOBUILDCACHE_S3_PREFIX',
  Region = 'GOBUILDCACHE_AWS_REGION',
  Endpoint = 'GOBUILDCACHE_AWS_ENDPOINT_URL_S3',
  PathStyle = 'GOBUILDCACHE_AWS_S3_USE_PATH_STYLE',
  Scope = 'GOBUILDCACHE_SCOPE',
  ReadScopes = 'GOBUILDCACHE_READ_SCOPES',
}

export const GOCACHEPROG = 'GOCACHEPROG';

/** cache-max-size when the input is empty on a self-hosted runner, whose disk outlives the job. */
export const SELF_HOSTED_CACHE_MAX_BYTES = 10 * 1024 ** 3;
