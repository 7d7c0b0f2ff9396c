import os from 'node:os';
import path from 'node:path';
import * as core from '@actions/core';
import { ConfigError, parseDuration, parseSize } from '../cacheprog/config.js';
import { redactUrlCredentials } from '../cacheprog/redact.js';
import { prefixProblem } from '../cacheprog/remote/prefix.js';
import { isDirectoryBucket } from '../cacheprog/remote/s3/client.js';
import { scopeNameProblem } from '../cacheprog/remote/scopes.js';
import { actionsCacheAvailability } from './actions-cache.js';
import { INPUT_DEFAULTS, Inputs, SELF_HOSTED_CACHE_MAX_BYTES } from './constants.js';

export type BackendChoice = 'disk' | 's3' | 'github';

export interface S3Inputs {
  bucket: string;
  prefix: string;
  region?: string;
  endpoint?: string;
  pathStyle: boolean;
}

export interface ActionInputs {
  backend: BackendChoice;
  /** Why this backend: shown in the log and the job summary. */
  backendReason: string;
  /** backend: github was asked for but cannot be used here; the job runs on disk (one warning). */
  backendFallback?: string;
  /** Restore and save GOMODCACHE's downloads through the Actions cache. */
  cacheModules: boolean;
  s3?: S3Inputs;
  cacheDir: string;
  /** Size cap of the local cache in bytes; 0: none. */
  cacheMaxBytes: number;
  readOnly: boolean;
  compression: boolean;
  summary: boolean;
  debug: boolean;
  uploadWaitMs: number;
  drainTimeoutMs: number;
  remoteCheckTimeoutMs: number;
  /** Prefetch from the job's manifest in the background, and record the manifest for the next run. */
  prefetch: boolean;
  /** Empty: computed from the job (see manifest-keys.ts). */
  manifestKey?: string;
  manifestRestoreKeys: string[];
  /** toJSON(matrix) as the workflow passed it, '' when not given. */
  matrix: string;
  /** The trust scope to write; empty: derived from the event (see scopes.ts). */
  scope?: string;
  /** Branches that write the default branch's scope too. */
  trustedBranches: string[];
  /** Set the checkout's file times from their content before any go command (issue 12). */
  normalizeMtimes: boolean;
  /** One cache server for the whole job behind the bridge; false: one server per go command. */
  jobServer: boolean;
  /** backend github: save in runs of events that build pull-request code in the base branch's scope. */
  saveUntrustedEvents: boolean;
}

/** A wrong input: the one problem that fails the step, because only the workflow author can fix it. */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(
    readonly input: Inputs,
    message: string,
  ) {
    super(`Input "${input}": ${message}`);
  }
}

export type InputReader = (name: Inputs) => string;

/** Reads through @actions/core, which maps `s3-bucket` to INPUT_S3-BUCKET. */
export const coreInputReader: InputReader = (name) => core.getInput(name);

// The YAML 1.2 core schema spellings, the same set core.getBooleanInput accepts.
const TRUE = new Set(['true', 'True', 'TRUE']);
const FALSE = new Set(['false', 'False', 'FALSE']);

export function readInputs(read: InputReader = coreInputReader, env: NodeJS.ProcessEnv = process.env): ActionInputs {
  const get = (name: Inputs): string => {
    const value = read(name).trim();
    return value === '' ? INPUT_DEFAULTS[name] : value;
  };
  const bool = (name: Inputs): boolean => {
    const value = get(name);
    if (TRUE.has(value)) return true;
    if (FALSE.has(value)) return false;
    throw new InputError(name, `"${value}" is not a boolean; accepted values: true, false`);
  };
  const duration = (name: Inputs, min: number): number => {
    const value = get(name);
    let ms: number;
    try {
      // The server's own parser, so the action accepts exactly what GOBUILDCACHE_* accepts.
      ms = parseDuration(value, name);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      throw new InputError(name, `"${value}" is not a duration; accepted: a number with a unit ms, s, m or h (e.g. 500ms, 10s, 5m)`);
    }
    if (ms < min) throw new InputError(name, `"${value}" is too short; it must be at least ${min} ms`);
    return ms;
  };

  const bucket = get(Inputs.S3Bucket);
  const backendText = get(Inputs.Backend).toLowerCase();
  let backend: BackendChoice;
  let backendReason: string;
  let backendFallback: string | undefined;
  const actionsCache = actionsCacheAvailability(env);
  if (backendText === '') {
    if (bucket) [backend, backendReason] = ['s3', 's3-bucket is set'];
    else if (actionsCache.available) [backend, backendReason] = ['github', 'no s3-bucket is set and the job runs on GitHub Actions'];
    else [backend, backendReason] = ['disk', `no s3-bucket is set and the Actions cache is not available: ${actionsCache.reason}`];
  } else if (backendText === 'disk' || backendText === 's3') {
    [backend, backendReason] = [backendText, `backend: ${backendText} is set`];
  } else if (backendText === 'github') {
    if (actionsCache.available) [backend, backendReason] = ['github', 'backend: github is set'];
    else [backend, backendReason, backendFallback] = ['disk', `backend: github is set, but the Actions cache is not available: ${actionsCache.reason}`, actionsCache.reason];
  } else {
    throw new InputError(Inputs.Backend, `"${backendText}" is not a backend; accepted values: disk, s3, github (or leave it empty: s3 when s3-bucket is set, else github on GitHub Actions, else disk)`);
  }

  let s3: S3Inputs | undefined;
  if (backend === 's3') {
    if (!bucket) {
      throw new InputError(Inputs.S3Bucket, 'is required when backend is s3; set s3-bucket to the bucket name (e.g. my-cache--use1-az4--x-s3), or use backend: disk');
    }
    s3 = {
      bucket: validateBucket(bucket),
      prefix: validatePrefix(get(Inputs.S3Prefix)),
      region: get(Inputs.S3Region) || undefined,
      endpoint: validateEndpoint(get(Inputs.S3Endpoint)),
      pathStyle: bool(Inputs.S3PathStyle),
    };
    if (s3.pathStyle && isDirectoryBucket(s3.bucket)) {
      throw new InputError(Inputs.S3PathStyle, 'S3 Express One Zone directory buckets (names ending in --x-s3) only accept virtual-hosted requests; accepted value here: false');
    }
  }

  return {
    backend,
    backendReason,
    ...(backendFallback !== undefined ? { backendFallback } : {}),
    cacheModules: bool(Inputs.CacheModules),
    s3,
    cacheDir: validateCacheDir(get(Inputs.CacheDir), env),
    cacheMaxBytes: validateCacheMaxSize(get(Inputs.CacheMaxSize), env),
    readOnly: bool(Inputs.ReadOnly),
    compression: bool(Inputs.Compression),
    summary: bool(Inputs.Summary),
    debug: bool(Inputs.Debug),
    uploadWaitMs: duration(Inputs.UploadWait, 0),
    drainTimeoutMs: duration(Inputs.DrainTimeout, 0),
    remoteCheckTimeoutMs: duration(Inputs.RemoteCheckTimeout, 1),
    prefetch: bool(Inputs.Prefetch),
    manifestKey: get(Inputs.ManifestKey) || undefined,
    // One per line, as actions/cache takes restore-keys; commas are accepted too.
    manifestRestoreKeys: get(Inputs.ManifestRestoreKeys).split(/[\n,]/).map((k) => k.trim()).filter((k) => k !== ''),
    matrix: get(Inputs.Matrix),
    scope: validateScope(get(Inputs.Scope)),
    trustedBranches: get(Inputs.TrustedBranches).split(/[\n,]/).map((b) => b.trim()).filter((b) => b !== ''),
    normalizeMtimes: bool(Inputs.NormalizeMtimes),
    jobServer: bool(Inputs.JobServer),
    saveUntrustedEvents: bool(Inputs.SaveUntrustedEvents),
  };
}

function validateScope(value: string): string | undefined {
  if (value === '') return undefined;
  const problem = scopeNameProblem(value);
  if (problem) throw new InputError(Inputs.Scope, `${problem}; or leave it empty to derive the scope from the event`);
  return value;
}

function validatePrefix(value: string): string {
  const problem = prefixProblem(value);
  if (problem) throw new InputError(Inputs.S3Prefix, `${problem}; accepted: key segments separated by '/', such as gobuildcache/ or ci/my-repo/`);
  return value;
}

function validateBucket(bucket: string): string {
  if (/^s3:\/\//i.test(bucket)) {
    throw new InputError(Inputs.S3Bucket, `"${bucket}" is a URL; accepted: the bare bucket name (put any path in s3-prefix)`);
  }
  // Loose on purpose: S3, directory buckets and other vendors differ in the details, and the
  // remote check reports what the store itself says. This only catches values that can't be a name.
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{1,253}[A-Za-z0-9]$/.test(bucket)) {
    throw new InputError(Inputs.S3Bucket, `"${bucket}" is not a bucket name; accepted: 3-255 letters, digits, '.', '-' or '_', starting and ending with a letter or digit`);
  }
  return bucket;
}

function validateEndpoint(value: string): string | undefined {
  if (value === '') return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InputError(Inputs.S3Endpoint, `"${redactUrlCredentials(value)}" is not a URL; accepted: an http:// or https:// URL such as https://t3.storage.dev`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InputError(Inputs.S3Endpoint, `"${redactUrlCredentials(value)}" uses ${url.protocol}; accepted: an http:// or https:// URL such as https://t3.storage.dev`);
  }
  return value.replace(/\/+$/, '');
}

/** Empty: a cap only where the disk outlives the job (RUNNER_ENVIRONMENT is set by the runner). */
function validateCacheMaxSize(value: string, env: NodeJS.ProcessEnv): number {
  if (value === '') return env.RUNNER_ENVIRONMENT === 'self-hosted' ? SELF_HOSTED_CACHE_MAX_BYTES : 0;
  try {
    // The server's own parser, so the action accepts exactly what GOBUILDCACHE_CACHE_MAX_SIZE accepts.
    return parseSize(value, Inputs.CacheMaxSize);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    throw new InputError(Inputs.CacheMaxSize, `"${value}" is not a size; accepted: a number with a unit such as 10GiB, 500MiB or 2GB, 0 for no cap, or empty for the default`);
  }
}

function validateCacheDir(value: string, env: NodeJS.ProcessEnv): string {
  if (value === '') return path.join(env.RUNNER_TEMP || os.tmpdir(), 'gobuildcache', 'cache');
  if (!path.isAbsolute(value)) {
    throw new InputError(Inputs.CacheDir, `"${value}" is not an absolute path; accepted: an absolute directory such as \${{ runner.temp }}/gobuildcache, or empty for the default under RUNNER_TEMP`);
  }
  return path.normalize(value);
}
