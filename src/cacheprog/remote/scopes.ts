import type { Backend, EntryMeta, RemoteEntry, UploadResult, BodySpill } from './backend.js';

/**
 * Trust scopes. A writer writes only under <prefix>scopes/<its scope>/, and a reader reads its own
 * scope first, then the scopes it trusts, in that order. The layout is what makes the rule
 * enforceable by the store and not only by this program: a bucket or IAM policy can grant a
 * pull request's credentials PutObject on <prefix>scopes/pr-*, and the default branch's on
 * <prefix>scopes/default/*, so code running in a pull request cannot write where the default
 * branch reads, whatever it does with the job's credentials. Without a scope the layout is the
 * unscoped one (everything directly under <prefix>), as in the reference CLI.
 */
export const SCOPES_DIR = 'scopes/';

/** The scope the default branch (and the branches a workflow trusts like it) writes. */
export const TRUSTED_SCOPE = 'default';

export interface Scopes {
  /** The one scope this process writes. */
  write: string;
  /** Scopes read on a miss, in priority order; the first is always `write`. */
  read: string[];
}

const SCOPE_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}$/;

/** Why `name` cannot be a scope (one '/'-free object key segment of at most 100 characters), or undefined. */
export function scopeNameProblem(name: string): string | undefined {
  if (!SCOPE_NAME.test(name))
    return `"${name.slice(0, 120)}" is not a scope name (1-100 letters, digits, '.', '_' or '-', not starting with '.')`;
  return undefined;
}

/** The write scope first, then the trusted read scopes in order, each once. */
export function makeScopes(write: string, readAfter: readonly string[]): Scopes {
  return { write, read: [...new Set([write, ...readAfter])] };
}

/** The key prefix of one scope, relative to the cache prefix. */
export function scopeDir(scope: string): string {
  const problem = scopeNameProblem(scope);
  if (problem) throw new TypeError(problem);
  return `${SCOPES_DIR}${scope}/`;
}

export interface ScopeView<T> {
  scope: string;
  store: T;
}

/** The read scopes (the write scope first) as views of one store or backend, in the order they are read. */
export function scopeViews<T extends { view(subPrefix: string): T }>(root: T, scopes: Scopes): ScopeView<T>[] {
  return scopes.read.map((scope) => ({ scope, store: root.view(scopeDir(scope)) }));
}

/**
 * Asks every view at once and resolves with the first answer in priority order that is a hit,
 * so a miss costs one round trip whatever the number of scopes. A failed lookup in one scope does
 * not hide a hit in a later one (every scope in the list is trusted); when nothing hits and some
 * lookup failed, the first failure is thrown, so the caller counts an error and not a miss.
 */
export async function firstHit<T, R>(
  views: readonly ScopeView<T>[],
  lookup: (store: T) => Promise<R | undefined>,
): Promise<{ scope: string; value: R } | undefined> {
  const settled = views.map((v) =>
    lookup(v.store).then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error }),
    ),
  );
  let failure: { error: unknown } | undefined;
  for (let i = 0; i < views.length; i++) {
    const result = await settled[i];
    if (result.ok && result.value !== undefined) return { scope: views[i].scope, value: result.value };
    if (!result.ok) failure ??= result;
  }
  if (failure) throw failure.error;
  return undefined;
}

/**
 * The remote as a scoped reader and writer sees it: puts go to the write scope only; gets ask
 * the read scopes at once and take the first hit in priority order. Sits under the read-only and
 * verifying decorators, so what it returns is verified like any other object.
 */
export class ScopedBackend implements Backend {
  readonly name: string;
  private readonly writer: Backend;

  /** owner is closed with this backend; the views share its client. */
  constructor(
    private readonly owner: Backend,
    private readonly views: readonly ScopeView<Backend>[],
    scopes: Scopes,
  ) {
    const writer = views.find((v) => v.scope === scopes.write);
    if (!writer) throw new TypeError(`the write scope ${scopes.write} has no view`);
    this.writer = writer.store;
    const others = scopes.read.filter((s) => s !== scopes.write);
    this.name = `${owner.name} (scope ${scopes.write}${others.length > 0 ? `, reading ${others.join(', ')}` : ''})`;
  }

  /** Spilled with one scope only: lookups of several scopes race, and only one body may land. */
  async get(actionId: string, signal?: AbortSignal, spill?: BodySpill): Promise<RemoteEntry | undefined> {
    if (this.views.length === 1) return this.writer.get(actionId, signal, spill);
    return (await firstHit(this.views, (b) => b.get(actionId, signal)))?.value;
  }

  put(actionId: string, meta: EntryMeta, body: Buffer, signal?: AbortSignal): Promise<UploadResult> {
    return this.writer.put(actionId, meta, body, signal);
  }

  /** Bucket-level: one check proves every scope reachable. */
  check(signal?: AbortSignal): Promise<void> {
    return this.writer.check(signal);
  }

  /** Only the write scope: a scoped process must not delete what other scopes wrote. */
  clear(): Promise<number> {
    return this.writer.clear();
  }

  close(): Promise<void> {
    return this.owner.close();
  }
}
