import crypto from 'node:crypto';
import fs from 'node:fs';
import { sanitizeSegment } from '../cacheprog/manifest/manifest-key.js';
import { makeScopes, scopeNameProblem, TRUSTED_SCOPE } from '../cacheprog/remote/scopes.js';

/**
 * Which trust scope a job writes and which it reads, from the workflow event (see
 * src/cacheprog/remote/scopes.ts for the layout). The rule is the one the Actions cache uses for
 * branches: a run reads its own entries, then its base branch's and the default branch's, never a
 * sibling's; and only the default branch (and branches the workflow names as trusted) write what
 * the default branch reads.
 *
 *   pull_request, pull_request_target  pr-<number>; reads it, then the base branch's scope, then default
 *   push, merge_group, schedule,       default, when the branch (a merge group's base branch) is the
 *   workflow_dispatch                  default branch or in trusted-branches; reads default only
 *   anything else                      branch-<name> (a tag: tag-<name>); reads it, then default
 *
 * A pull request from a fork, and a job with read-only, write nothing to the remote.
 */
export interface ScopeDecision {
  write: string;
  /** In the order a miss looks them up; the first is `write`. */
  read: string[];
  /** Nothing is written to the remote (the read-only input, or a pull request from a fork). */
  readOnly: boolean;
  /** One line for the log and the summary: why this scope. */
  why: string;
}

export interface ScopeContext {
  env: NodeJS.ProcessEnv;
  /** The parsed event payload (GITHUB_EVENT_PATH); read from the file when not given. */
  payload?: unknown;
  /** The scope input: overrides the derivation (still read-only for forks). */
  scope?: string;
  /** Branches that write the trusted scope like the default branch; `*` matches any characters. */
  trustedBranches: readonly string[];
  readOnly: boolean;
}

const TRUSTED_EVENTS = new Set(['push', 'merge_group', 'schedule', 'workflow_dispatch']);
const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target']);

type Json = Record<string, unknown>;

function obj(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null ? (value as Json) : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function readEventPayload(eventPath: string | undefined): unknown {
  if (!eventPath) return undefined;
  try {
    return JSON.parse(fs.readFileSync(eventPath, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** A scope for a branch or tag name: the name made key-safe, cut with a hash when long. */
function nameScope(kind: 'branch' | 'tag', name: string): string {
  const safe = sanitizeSegment(name.replace(/\//g, '_'));
  const scope = `${kind}-${safe}`;
  if (scope.length <= 100) return scope;
  const hash = crypto.createHash('sha256').update(name).digest('hex').slice(0, 12);
  return `${scope.slice(0, 87)}-${hash}`;
}

function matches(pattern: string, branch: string): boolean {
  if (!pattern.includes('*')) return pattern === branch;
  const re = new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return re.test(branch);
}

function stripHeads(ref: string | undefined): string | undefined {
  return ref?.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : ref;
}

export function deriveScopes(ctx: ScopeContext): ScopeDecision {
  const { env } = ctx;
  const payload = obj(ctx.payload !== undefined ? ctx.payload : readEventPayload(env.GITHUB_EVENT_PATH));
  const defaultBranch = str(obj(payload?.repository)?.default_branch) ?? 'main';
  const trusted = (branch: string | undefined): boolean =>
    branch !== undefined && (branch === defaultBranch || ctx.trustedBranches.some((p) => matches(p, branch)));
  const branchScope = (branch: string): string => (trusted(branch) ? TRUSTED_SCOPE : nameScope('branch', branch));
  const event = env.GITHUB_EVENT_NAME ?? '';

  let fork = false;
  let derived: { write: string; after: string[]; why: string };
  if (PULL_REQUEST_EVENTS.has(event)) {
    const pr = obj(payload?.pull_request);
    const number = Number(payload?.number ?? pr?.number ?? /^refs\/pull\/(\d+)\//.exec(env.GITHUB_REF ?? '')?.[1]);
    const base = str(obj(pr?.base)?.ref) ?? str(env.GITHUB_BASE_REF) ?? defaultBranch;
    const headRepo = str(obj(obj(pr?.head)?.repo)?.full_name);
    const baseRepo = str(obj(obj(pr?.base)?.repo)?.full_name) ?? str(obj(payload?.repository)?.full_name);
    // A head repository that is gone (a deleted fork) is no more trusted than a fork.
    fork = pr !== undefined && (headRepo === undefined || headRepo !== baseRepo);
    const write =
      Number.isSafeInteger(number) && number > 0
        ? `pr-${number}`
        : nameScope('branch', `pr-${env.GITHUB_HEAD_REF ?? 'unknown'}`);
    derived = {
      write,
      after: [branchScope(base), TRUSTED_SCOPE],
      why: `${event} #${Number.isFinite(number) ? number : '?'} into ${base}${fork ? ' from a fork (read-only)' : ''}`,
    };
  } else if (event === 'merge_group') {
    const base = stripHeads(str(obj(payload?.merge_group)?.base_ref)) ?? defaultBranch;
    derived = { write: branchScope(base), after: [TRUSTED_SCOPE], why: `merge queue of ${base}` };
  } else {
    const ref = env.GITHUB_REF ?? '';
    const name = env.GITHUB_REF_NAME || 'unknown';
    if (ref.startsWith('refs/tags/')) {
      derived = { write: nameScope('tag', name), after: [TRUSTED_SCOPE], why: `${event || 'run'} of tag ${name}` };
    } else {
      const canTrust = TRUSTED_EVENTS.has(event) && trusted(name);
      derived = {
        write: canTrust ? TRUSTED_SCOPE : nameScope('branch', name),
        after: [TRUSTED_SCOPE],
        why: `${event || 'run'} on ${name}`,
      };
    }
  }

  const readOnly = ctx.readOnly || fork;
  if (ctx.scope) {
    const problem = scopeNameProblem(ctx.scope);
    if (problem) throw new TypeError(problem);
    const scopes = makeScopes(ctx.scope, [TRUSTED_SCOPE]);
    return { ...scopes, readOnly, why: `scope input (${derived.why})` };
  }
  return { ...makeScopes(derived.write, derived.after), readOnly, why: derived.why };
}

export function describeScopes(decision: Pick<ScopeDecision, 'write' | 'read' | 'readOnly'>): string {
  const writes = decision.readOnly ? `scope ${decision.write}, read-only` : `writes scope ${decision.write}`;
  return `${writes}; reads ${decision.read.join(', then ')}`;
}
