import os from 'node:os';
import path from 'node:path';
import * as core from '@actions/core';
import { isDirectoryBucket } from '../cacheprog/remote/s3/client.js';
import { ConfigError, parseInputBoolean } from '../settings/parse.js';
import {
  INPUT_DEFAULTS,
  Inputs,
  SETTINGS,
  type InputSettingName,
  type NativeCache,
  type Setting,
  type SettingValue,
} from '../settings/table.js';
import { actionsCacheAvailability } from './actions-cache.js';
import { SELF_HOSTED_CACHE_MAX_BYTES } from './constants.js';

export type BackendChoice = 'disk' | 's3' | 'gcs' | 'github';

export interface S3Inputs {
  bucket: string;
  prefix: string;
  region?: string;
  endpoint?: string;
  pathStyle: boolean;
}

export interface GcsInputs {
  bucket: string;
  prefix: string;
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
  gcs?: GcsInputs;
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
  nativeCache: NativeCache;
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

/**
 * Reads one input through its setting's parser (table.ts), the one the server uses for the same
 * setting, so the action accepts exactly what GOBUILDCACHE_* accepts (booleans: the YAML spellings).
 */
export function parseInput<K extends InputSettingName>(name: K, value: string): SettingValue<K> {
  const setting: Setting = SETTINGS[name];
  const input = setting.input as Inputs;
  try {
    return (setting.boolean ? parseInputBoolean(value, input) : setting.parse(value, input)) as SettingValue<K>;
  } catch (err) {
    if (err instanceof ConfigError) throw new InputError(input, err.detail);
    throw err;
  }
}

export type InputReader = (name: Inputs) => string;

/** Reads through @actions/core, which maps `s3-bucket` to INPUT_S3-BUCKET. */
export const coreInputReader: InputReader = (name) => core.getInput(name);

export function readInputs(read: InputReader = coreInputReader, env: NodeJS.ProcessEnv = process.env): ActionInputs {
  const get = (name: Inputs): string => {
    const value = read(name).trim();
    return value === '' ? INPUT_DEFAULTS[name] : value;
  };
  /** The setting's value; an empty input (with an empty default) is undefined, decided here at run time. */
  const value = <K extends InputSettingName>(name: K): SettingValue<K> | undefined => {
    const text = get((SETTINGS[name] as Setting).input as Inputs);
    return text === '' ? undefined : parseInput(name, text);
  };
  const bool = (name: InputSettingName): boolean => value(name) as boolean;

  const bucket = get(Inputs.S3Bucket);
  const gcsBucket = get(Inputs.GcsBucket);
  const backendText = get(Inputs.Backend).toLowerCase();
  let backend: BackendChoice;
  let backendReason: string;
  let backendFallback: string | undefined;
  const actionsCache = actionsCacheAvailability(env);
  if (backendText === '') {
    if (bucket && gcsBucket)
      throw new InputError(Inputs.Backend, 'both s3-bucket and gcs-bucket are set; accepted values here: s3, gcs');
    if (bucket) [backend, backendReason] = ['s3', 's3-bucket is set'];
    else if (gcsBucket) [backend, backendReason] = ['gcs', 'gcs-bucket is set'];
    else if (actionsCache.available)
      [backend, backendReason] = [
        'github',
        'no bucket (s3-bucket, gcs-bucket) is set and the job runs on GitHub Actions',
      ];
    else
      [backend, backendReason] = [
        'disk',
        `no bucket (s3-bucket, gcs-bucket) is set and the Actions cache is not available: ${actionsCache.reason}`,
      ];
  } else if (backendText === 'disk' || backendText === 's3' || backendText === 'gcs') {
    [backend, backendReason] = [backendText, `backend: ${backendText} is set`];
  } else if (backendText === 'github') {
    if (actionsCache.available) [backend, backendReason] = ['github', 'backend: github is set'];
    else
      [backend, backendReason, backendFallback] = [
        'disk',
        `backend: github is set, but the Actions cache is not available: ${actionsCache.reason}`,
        actionsCache.reason,
      ];
  } else {
    throw new InputError(
      Inputs.Backend,
      `"${backendText}" is not a backend; accepted values: disk, s3, gcs, github (or leave it empty: s3 when s3-bucket is set, gcs when gcs-bucket is set, else github on GitHub Actions, else disk)`,
    );
  }

  let s3: S3Inputs | undefined;
  if (backend === 's3') {
    if (!bucket) {
      throw new InputError(
        Inputs.S3Bucket,
        'is required when backend is s3; set s3-bucket to the bucket name (e.g. my-cache--use1-az4--x-s3), or use backend: disk',
      );
    }
    s3 = {
      bucket: validateBucket(bucket, Inputs.S3Bucket),
      prefix: value('s3Prefix') ?? '',
      region: value('s3Region'),
      endpoint: value('s3Endpoint'),
      pathStyle: bool('s3PathStyle'),
    };
    if (s3.pathStyle && isDirectoryBucket(s3.bucket)) {
      throw new InputError(
        Inputs.S3PathStyle,
        'S3 Express One Zone directory buckets (names ending in --x-s3) only accept virtual-hosted requests; accepted value here: false',
      );
    }
  }

  let gcs: GcsInputs | undefined;
  if (backend === 'gcs') {
    if (!gcsBucket)
      throw new InputError(Inputs.GcsBucket, 'is required when backend is gcs; set gcs-bucket to the bucket name');
    gcs = { bucket: validateBucket(gcsBucket, Inputs.GcsBucket), prefix: value('gcsPrefix') ?? '' };
  }

  return {
    backend,
    backendReason,
    ...(backendFallback !== undefined ? { backendFallback } : {}),
    cacheModules: bool('cacheModules'),
    s3,
    gcs,
    // Empty: under RUNNER_TEMP, where the job's other files go.
    cacheDir: value('cacheDir') ?? path.join(env.RUNNER_TEMP || os.tmpdir(), 'gobuildcache', 'cache'),
    // Empty: a cap only where the disk outlives the job (RUNNER_ENVIRONMENT is set by the runner).
    cacheMaxBytes:
      value('cacheMaxSize') ?? (env.RUNNER_ENVIRONMENT === 'self-hosted' ? SELF_HOSTED_CACHE_MAX_BYTES : 0),
    readOnly: bool('readOnly'),
    compression: bool('compression'),
    summary: bool('summary'),
    debug: bool('debug'),
    uploadWaitMs: value('uploadWait') as number,
    drainTimeoutMs: value('drainTimeout') as number,
    remoteCheckTimeoutMs: value('remoteCheckTimeout') as number,
    prefetch: bool('prefetch'),
    manifestKey: value('manifestKey'),
    manifestRestoreKeys: value('manifestRestoreKeys') ?? [],
    matrix: value('matrix') ?? '',
    scope: value('scope'),
    trustedBranches: value('trustedBranches') ?? [],
    normalizeMtimes: bool('normalizeMtimes'),
    jobServer: bool('jobServer'),
    nativeCache: value('nativeCache') as NativeCache,
    saveUntrustedEvents: bool('saveUntrustedEvents'),
  };
}

function validateBucket(bucket: string, input: typeof Inputs.S3Bucket | typeof Inputs.GcsBucket): string {
  if (/^(s3|gs):\/\//i.test(bucket)) {
    throw new InputError(
      input,
      `"${bucket}" is a URL; accepted: the bare bucket name (put any path in ${input === Inputs.S3Bucket ? 's3-prefix' : 'gcs-prefix'})`,
    );
  }
  // Loose on purpose: S3, directory buckets and other vendors differ in the details, and the
  // remote check reports what the store itself says. This only catches values that can't be a name.
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{1,253}[A-Za-z0-9]$/.test(bucket)) {
    throw new InputError(
      input,
      `"${bucket}" is not a bucket name; accepted: 3-255 letters, digits, '.', '-' or '_', starting and ending with a letter or digit`,
    );
  }
  return bucket;
}
