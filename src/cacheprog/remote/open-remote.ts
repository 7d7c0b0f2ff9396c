import type { Config } from '../config.js';
import type { Stats } from '../stats.js';
import type { Backend } from './backend.js';
import { CircuitBreakerBackend, type CircuitBreakerOptions } from './circuit-breaker.js';
import { FaultInjectionBackend } from './fault-injection.js';
import { ReadOnlyBackend } from './read-only.js';
import { S3Backend } from './s3.js';
import { scopeDir, ScopedBackend, type Scopes } from './scopes.js';
import { VerifyingBackend } from './verifying.js';

export interface BackendHooks {
  /** remoteDisabled is counted here when the breaker opens. */
  stats?: Stats;
  /** One line for stderr (the caller adds its prefix); never stdout. */
  warn(message: string): void;
  /** Where GOBUILDCACHE_AWS_* credentials are read from; process.env by default. */
  env?: NodeJS.ProcessEnv;
  /** Who gives up on the remote when the breaker opens, for its warning; "go command" by default. */
  who?: string;
  /** Overrides for the breaker (tests use a short cool-down). */
  breaker?: Partial<Omit<CircuitBreakerOptions, 'onOpen'>>;
}

/**
 * Builds the remote chain, outermost first:
 *   circuit breaker ▶ verifying ▶ [fault injection] ▶ read-only ▶ [scopes ▶ S3 views] ▶ S3 (object codec inside).
 * The breaker sits outside verification so that a corrupt object (an answer) never counts as
 * an outage, and injected faults sit inside it so -error-rate exercises the breaker too.
 * Read-only sits innermost, where it sees the store's own answer to a put: -read-only, or a
 * denied write that switches writes off (see ReadOnlyBackend).
 * Resolves undefined for the disk backend. Loads the AWS SDK: call it after the handshake.
 */
export async function createBackend(config: Config, hooks: BackendHooks): Promise<Backend | undefined> {
  if (config.backend === 'disk') return undefined;
  return backendChain(await createS3Backend(config, hooks), config, hooks);
}

/** The bare S3 client, for callers that also need its raw object access (manifests). */
export async function createS3Backend(config: Config, hooks: BackendHooks): Promise<S3Backend> {
  if (config.s3 === undefined) throw new Error('backend s3 needs an S3 configuration (-s3-bucket)');
  return S3Backend.create({
    s3: config.s3,
    remoteTimeoutMs: config.remoteTimeoutMs,
    compression: config.compression,
    warn: hooks.warn,
    env: hooks.env,
  });
}

/** Wraps an S3 backend in the decorators above; closing the chain closes the client. */
export function backendChain(s3: S3Backend, config: Config, hooks: BackendHooks): Backend {
  let chain: Backend = new ReadOnlyBackend(config.scopes ? scopedBackend(s3, config.scopes) : s3, {
    configured: config.readOnly,
    onWritesDenied: (reason) => {
      hooks.stats?.add('writesDenied');
      hooks.warn(`uploads to ${s3.name} are off for this ${hooks.who ?? 'go command'}: these credentials may read but not write (${reason}); reads continue`);
    },
  });
  if (config.errorRate > 0) chain = new FaultInjectionBackend(chain, config.errorRate);
  chain = new VerifyingBackend(chain);
  return new CircuitBreakerBackend(chain, {
    ...hooks.breaker,
    onOpen: (reason) => {
      hooks.stats?.add('remoteDisabled');
      hooks.warn(`remote cache ${s3.name} disabled for this ${hooks.who ?? 'go command'}: ${reason}; continuing with the local cache only`);
    },
  });
}

/** The write scope and the read scopes as views of one client, in the order they are read. */
export function scopeViews(s3: S3Backend, scopes: Scopes): { scope: string; store: S3Backend }[] {
  return scopes.read.map((scope) => ({ scope, store: s3.view(scopeDir(scope)) }));
}

function scopedBackend(s3: S3Backend, scopes: Scopes): Backend {
  return new ScopedBackend(s3, scopeViews(s3, scopes), scopes);
}

/**
 * Every action id in the scopes this process reads (unscoped: under the prefix), so a miss of a
 * key that no read scope has costs no request; undefined past `cap`, like listActionIds.
 */
export async function listReadableActionIds(s3: S3Backend, config: Config, cap: number, signal?: AbortSignal): Promise<Set<string> | undefined> {
  if (!config.scopes) return s3.listActionIds(cap, signal);
  const lists = await Promise.all(scopeViews(s3, config.scopes).map((v) => v.store.listActionIds(cap, signal)));
  const union = new Set<string>();
  for (const ids of lists) {
    if (ids === undefined) return undefined;
    for (const id of ids) union.add(id);
  }
  return union.size > cap ? undefined : union;
}
