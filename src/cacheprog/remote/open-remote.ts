import type { Config } from '../config.js';
import type { Stats } from '../stats.js';
import type { Backend } from './backend.js';
import { CircuitBreakerBackend, type CircuitBreakerOptions } from './circuit-breaker.js';
import { EntryBackend } from './entry-backend.js';
import { FaultInjectionBackend } from './fault-injection.js';
import { ListedBackend } from './listed.js';
import type { ObjectStore } from './object-store.js';
import { ReadOnlyBackend } from './read-only.js';
import { scopeDir, ScopedBackend, scopeViews, type Scopes } from './scopes.js';
import { VerifyingBackend } from './verifying.js';

export interface RemoteHooks {
  /** remoteDisabled and writesDenied are counted here. */
  stats?: Stats;
  /** One line for stderr (the caller adds its prefix); never stdout. */
  warn(message: string): void;
  /** Lines for -debug only. */
  debug?(message: string): void;
  /** Where GOBUILDCACHE_AWS_* credentials are read from; process.env by default. */
  env?: NodeJS.ProcessEnv;
  /** Who gives up on the remote when the breaker opens, for its warning; "go command" by default. */
  who?: string;
  /** Overrides for the breaker (tests use a short cool-down). */
  breaker?: Partial<Omit<CircuitBreakerOptions, 'onOpen'>>;
  /**
   * List the action ids the read scopes hold, once, at start, up to this many (past it, nothing
   * is listed): a get of any other id is then a miss without a request (see ListedBackend).
   */
  listCap?: number;
}

/** The remote cache of one process: its entries, and the raw objects beside them. */
export interface Remote {
  /** Cache entries, through the decorator chain (see openRemote). Closing it closes the remote. */
  readonly backend: Backend;
  /** Raw objects under the cache prefix, unscoped: manifests and pack parts (see manifestStoreFor). */
  readonly objects: ObjectStore;
  /**
   * Proves the remote usable before any go command runs: the bucket answers these credentials,
   * and an entry key of the scope this process writes may be read.
   */
  checkAccess(signal?: AbortSignal): Promise<void>;
  close(): Promise<void>;
}

/**
 * The one place a remote is opened. Resolves undefined for a backend without one (disk), and
 * loads the provider's code (the AWS SDK, Google's storage client) only when there is one: call it after go's handshake.
 * The entries go through this chain, outermost first:
 *   [listed ▶] circuit breaker ▶ verifying ▶ [fault injection] ▶ read-only ▶ [scopes ▶ views] ▶ entries ▶ object store.
 * The breaker sits outside verification so that a corrupt object (an answer) never counts as
 * an outage, and injected faults sit inside it so -error-rate exercises the breaker too.
 * Read-only sits innermost, where it sees the store's own answer to a put: -read-only, or a
 * denied write that switches writes off (see ReadOnlyBackend).
 */
export async function openRemote(config: Config, hooks: RemoteHooks): Promise<Remote | undefined> {
  const objects = await openObjectStore(config, hooks);
  if (objects === undefined) return undefined;
  const entries = new EntryBackend(objects, { compression: config.compression });
  let backend = backendChain(entries, config, hooks);
  if (hooks.listCap !== undefined)
    backend = new ListedBackend(backend, listReadable(entries, config.scopes, hooks.listCap, hooks), hooks.stats);
  const writer = config.scopes ? entries.view(scopeDir(config.scopes.write)) : entries;
  return {
    backend,
    objects,
    checkAccess: async (signal) => {
      await entries.check(signal);
      await writer.probe(signal);
    },
    close: () => backend.close(),
  };
}

/**
 * openRemote for a cache server, which must build whatever happens: a remote that cannot be set
 * up is one warning and a build on the local cache. Checks the remote at once, which warms the
 * connection (and an S3 Express session) beside the first request; a failed check opens the
 * circuit breaker, which warns once.
 */
export function startRemote(config: Config, hooks: RemoteHooks & { stats: Stats }): Promise<Remote | undefined> {
  const remote = openRemote(config, hooks).catch((err: unknown) => {
    hooks.warn(`remote cache disabled: ${(err as Error).message}; building with the local cache only`);
    hooks.stats.add('remoteDisabled');
    return undefined;
  });
  void remote.then((r) => r?.backend.check().catch(() => {}));
  return remote;
}

/** The provider's object store under the cache prefix; sends nothing. */
async function openObjectStore(config: Config, hooks: RemoteHooks): Promise<ObjectStore | undefined> {
  const remoteTimeoutMs = config.remoteTimeoutMs;
  switch (config.backend) {
    case 'disk':
      return undefined;
    case 's3': {
      if (config.s3 === undefined) throw new Error('backend s3 needs an S3 configuration (-s3-bucket)');
      // On Node < 22 the SDK prints a 7-line support notice into the stderr of every go command;
      // it is not about the build (the action runs node24), so keep go's output to our one warning.
      process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
      const { openS3Store } = await import('./s3/index.js');
      return openS3Store({ s3: config.s3, remoteTimeoutMs, warn: hooks.warn, env: hooks.env });
    }
    case 'gcs': {
      if (config.gcs === undefined) throw new Error('backend gcs needs a GCS configuration (-gcs-bucket)');
      const { openGcsStore } = await import('./gcs/index.js');
      return openGcsStore({ gcs: config.gcs, remoteTimeoutMs, env: hooks.env });
    }
  }
}

/** Wraps the entries in the decorators of openRemote; closing the chain closes the store. */
function backendChain(entries: EntryBackend, config: Config, hooks: RemoteHooks): Backend {
  const who = hooks.who ?? 'go command';
  const scoped = config.scopes
    ? new ScopedBackend(entries, scopeViews(entries, config.scopes), config.scopes)
    : entries;
  let chain: Backend = new ReadOnlyBackend(scoped, {
    configured: config.readOnly,
    onWritesDenied: (reason) => {
      hooks.stats?.add('writesDenied');
      hooks.warn(
        `uploads to ${entries.name} are off for this ${who}: these credentials may read but not write (${reason}); reads continue`,
      );
    },
  });
  if (config.errorRate > 0) chain = new FaultInjectionBackend(chain, config.errorRate);
  chain = new VerifyingBackend(chain);
  return new CircuitBreakerBackend(chain, {
    ...hooks.breaker,
    onOpen: (reason) => {
      hooks.stats?.add('remoteDisabled');
      hooks.warn(
        `remote cache ${entries.name} disabled for this ${who}: ${reason}; continuing with the local cache only`,
      );
    },
  });
}

/**
 * Every action id in the scopes this process reads (unscoped: under the prefix); undefined past
 * `cap` or when the listing fails, so that every get asks the remote.
 */
async function listReadable(
  entries: EntryBackend,
  scopes: Scopes | undefined,
  cap: number,
  hooks: RemoteHooks,
): Promise<Set<string> | undefined> {
  const started = performance.now();
  try {
    const lists = await Promise.all(
      (scopes ? scopeViews(entries, scopes).map((v) => v.store) : [entries]).map((e) => e.listActionIds(cap)),
    );
    const union = new Set<string>();
    for (const ids of lists) {
      if (ids === undefined) return tooMany();
      for (const id of ids) union.add(id);
    }
    if (union.size > cap) return tooMany();
    hooks.debug?.(`listed ${union.size} keys in ${Math.round(performance.now() - started)} ms`);
    return union;
  } catch (err) {
    hooks.debug?.(`listing the bucket failed (${(err as Error).message}); every miss asks the bucket`);
    return undefined;
  }

  function tooMany(): undefined {
    hooks.debug?.(`more than ${cap} keys: not listing`);
    return undefined;
  }
}
