// Every setting once: its CLI flag, env keys, action input, defaults and parser. The CLI's flags,
// its env reading, `help`, the action's inputs (action.yml, their validation, their defaults) and
// the env the action hands the server all come from here; descriptions.ts holds the words and
// docs.ts checks action.yml, README.md and docs/cli.md against both.
import {
  absoluteDir,
  choiceOf,
  durationOf,
  integerOf,
  parseBoolean,
  parseDuration,
  parseEndpoint,
  parseFraction,
  parseList,
  parsePrefix,
  parseScopeName,
  parseSize,
  parseText,
} from './parse.js';

export interface Setting<T = unknown> {
  /** The CLI flag, without its dash; absent: an action input only. */
  readonly flag?: string;
  /** Env keys, read as GOBUILDCACHE_<KEY> first, then <KEY>; the action passes the first, prefixed. */
  readonly env: readonly string[];
  /** The action's input of this name, when the action has one. */
  readonly input?: string;
  /** The default as text, read like a given value; absent: none, or one computed at run time. */
  readonly default?: string;
  /** action.yml's default where it differs from `default` ('': decided at run time, see inputs.ts). */
  readonly inputDefault?: string;
  /** What the docs show as the default where the code computes it (markdown). */
  readonly defaultNote?: string;
  /** A bare `-flag` means true; an input takes only the YAML spellings (parse.ts). */
  readonly boolean?: true;
  parse(value: string, what: string): T;
  /** The text the parser reads back as this value (String when absent). */
  format?(value: T): string;
}

const BOOL = { boolean: true, parse: parseBoolean } as const;
const DURATION = { parse: parseDuration, format: (ms: number) => `${ms}ms` } as const;
const DIR = { parse: absoluteDir } as const;
const TEXT = { parse: parseText } as const;
const LIST = { parse: (value: string) => parseList(value), format: (items: string[]) => items.join(',') } as const;

/** The backends whose cache lives in a bucket (an ObjectStore, see remote/open-remote.ts). */
export type RemoteBackendType = 's3' | 'gcs';
export type BackendType = 'disk' | RemoteBackendType;
/** Every value of BackendType, for code that checks a stored one. */
export const BACKENDS: readonly string[] = ['disk', 's3', 'gcs'] satisfies BackendType[];

/** Whether a backend keeps its cache in a bucket: the one test the steps and the server make. */
export function isRemoteBackend(backend: string | undefined): backend is RemoteBackendType {
  return backend === 's3' || backend === 'gcs';
}
export type LockType = 'fslock' | 'memory' | 'noop';
export type NativeCache = 'auto' | 'true' | 'false';

export const SETTINGS = {
  backend: {
    flag: 'backend',
    env: ['BACKEND_TYPE', 'BACKEND'],
    input: 'backend',
    default: 'disk',
    inputDefault: '',
    parse: choiceOf<BackendType>('backend', { disk: 'disk', s3: 's3', gcs: 'gcs' }, 'disk, s3, gcs'),
  },
  cacheDir: {
    flag: 'cache-dir',
    env: ['CACHE_DIR'],
    input: 'cache-dir',
    inputDefault: '',
    defaultNote: '`$TMPDIR/gobuildcache/cache`',
    ...DIR,
  },
  sharedCacheDir: { flag: 'shared-cache-dir', env: ['SHARED_CACHE_DIR'], defaultNote: 'none', ...DIR },
  cacheMaxSize: {
    flag: 'cache-max-size',
    env: ['CACHE_MAX_SIZE'],
    input: 'cache-max-size',
    default: '0',
    inputDefault: '',
    defaultNote: '(no cap)',
    parse: parseSize,
  },
  lockDir: { flag: 'lock-dir', env: ['LOCK_DIR'], defaultNote: '`$TMPDIR/gobuildcache/locks`', ...DIR },
  lockType: {
    flag: 'lock-type',
    env: ['LOCK_TYPE'],
    default: 'fslock',
    parse: choiceOf<LockType>(
      'lock type',
      { fslock: 'fslock', fs: 'fslock', memory: 'memory', noop: 'noop' },
      'fslock, memory, noop',
    ),
  },
  s3Bucket: { flag: 's3-bucket', env: ['S3_BUCKET'], input: 's3-bucket', inputDefault: '', ...TEXT },
  s3Prefix: { flag: 's3-prefix', env: ['S3_PREFIX'], input: 's3-prefix', default: 'gobuildcache/', parse: parsePrefix },
  s3Region: {
    flag: 's3-region',
    env: ['AWS_REGION', 'AWS_DEFAULT_REGION'],
    input: 's3-region',
    inputDefault: '',
    defaultNote: 'SDK chain',
    ...TEXT,
  },
  s3Endpoint: {
    flag: 's3-endpoint',
    env: ['AWS_ENDPOINT_URL_S3', 'AWS_ENDPOINT_URL'],
    input: 's3-endpoint',
    inputDefault: '',
    defaultNote: 'AWS',
    parse: parseEndpoint,
  },
  s3PathStyle: {
    flag: 's3-path-style',
    env: ['AWS_S3_USE_PATH_STYLE'],
    input: 's3-path-style',
    default: 'false',
    ...BOOL,
  },
  s3ChecksumWhenRequired: {
    flag: 's3-checksum-when-required',
    env: ['S3_CHECKSUM_WHEN_REQUIRED'],
    default: 'true',
    ...BOOL,
  },
  s3DirectRequests: { flag: 's3-direct-requests', env: ['S3_DIRECT_REQUESTS'], default: 'true', ...BOOL },
  gcsBucket: { flag: 'gcs-bucket', env: ['GCS_BUCKET'], input: 'gcs-bucket', inputDefault: '', ...TEXT },
  gcsPrefix: {
    flag: 'gcs-prefix',
    env: ['GCS_PREFIX'],
    input: 'gcs-prefix',
    default: 'gobuildcache/',
    parse: parsePrefix,
  },
  readOnly: { flag: 'read-only', env: ['READ_ONLY'], input: 'read-only', default: 'false', ...BOOL },
  compression: { flag: 'compression', env: ['COMPRESSION'], input: 'compression', default: 'true', ...BOOL },
  asyncBackend: { flag: 'async-backend', env: ['ASYNC_BACKEND'], default: 'true', ...BOOL },
  uploadWait: {
    flag: 'upload-wait',
    env: ['UPLOAD_WAIT'],
    input: 'upload-wait',
    default: '60s',
    inputDefault: '10s',
    ...DURATION,
  },
  drainTimeout: { flag: 'drain-timeout', env: ['DRAIN_TIMEOUT'], input: 'drain-timeout', default: '5m', ...DURATION },
  remoteTimeout: { flag: 'remote-timeout', env: ['REMOTE_TIMEOUT'], default: '10s', ...DURATION, parse: durationOf(1) },
  uploadConcurrency: {
    flag: 'upload-concurrency',
    env: ['UPLOAD_CONCURRENCY'],
    default: '16',
    parse: integerOf(1, 256),
  },
  spoolDir: { flag: 'spool-dir', env: ['SPOOL_DIR'], defaultNote: '`<cache-dir>/spool`', ...DIR },
  statsDir: { flag: 'stats-dir', env: ['STATS_DIR'], ...DIR },
  printStats: { flag: 'stats', env: ['PRINT_STATS'], default: 'false', ...BOOL },
  debug: { flag: 'debug', env: ['DEBUG'], input: 'debug', default: 'false', ...BOOL },
  errorRate: { flag: 'error-rate', env: ['ERROR_RATE'], default: '0', parse: parseFraction },
  manifestKey: { flag: 'manifest-key', env: ['MANIFEST_KEY'], input: 'manifest-key', inputDefault: '', ...TEXT },
  manifestRestoreKeys: {
    flag: 'manifest-restore-keys',
    env: ['MANIFEST_RESTORE_KEYS'],
    input: 'manifest-restore-keys',
    inputDefault: '',
    ...LIST,
  },
  prefetchConcurrency: {
    flag: 'prefetch-concurrency',
    env: ['PREFETCH_CONCURRENCY'],
    default: '32',
    parse: integerOf(1, 256),
  },
  prefetchTimeout: { flag: 'prefetch-timeout', env: ['PREFETCH_TIMEOUT'], default: '10m', ...DURATION },
  listKeys: { flag: 'list-keys', env: ['LIST_KEYS'], default: 'true', ...BOOL },
  // Flag only: an exported env value would turn the bridge's per-process fallback into a second server.
  socket: { flag: 'socket', env: [], ...TEXT },
  statsFile: { flag: 'stats-file', env: ['STATS_FILE'], ...DIR },
  serverFile: { flag: 'server-file', env: [], ...DIR },
  yes: { flag: 'yes', env: [], default: 'false', ...BOOL },
  pack: { flag: 'pack', env: ['PACK'], default: 'true', ...BOOL },
  scope: { flag: 'scope', env: ['SCOPE'], input: 'scope', inputDefault: '', parse: parseScopeName },
  // Names are checked once a scope is known (config.ts): without -scope they are an error of their own.
  readScopes: { flag: 'read-scopes', env: ['READ_SCOPES'], ...LIST },

  // The action's own inputs: how it runs, not how the server does.
  summary: { env: [], input: 'summary', default: 'true', ...BOOL },
  remoteCheckTimeout: { env: [], input: 'remote-check-timeout', default: '5s', ...DURATION, parse: durationOf(1) },
  prefetch: { env: [], input: 'prefetch', default: 'true', ...BOOL },
  matrix: { env: [], input: 'matrix', inputDefault: '', ...TEXT },
  trustedBranches: { env: [], input: 'trusted-branches', inputDefault: '', ...LIST },
  normalizeMtimes: { env: [], input: 'normalize-mtimes', default: 'true', ...BOOL },
  jobServer: { env: [], input: 'job-server', default: 'true', ...BOOL },
  nativeCache: {
    env: [],
    input: 'native-cache',
    default: 'auto',
    parse: choiceOf<NativeCache>(
      'native-cache value',
      { auto: 'auto', true: 'true', false: 'false' },
      'auto, true, false',
    ),
  },
  saveUntrustedEvents: { env: [], input: 'save-untrusted-events', default: 'false', ...BOOL },
  cacheModules: { env: [], input: 'cache-modules', default: 'true', ...BOOL },
  // Each setting parses to a type of its own; the table holds them all, so its element type is open.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
} as const satisfies Record<string, Setting<any>>;

export type SettingName = keyof typeof SETTINGS;
export type SettingValue<K extends SettingName> = ReturnType<(typeof SETTINGS)[K]['parse']>;

type NamesWith<P extends string> = {
  [K in SettingName]: (typeof SETTINGS)[K] extends Record<P, unknown> ? K : never;
}[SettingName];
export type FlagSettingName = NamesWith<'flag'>;
export type InputSettingName = NamesWith<'input'>;
/** The settings the server reads from the environment. */
export type EnvSettingName = Exclude<FlagSettingName, 'socket' | 'serverFile' | 'yes'>;

const entries = Object.entries(SETTINGS) as [SettingName, Setting][];

/** The action's inputs by name, e.g. Inputs.S3Bucket is 's3-bucket' (action.yml declares the same). */
export const Inputs = Object.fromEntries(
  entries
    .filter(([, s]) => s.input !== undefined)
    .map(([name, s]) => [name.charAt(0).toUpperCase() + name.slice(1), s.input]),
) as { readonly [K in InputSettingName as Capitalize<K>]: (typeof SETTINGS)[K] extends { input: infer I } ? I : never };
export type Inputs = (typeof Inputs)[keyof typeof Inputs];

/**
 * Defaults as action.yml declares them. The runner fills these in, but a run outside the runner
 * (local-action, a test) sends nothing, so the code applies the same values to an empty input.
 */
export const INPUT_DEFAULTS = Object.fromEntries(
  entries.filter(([, s]) => s.input !== undefined).map(([, s]) => [s.input, s.inputDefault ?? s.default ?? '']),
) as Record<Inputs, string>;

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

/** How errors and `help` name a setting: `-flag (GOBUILDCACHE_KEY / …)`. */
export function describeSetting(name: FlagSettingName): string {
  const s: Setting = SETTINGS[name];
  const envs = s.env.map((k) => `GOBUILDCACHE_${k}`).join(' / ');
  return envs ? `-${s.flag} (${envs})` : `-${s.flag}`;
}

/** The env variable the action sets for a setting: the first key, prefixed. */
export function envName(name: EnvSettingName): string {
  return `GOBUILDCACHE_${SETTINGS[name].env[0]}`;
}

/**
 * The environment that gives the server these values (undefined ones are left out): the way the
 * action hands its settings to the job server and to each go command's server. Every value goes
 * as GOBUILDCACHE_<KEY>, which the server reads first, so the user's tests keep seeing their own
 * AWS_* settings.
 */
export function settingsEnv(values: { [K in EnvSettingName]?: SettingValue<K> }): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(values) as [EnvSettingName, unknown][]) {
    if (value === undefined) continue;
    const s: Setting = SETTINGS[name];
    env[envName(name)] = s.format ? s.format(value) : typeof value === 'string' ? value : JSON.stringify(value);
  }
  return env;
}
