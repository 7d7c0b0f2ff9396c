import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { redactUrlCredentials } from './redact.js';
import { prefixProblem } from './remote/prefix.js';
import { makeScopes, scopeNameProblem, type Scopes } from './remote/scopes.js';

export type BackendType = 'disk' | 's3';
export type LockType = 'fslock' | 'memory' | 'noop';

export interface S3Config {
  bucket: string;
  /** Always ends in '/' (S3 Express One Zone only lists by '/'-terminated prefixes). */
  prefix: string;
  region?: string;
  endpoint?: string;
  pathStyle: boolean;
  /** Send and check checksums only when required: some non-AWS stores reject the SDK defaults. */
  checksumWhenRequired: boolean;
  /** GET and PUT entries with one signed request of our own instead of the SDK's (see signed-object-client.ts). */
  directRequests: boolean;
}

export interface Config {
  backend: BackendType;
  cacheDir: string;
  /**
   * A cache dir read after cacheDir and never written: the persistent cache of a self-hosted
   * runner, for a job that may not write what trusted jobs read (see the action's main step).
   */
  sharedCacheDir?: string;
  /** Size cap of the local cache in bytes (0: none); `trim` and the action's post step enforce it. */
  cacheMaxBytes: number;
  lockDir: string;
  lockType: LockType;
  spoolDir: string;
  /** Where each process writes its statistics as JSON (the post step aggregates them). */
  statsDir?: string;
  debug: boolean;
  printStats: boolean;
  readOnly: boolean;
  compression: boolean;
  asyncBackend: boolean;
  /** Fraction (0..1) of remote operations that fail on purpose, for testing. */
  errorRate: number;
  /** How long `close` waits for uploads before handing the rest to the spool. */
  uploadWaitMs: number;
  /** How long `drain` keeps uploading the spool. */
  drainTimeoutMs: number;
  /** Deadline of one remote request. */
  remoteTimeoutMs: number;
  uploadConcurrency: number;
  /** prefetch reads, save-manifest writes this manifest (see manifest/manifest-key.ts for the syntax). */
  manifestKey?: string;
  /** prefetch falls back to these, in order, when manifestKey does not exist (like actions/cache). */
  manifestRestoreKeys: string[];
  prefetchConcurrency: number;
  /** prefetch stops downloading at this deadline: what is left is fetched by go on demand. */
  prefetchTimeoutMs: number;
  /** save-manifest also writes the entries as a pack; prefetch downloads a pack when there is one. */
  pack: boolean;
  /** Trust scopes (remote/scopes.ts); undefined: the unscoped layout, every writer in one key space. */
  scopes?: Scopes;
  /** The job server lists the bucket's keys at start, so a miss of a key that is not there costs no request. */
  listKeys: boolean;
  /** The job server's socket (serve listens, finish connects): see job-server.ts for the forms. */
  socket?: string;
  /** Where a job server writes its socket, token and pid once it listens (0600). */
  serverFile?: string;
  /** A job server keeps this JSON of its figures current after every go command (live-stats.ts). */
  statsFile?: string;
  s3?: S3Config;
}

/** Thrown for any bad flag or env value; the message names what was wrong. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

interface Setting {
  flag: string;
  /** Env keys, read as GOBUILDCACHE_<KEY> first, then <KEY>. */
  env: string[];
  kind: 'string' | 'boolean';
}

const SETTINGS = {
  backend: { flag: 'backend', env: ['BACKEND_TYPE', 'BACKEND'], kind: 'string' },
  cacheDir: { flag: 'cache-dir', env: ['CACHE_DIR'], kind: 'string' },
  sharedCacheDir: { flag: 'shared-cache-dir', env: ['SHARED_CACHE_DIR'], kind: 'string' },
  cacheMaxSize: { flag: 'cache-max-size', env: ['CACHE_MAX_SIZE'], kind: 'string' },
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
  drainTimeout: { flag: 'drain-timeout', env: ['DRAIN_TIMEOUT'], kind: 'string' },
  remoteTimeout: { flag: 'remote-timeout', env: ['REMOTE_TIMEOUT'], kind: 'string' },
  uploadConcurrency: { flag: 'upload-concurrency', env: ['UPLOAD_CONCURRENCY'], kind: 'string' },
  manifestKey: { flag: 'manifest-key', env: ['MANIFEST_KEY'], kind: 'string' },
  manifestRestoreKeys: { flag: 'manifest-restore-keys', env: ['MANIFEST_RESTORE_KEYS'], kind: 'string' },
  prefetchConcurrency: { flag: 'prefetch-concurrency', env: ['PREFETCH_CONCURRENCY'], kind: 'string' },
  prefetchTimeout: { flag: 'prefetch-timeout', env: ['PREFETCH_TIMEOUT'], kind: 'string' },
  pack: { flag: 'pack', env: ['PACK'], kind: 'boolean' },
  scope: { flag: 'scope', env: ['SCOPE'], kind: 'string' },
  readScopes: { flag: 'read-scopes', env: ['READ_SCOPES'], kind: 'string' },
  s3Bucket: { flag: 's3-bucket', env: ['S3_BUCKET'], kind: 'string' },
  s3Prefix: { flag: 's3-prefix', env: ['S3_PREFIX'], kind: 'string' },
  s3Region: { flag: 's3-region', env: ['AWS_REGION', 'AWS_DEFAULT_REGION'], kind: 'string' },
  s3Endpoint: { flag: 's3-endpoint', env: ['AWS_ENDPOINT_URL_S3', 'AWS_ENDPOINT_URL'], kind: 'string' },
  s3PathStyle: { flag: 's3-path-style', env: ['AWS_S3_USE_PATH_STYLE'], kind: 'boolean' },
  s3ChecksumWhenRequired: { flag: 's3-checksum-when-required', env: ['S3_CHECKSUM_WHEN_REQUIRED'], kind: 'boolean' },
  s3DirectRequests: { flag: 's3-direct-requests', env: ['S3_DIRECT_REQUESTS'], kind: 'boolean' },
  listKeys: { flag: 'list-keys', env: ['LIST_KEYS'], kind: 'boolean' },
  // Flag only: an exported env value would turn the bridge's per-process fallback into a second server.
  socket: { flag: 'socket', env: [], kind: 'string' },
  serverFile: { flag: 'server-file', env: [], kind: 'string' },
  statsFile: { flag: 'stats-file', env: ['STATS_FILE'], kind: 'string' },
  yes: { flag: 'yes', env: [], kind: 'boolean' },
} satisfies Record<string, Setting>;

type SettingName = keyof typeof SETTINGS;

export const SUBCOMMANDS = ['serve', 'finish', 'clear-local', 'clear-remote', 'clear', 'drain', 'prefetch', 'save-manifest', 'normalize-mtimes', 'trim', 'help'] as const;
export type Subcommand = (typeof SUBCOMMANDS)[number];

export interface ParsedCommandLine {
  subcommand: Subcommand;
  config: Config;
  /** clear-remote on an empty prefix needs this explicit confirmation. */
  yes: boolean;
}

/** Reads one env key the way the reference does: GOBUILDCACHE_<KEY>, then <KEY>; empty falls through. */
export function readEnv(env: NodeJS.ProcessEnv, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    for (const name of [`GOBUILDCACHE_${key}`, key]) {
      const value = env[name];
      if (value !== undefined && value !== '') return value;
    }
  }
  return undefined;
}

/**
 * Go's flag package takes `-name`, `--name`, `-name=value` and `-name value`, and booleans as
 * `-name` or `-name=false`. Rewrite to what node's parseArgs accepts with every option a string.
 */
function normalizeArgs(argv: readonly string[]): string[] {
  const booleans = new Set(Object.values(SETTINGS).filter((s) => s.kind === 'boolean').map((s) => s.flag));
  const out: string[] = [];
  for (const arg of argv) {
    if (!arg.startsWith('-') || arg === '-' || arg === '--') {
      out.push(arg);
      continue;
    }
    const long = arg.startsWith('--') ? arg : `-${arg}`;
    const name = long.slice(2).split('=')[0] ?? '';
    if (booleans.has(name) && !long.includes('=')) out.push(`${long}=true`);
    else out.push(long);
  }
  return out;
}

export function parseBoolean(value: string, what: string): boolean {
  switch (value.trim().toLowerCase()) {
    case '1': case 't': case 'true': case 'yes': case 'on':
      return true;
    case '0': case 'f': case 'false': case 'no': case 'off':
      return false;
    default:
      throw new ConfigError(`${what}: "${value}" is not a boolean (use true or false)`);
  }
}

/** Parses "30s", "1500ms", "2m" or a bare number of seconds. */
export function parseDuration(value: string, what: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(value);
  if (!match) throw new ConfigError(`${what}: "${value}" is not a duration (examples: 500ms, 30s, 2m)`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(match[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
  return Math.round(Number(match[1]) * unit);
}

const SIZE_UNITS: Record<string, number> = {
  '': 1, b: 1,
  k: 1000, kb: 1000, kib: 1024,
  m: 1000 ** 2, mb: 1000 ** 2, mib: 1024 ** 2,
  g: 1000 ** 3, gb: 1000 ** 3, gib: 1024 ** 3,
  t: 1000 ** 4, tb: 1000 ** 4, tib: 1024 ** 4,
};

/** Parses "10GiB", "500MiB", "1.5GB", "0" (bytes when there is no unit). */
export function parseSize(value: string, what: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value);
  const unit = match ? SIZE_UNITS[(match[2] ?? '').toLowerCase()] : undefined;
  if (!match || unit === undefined) throw new ConfigError(`${what}: "${value}" is not a size (examples: 10GiB, 500MiB, 0 for no cap)`);
  const bytes = Math.floor(Number(match[1]) * unit);
  if (!Number.isSafeInteger(bytes)) throw new ConfigError(`${what}: "${value}" is too large`);
  return bytes;
}

function parseInteger(value: string, what: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${what}: "${value}" must be a whole number from ${min} to ${max}`);
  }
  return n;
}

function absoluteDir(value: string, what: string): string {
  if (!path.isAbsolute(value)) throw new ConfigError(`${what}: "${value}" must be an absolute path`);
  return path.normalize(value);
}

/** Every setting's flag and env keys: what help prints and docs/cli.md's table must name. */
export function listSettings(): { flag: string; env: readonly string[] }[] {
  return Object.values(SETTINGS).map((s: Setting) => ({ flag: s.flag, env: s.env }));
}

export function describeSetting(name: SettingName): string {
  const s: Setting = SETTINGS[name];
  const envs = s.env.map((k) => `GOBUILDCACHE_${k}`).join(' / ');
  return envs ? `-${s.flag} (${envs})` : `-${s.flag}`;
}

export function parseCommandLine(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): ParsedCommandLine {
  const options = Object.fromEntries(
    Object.values(SETTINGS).map((s) => [s.flag, { type: 'string' as const }]),
  );
  let parsed;
  try {
    parsed = parseArgs({ args: normalizeArgs(argv), options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new ConfigError(`${(err as Error).message}; run with "help" to list the flags`);
  }
  const positionals = parsed.positionals;
  if (positionals.length > 1) throw new ConfigError(`expected one subcommand, got "${positionals.join(' ')}"`);
  const sub = positionals[0] ?? 'serve';
  if (!(SUBCOMMANDS as readonly string[]).includes(sub)) {
    throw new ConfigError(`unknown subcommand "${sub}" (expected one of: ${SUBCOMMANDS.join(', ')})`);
  }
  const flags = parsed.values as Record<string, string | undefined>;
  const raw = (name: SettingName): string | undefined => flags[SETTINGS[name].flag] ?? readEnv(env, SETTINGS[name].env);
  const bool = (name: SettingName, fallback: boolean): boolean => {
    const v = raw(name);
    return v === undefined ? fallback : parseBoolean(v, describeSetting(name));
  };
  return { subcommand: sub as Subcommand, config: buildConfig(raw, bool), yes: bool('yes', false) };
}

function buildConfig(
  raw: (name: SettingName) => string | undefined,
  bool: (name: SettingName, fallback: boolean) => boolean,
): Config {
  const backend = (raw('backend') ?? 'disk').toLowerCase();
  if (backend !== 'disk' && backend !== 's3') {
    throw new ConfigError(`${describeSetting('backend')}: unknown backend "${backend}" (expected disk or s3)`);
  }
  const lockType = (raw('lockType') ?? 'fslock').toLowerCase();
  const lockTypes: Record<string, LockType> = { fslock: 'fslock', fs: 'fslock', memory: 'memory', noop: 'noop' };
  if (!(lockType in lockTypes)) {
    throw new ConfigError(`${describeSetting('lockType')}: unknown lock type "${lockType}" (expected fslock, memory or noop)`);
  }
  const base = path.join(os.tmpdir(), 'gobuildcache');
  const cacheDir = absoluteDir(raw('cacheDir') ?? path.join(base, 'cache'), describeSetting('cacheDir'));
  const statsDir = raw('statsDir');
  const sharedCacheDir = raw('sharedCacheDir');
  const errorRateText = raw('errorRate') ?? '0';
  const errorRate = Number(errorRateText);
  if (!Number.isFinite(errorRate) || errorRate < 0 || errorRate > 1) {
    throw new ConfigError(`${describeSetting('errorRate')}: "${errorRateText}" must be a number from 0 to 1`);
  }
  const config: Config = {
    backend,
    cacheDir,
    sharedCacheDir: sharedCacheDir ? absoluteDir(sharedCacheDir, describeSetting('sharedCacheDir')) : undefined,
    cacheMaxBytes: parseSize(raw('cacheMaxSize') ?? '0', describeSetting('cacheMaxSize')),
    lockDir: absoluteDir(raw('lockDir') ?? path.join(base, 'locks'), describeSetting('lockDir')),
    lockType: lockTypes[lockType] as LockType,
    spoolDir: absoluteDir(raw('spoolDir') ?? path.join(cacheDir, 'spool'), describeSetting('spoolDir')),
    statsDir: statsDir === undefined ? undefined : absoluteDir(statsDir, describeSetting('statsDir')),
    debug: bool('debug', false),
    printStats: bool('printStats', false),
    readOnly: bool('readOnly', false),
    compression: bool('compression', true),
    asyncBackend: bool('asyncBackend', true),
    errorRate,
    uploadWaitMs: parseDuration(raw('uploadWait') ?? '60s', describeSetting('uploadWait')),
    drainTimeoutMs: parseDuration(raw('drainTimeout') ?? '5m', describeSetting('drainTimeout')),
    remoteTimeoutMs: parseDuration(raw('remoteTimeout') ?? '10s', describeSetting('remoteTimeout')),
    uploadConcurrency: parseInteger(raw('uploadConcurrency') ?? '16', describeSetting('uploadConcurrency'), 1, 256),
    manifestKey: raw('manifestKey'),
    manifestRestoreKeys: (raw('manifestRestoreKeys') ?? '').split(/[,\n]/).map((k) => k.trim()).filter((k) => k !== ''),
    prefetchConcurrency: parseInteger(raw('prefetchConcurrency') ?? '32', describeSetting('prefetchConcurrency'), 1, 256),
    prefetchTimeoutMs: parseDuration(raw('prefetchTimeout') ?? '10m', describeSetting('prefetchTimeout')),
    pack: bool('pack', true),
    listKeys: bool('listKeys', true),
    socket: raw('socket'),
    serverFile: raw('serverFile') === undefined ? undefined : absoluteDir(raw('serverFile') as string, describeSetting('serverFile')),
    statsFile: raw('statsFile') === undefined ? undefined : absoluteDir(raw('statsFile') as string, describeSetting('statsFile')),
  };
  config.scopes = parseScopes(raw('scope'), raw('readScopes'));
  if (config.socket !== undefined) parseSocketAddress(config.socket, describeSetting('socket'));
  if (config.remoteTimeoutMs <= 0) throw new ConfigError(`${describeSetting('remoteTimeout')}: must be more than 0`);
  const bucket = raw('s3Bucket');
  if (backend === 's3') {
    if (!bucket) throw new ConfigError(`${describeSetting('s3Bucket')} is required with -backend s3`);
    const endpoint = raw('s3Endpoint');
    if (endpoint !== undefined && !/^https?:\/\/[^\s/]+/.test(endpoint)) {
      throw new ConfigError(`${describeSetting('s3Endpoint')}: "${redactUrlCredentials(endpoint)}" must be an http(s) URL`);
    }
    config.s3 = {
      bucket,
      prefix: checkedPrefix(raw('s3Prefix') ?? 'gobuildcache/'),
      region: raw('s3Region'),
      endpoint,
      pathStyle: bool('s3PathStyle', false),
      // Every object carries its own size and sha256, checked before go sees it, so the SDK's
      // CRC32 (pure JS, on every GET and PUT) only costs CPU; some non-AWS stores reject it too.
      checksumWhenRequired: bool('s3ChecksumWhenRequired', true),
      directRequests: bool('s3DirectRequests', true),
    };
  }
  return config;
}

function parseScopes(scope: string | undefined, readScopes: string | undefined): Scopes | undefined {
  const trusted = (readScopes ?? '').split(/[,\n]/).map((s) => s.trim()).filter((s) => s !== '');
  if (scope === undefined) {
    if (trusted.length > 0) throw new ConfigError(`${describeSetting('readScopes')} needs ${describeSetting('scope')}: a reader reads its own scope first`);
    return undefined;
  }
  const write = scope.trim();
  for (const [name, what] of [[write, 'scope'], ...trusted.map((t) => [t, 'readScopes'] as const)] as const) {
    const problem = scopeNameProblem(name);
    if (problem) throw new ConfigError(`${describeSetting(what)}: ${problem}`);
  }
  return makeScopes(write, trusted);
}

export type SocketAddress = { kind: 'unix'; path: string } | { kind: 'tcp'; host: string; port: number };

/**
 * A job server's address: `unix:/abs/path` (or just the absolute path), where the socket's
 * directory keeps other users out; or `tcp:127.0.0.1:PORT` (port 0 picks one), loopback only,
 * for platforms without Unix sockets: clients then present the token from the server file.
 */
export function parseSocketAddress(value: string, what = 'socket'): SocketAddress {
  const unix = value.startsWith('unix:') ? value.slice(5) : value;
  if (path.isAbsolute(unix)) return { kind: 'unix', path: path.normalize(unix) };
  const tcp = /^tcp:(127\.0\.0\.1|localhost|\[::1\]):(\d{1,5})$/.exec(value);
  if (tcp && Number(tcp[2]) <= 65535) return { kind: 'tcp', host: tcp[1] === '[::1]' ? '::1' : (tcp[1] as string), port: Number(tcp[2]) };
  throw new ConfigError(`${what}: "${value}" is not unix:/absolute/path or tcp:127.0.0.1:PORT (loopback only)`);
}

function checkedPrefix(value: string): string {
  const problem = prefixProblem(value);
  if (problem) throw new ConfigError(`${describeSetting('s3Prefix')}: ${problem}`);
  return normalizePrefix(value);
}

/** '' stays '' (the whole bucket); anything else ends in exactly one '/'. */
export function normalizePrefix(prefix: string): string {
  const trimmed = prefix.replace(/^\/+/, '').replace(/\/+$/, '');
  return trimmed === '' ? '' : `${trimmed}/`;
}

export function usage(): string {
  const lines = [
    'gobuildcache-action: a GOCACHEPROG server with a local disk cache and an optional S3 remote.',
    '',
    'Usage: GOCACHEPROG="node /path/to/dist/cacheprog/index.js [flags]" go build ./...',
    '       node dist/cacheprog/index.js <subcommand> [flags]',
    '',
    'Subcommands:',
    '  (none), serve   speak the GOCACHEPROG protocol on stdin/stdout (one go command); with -socket,',
    '                  be the job\'s cache server there, for every go command that connects through the bridge',
    '  finish          ask the job server at -socket (or -server-file) to finish: wait for uploads up to',
    '                  -drain-timeout, spool the rest, write its statistics, exit',
    '  clear-local     delete the local cache directory',
    '  clear-remote    delete every object under the S3 prefix, or only -scope\'s (an empty prefix needs -yes)',
    '  clear           both of the above',
    '  drain           upload everything waiting in the spool; exits 0 only when it is empty',
    '  prefetch        download the entries a manifest (-manifest-key, then -manifest-restore-keys) lists',
    '                  into the local cache before go asks for them; once its flags parse it exits 0',
    '  save-manifest   record the action ids the go processes used (read from -stats-dir) as the',
    '                  manifest -manifest-key, for the next run\'s prefetch',
    '  normalize-mtimes',
    '                  set the modification time of every file and directory git tracks under the',
    '                  current directory to a function of its content, so test results go cached',
    '                  on one checkout are found again on a fresh one (golang/go#58571)',
    '  trim            remove least recently used entries from the local cache until it takes at',
    '                  most 90% of -cache-max-size; entries used within the last hour stay',
    '  help            this text',
    '',
    'Flags (each also read from GOBUILDCACHE_<KEY>, then <KEY>):',
  ];
  for (const name of Object.keys(SETTINGS) as SettingName[]) lines.push(`  ${describeSetting(name)}`);
  return lines.join('\n');
}
