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
  /** Overrides for the breaker (tests use a short cool-down). */
  breaker?: Partial<Omit<CircuitBreakerOptions, 'onOpen'>>;
}

/**
 * Builds the remote chain, outermost first:
 *   circuit breaker ▶ verifying ▶ [fault injection] ▶ [read-only] ▶ S3 (object codec inside).
 * The breaker sits outside verification so that a corrupt object (an answer) never counts as
 * an outage, and injected faults sit inside it so -error-rate exercises the breaker too.
 * Resolves undefined for the disk backend. Loads the AWS SDK: call it after the handshake.
 */
export async function createBackend(config: Config, hooks: BackendHooks): Promise<Backend | undefined> {
  if (config.backend === 'disk') return undefined;
  if (config.s3 === undefined) throw new Error('backend s3 needs an S3 configuration (-s3-bucket)');
  const s3 = await S3Backend.create({
    s3: config.s3,
    remoteTimeoutMs: config.remoteTimeoutMs,
    compression: config.compression,
    warn: hooks.warn,
    env: hooks.env,
  });
  let chain: Backend = s3;
  if (config.readOnly) chain = new ReadOnlyBackend(chain);
  if (config.errorRate > 0) chain = new FaultInjectionBackend(chain, config.errorRate);
  chain = new VerifyingBackend(chain);
  return new CircuitBreakerBackend(chain, {
    ...hooks.breaker,
    onOpen: (reason) => {
      hooks.stats?.add('remoteDisabled');
      hooks.warn(`remote cache ${s3.name} disabled for this go command: ${reason}; continuing with the local cache only`);
    },
  });
}
