import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, parseScopeNames } from '../settings/parse.js';
import {
  describeSetting,
  readEnv,
  SETTINGS,
  type BackendType,
  type FlagSettingName,
  type LockType,
  type Setting,
  type SettingValue,
} from '../settings/table.js';
import { makeScopes, type Scopes } from './remote/scopes.js';

// The parsers live with the settings table; these names are what the rest of the server imports.
export { ConfigError, parseSize } from '../settings/parse.js';
export type { BackendType, LockType } from '../settings/table.js';

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

export interface GcsConfig {
  bucket: string;
  /** '' or ends in '/', like S3Config.prefix. */
  prefix: string;
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
  gcs?: GcsConfig;
}

/** Where a remote backend's objects live, for messages: s3://bucket/prefix/ or gs://bucket/prefix/. */
export function remoteLocation(config: Pick<Config, 's3' | 'gcs'>): string | undefined {
  if (config.s3) return `s3://${config.s3.bucket}/${config.s3.prefix}`;
  if (config.gcs) return `gs://${config.gcs.bucket}/${config.gcs.prefix}`;
  return undefined;
}

export const SUBCOMMANDS = [
  'serve',
  'finish',
  'clear-local',
  'clear-remote',
  'clear',
  'drain',
  'prefetch',
  'save-manifest',
  'normalize-mtimes',
  'trim',
  'help',
] as const;
export type Subcommand = (typeof SUBCOMMANDS)[number];

export interface ParsedCommandLine {
  subcommand: Subcommand;
  config: Config;
  /** clear-remote on an empty prefix needs this explicit confirmation. */
  yes: boolean;
}

/**
 * Go's flag package takes `-name`, `--name`, `-name=value` and `-name value`, and booleans as
 * `-name` or `-name=false`. Rewrite to what node's parseArgs accepts with every option a string.
 */
function normalizeArgs(argv: readonly string[]): string[] {
  const booleans = new Set(FLAGS.filter((s) => s.boolean).map((s) => s.flag));
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

const FLAGS = Object.values(SETTINGS).filter((s: Setting) => s.flag !== undefined) as (Setting & { flag: string })[];

export function parseCommandLine(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): ParsedCommandLine {
  const options = Object.fromEntries(FLAGS.map((s) => [s.flag, { type: 'string' as const }]));
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
  const raw = (name: FlagSettingName): string | undefined => {
    const s: Setting = SETTINGS[name];
    return flags[s.flag as string] ?? readEnv(env, s.env);
  };
  // Parsed when asked for only: a setting the run does not use (an S3 endpoint with -backend disk) is never an error.
  const get = <K extends FlagSettingName>(name: K): SettingValue<K> | undefined => {
    const s: Setting = SETTINGS[name];
    const text = raw(name) ?? s.default;
    return text === undefined ? undefined : (s.parse(text, describeSetting(name)) as SettingValue<K>);
  };
  return { subcommand: sub as Subcommand, config: buildConfig(raw, get), yes: get('yes') as boolean };
}

type Getter = <K extends FlagSettingName>(name: K) => SettingValue<K> | undefined;

function buildConfig(raw: (name: FlagSettingName) => string | undefined, get: Getter): Config {
  const backend = get('backend') as BackendType;
  const base = path.join(os.tmpdir(), 'gobuildcache');
  const cacheDir = get('cacheDir') ?? path.join(base, 'cache');
  const config: Config = {
    backend,
    cacheDir,
    sharedCacheDir: raw('sharedCacheDir') ? get('sharedCacheDir') : undefined,
    cacheMaxBytes: get('cacheMaxSize') as number,
    lockDir: get('lockDir') ?? path.join(base, 'locks'),
    lockType: get('lockType') as LockType,
    spoolDir: get('spoolDir') ?? path.join(cacheDir, 'spool'),
    statsDir: get('statsDir'),
    debug: get('debug') as boolean,
    printStats: get('printStats') as boolean,
    readOnly: get('readOnly') as boolean,
    compression: get('compression') as boolean,
    asyncBackend: get('asyncBackend') as boolean,
    errorRate: get('errorRate') as number,
    uploadWaitMs: get('uploadWait') as number,
    drainTimeoutMs: get('drainTimeout') as number,
    remoteTimeoutMs: get('remoteTimeout') as number,
    uploadConcurrency: get('uploadConcurrency') as number,
    manifestKey: get('manifestKey'),
    manifestRestoreKeys: get('manifestRestoreKeys') ?? [],
    prefetchConcurrency: get('prefetchConcurrency') as number,
    prefetchTimeoutMs: get('prefetchTimeout') as number,
    pack: get('pack') as boolean,
    listKeys: get('listKeys') as boolean,
    socket: get('socket'),
    serverFile: get('serverFile'),
    statsFile: get('statsFile'),
  };
  config.scopes = parseScopes(get, raw('readScopes'));
  if (config.socket !== undefined) parseSocketAddress(config.socket, describeSetting('socket'));
  if (backend === 's3') {
    const bucket = get('s3Bucket');
    if (!bucket) throw new ConfigError(`${describeSetting('s3Bucket')} is required with -backend s3`);
    config.s3 = {
      bucket,
      prefix: get('s3Prefix') as string,
      region: get('s3Region'),
      endpoint: get('s3Endpoint'),
      pathStyle: get('s3PathStyle') as boolean,
      // Every object carries its own size and sha256, checked before go sees it, so the SDK's
      // CRC32 (pure JS, on every GET and PUT) only costs CPU; some non-AWS stores reject it too.
      checksumWhenRequired: get('s3ChecksumWhenRequired') as boolean,
      directRequests: get('s3DirectRequests') as boolean,
    };
  }
  if (backend === 'gcs') {
    const bucket = get('gcsBucket');
    if (!bucket) throw new ConfigError(`${describeSetting('gcsBucket')} is required with -backend gcs`);
    config.gcs = { bucket, prefix: get('gcsPrefix') as string };
  }
  return config;
}

/** -read-scopes means nothing without -scope: a reader reads its own scope first. */
function parseScopes(get: Getter, readScopes: string | undefined): Scopes | undefined {
  const write = get('scope');
  if (write === undefined) {
    if (get('readScopes')?.length)
      throw new ConfigError(
        `${describeSetting('readScopes')} needs ${describeSetting('scope')}: a reader reads its own scope first`,
      );
    return undefined;
  }
  return makeScopes(write, parseScopeNames(readScopes ?? '', describeSetting('readScopes')));
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
  if (tcp && Number(tcp[2]) <= 65535)
    return { kind: 'tcp', host: tcp[1] === '[::1]' ? '::1' : tcp[1], port: Number(tcp[2]) };
  throw new ConfigError(what, `"${value}" is not unix:/absolute/path or tcp:127.0.0.1:PORT (loopback only)`);
}
