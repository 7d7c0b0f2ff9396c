import type { Config } from '../config.js';
import type { Stats } from '../stats.js';
import type { Backend } from './backend.js';
import { CircuitBreakerBackend, type CircuitBreakerOptions } from './circuit-breaker.js';
import { FaultInjectionBackend } from './fault-injection.js';
import { ReadOnlyBackend } from './read-only.js';
import { S3Backend } from './s3.js';
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
 *   circuit breaker ▶ verifying ▶ [fault injection] ▶ read-only ▶ S3 (object codec inside).
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
  let chain: Backend = new ReadOnlyBackend(s3, {
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
