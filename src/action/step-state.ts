// Everything the main step hands to the post step, in one place (as actions/cache's
// stateProvider.ts does): the runner passes each value to the post step as STATE_<key>. A value
// the main step did not save (it stopped early, or the value does not apply) loads as undefined.
import * as core from '@actions/core';
import { BACKENDS, type BackendType } from '../settings/table.js';
import type { SavedState } from './actions-cache-steps.js';
import type { NativeRestore } from './native-cache.js';

export interface StepState {
  /** The backend actually in use: 'disk' after a fallback even when a bucket was asked for. */
  backend: 'github' | BackendType;
  /** The bucket asked for (s3://… or gs://…), even after a fallback: the summary names it. */
  remoteLocation: string;
  /** Every GOBUILDCACHE_* variable the main step exported: the server's settings for the drain and the manifest. */
  cacheEnv: Record<string, string>;
  statsDir: string;
  spoolDir: string;
  /** Why the remote was not used, when the main step fell back to the local cache. */
  remoteFallback: string;
  drainTimeoutMs: number;
  summary: boolean;
  /** The background prefetcher's process id, so the post step can stop it. */
  prefetchPid: number;
  /** The manifest this job's post step writes. */
  manifestKey: string;
  /** What the main step did with the Actions cache (see actions-cache-steps.ts). */
  actionsCache: SavedState;
  /** The job server's file (socket, token, pid): the post step asks it to finish. */
  serverFile: string;
  /** native-cache with s3: go's own cache and what the main step placed in it. */
  nativeCache: NativeRestore;
}

type Codec = 'string' | 'number' | 'boolean' | 'json';

/** Each value's key (STATE_<key>) and how it is written: text as it is, anything else as JSON. */
const FIELDS: { readonly [K in keyof StepState]: { key: string; codec: Codec } } = {
  backend: { key: 'backend', codec: 'string' },
  remoteLocation: { key: 'remote-location', codec: 'string' },
  cacheEnv: { key: 'cache-env', codec: 'json' },
  statsDir: { key: 'stats-dir', codec: 'string' },
  spoolDir: { key: 'spool-dir', codec: 'string' },
  remoteFallback: { key: 'remote-fallback', codec: 'string' },
  drainTimeoutMs: { key: 'drain-timeout-ms', codec: 'number' },
  summary: { key: 'summary', codec: 'boolean' },
  prefetchPid: { key: 'prefetch-pid', codec: 'number' },
  manifestKey: { key: 'manifest-key', codec: 'string' },
  actionsCache: { key: 'actions-cache', codec: 'json' },
  serverFile: { key: 'server-file', codec: 'string' },
  nativeCache: { key: 'native-cache', codec: 'json' },
};

/** The runner's name of a value (tests read a finished main step's state by it). */
export function stateKey(name: keyof StepState): string {
  return FIELDS[name].key;
}

/** Main step: records these values for the post step. */
export function saveStepState(
  values: Partial<StepState>,
  save: (key: string, value: string) => void = core.saveState,
): void {
  for (const [name, value] of Object.entries(values) as [keyof StepState, unknown][]) {
    if (value === undefined) continue;
    const { key, codec } = FIELDS[name];
    save(key, codec === 'json' || typeof value !== 'string' ? JSON.stringify(value) : value);
  }
}

/** Post step: what the main step recorded; a value it did not record, or that does not decode, is absent. */
export function loadStepState(read: (key: string) => string = core.getState): Partial<StepState> {
  const out: Record<string, unknown> = {};
  for (const [name, { key, codec }] of Object.entries(FIELDS)) {
    const text = read(key);
    if (text === '') continue;
    const value = decode(text, codec);
    if (value !== undefined) out[name] = value;
  }
  const state = out as Partial<StepState>;
  if (state.cacheEnv)
    state.cacheEnv = Object.fromEntries(Object.entries(state.cacheEnv).filter((e) => typeof e[1] === 'string'));
  if (state.backend !== undefined && !['github', ...BACKENDS].includes(state.backend)) delete state.backend;
  return state;
}

function decode(text: string, codec: Codec): unknown {
  switch (codec) {
    case 'string':
      return text;
    case 'number': {
      const n = Number(text);
      return Number.isFinite(n) ? n : undefined;
    }
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : undefined;
    case 'json':
      try {
        const value: unknown = JSON.parse(text);
        return typeof value === 'object' && value !== null ? value : undefined;
      } catch {
        return undefined;
      }
  }
}
