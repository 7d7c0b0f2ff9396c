import crypto from 'node:crypto';
import fs from 'node:fs';
import { sanitizeManifestKey, sanitizeSegment } from '../cacheprog/manifest/manifest-key.js';

export interface ManifestKeys {
  /** The manifest this job reads first and writes at the end. */
  key: string;
  /** Read, in order, when `key` does not exist yet; a key ending in '/' matches the newest under it. */
  restoreKeys: string[];
}

export interface KeyContext {
  env: NodeJS.ProcessEnv;
  /** `go env GOVERSION`: action ids are salted with it, so another version's manifest is useless. */
  goVersion: string;
  /** The `matrix` input (toJSON(matrix)); '' when the workflow did not pass it. */
  matrix: string;
  /** The event payload's repository.default_branch; read from GITHUB_EVENT_PATH by default. */
  defaultBranch?: string;
  /**
   * Set for a job that writes what the default branch reads (backend: github): its chain reads
   * only the default branch and these branches (trusted-branches without wildcards), never
   * "the newest of the job on any branch", which a pull request's run could have written.
   */
  trustedChain?: readonly string[];
}

const shortHash = (text: string): string => crypto.createHash('sha256').update(text).digest('hex').slice(0, 10);

/**
 * The manifest keys of this job: <os>-<arch>-<go>-<workflow>-<job>[-<matrix hash>]/<branch>.
 * An action cannot see the job's matrix values (action.yml defaults cannot reference `matrix`),
 * so legs of one matrix share a manifest unless the workflow passes `matrix: ${{ toJSON(matrix) }}`
 * or its own manifest-key. Sharing costs downloads, never correctness: every entry is verified.
 *
 * Restore order: the branch's own manifest, then the PR's base branch, then the default
 * branch, then the newest manifest of the job on any branch. A pull request writes under
 * `pr-<head branch>` only, so a PR can never overwrite what the default branch reads — even a
 * fork's PR from a branch that is itself called main.
 */
export function jobManifestKeys(ctx: KeyContext): ManifestKeys {
  const { env } = ctx;
  const matrix = ctx.matrix.trim();
  const parts = [
    env.RUNNER_OS || process.platform,
    env.RUNNER_ARCH || process.arch,
    ctx.goVersion,
    env.GITHUB_WORKFLOW || 'workflow',
    env.GITHUB_JOB || 'job',
    ...(matrix !== '' && matrix !== 'null' ? [shortHash(matrix)] : []),
  ];
  const job = parts.map((p) => sanitizeSegment(p.trim())).join('-');
  const branchKey = (branch: string): string => `${job}/${sanitizeSegment(branch)}`;
  const pullRequest = Boolean(env.GITHUB_HEAD_REF);
  const key = pullRequest ? branchKey(`pr-${env.GITHUB_HEAD_REF}`) : branchKey(env.GITHUB_REF_NAME || 'local');
  const restore: string[] = [];
  if (pullRequest && env.GITHUB_BASE_REF) restore.push(branchKey(env.GITHUB_BASE_REF));
  restore.push(branchKey(ctx.defaultBranch ?? eventDefaultBranch(env.GITHUB_EVENT_PATH) ?? 'main'));
  if (ctx.trustedChain) restore.push(...ctx.trustedChain.filter((b) => b !== '' && !b.includes('*')).map(branchKey));
  else restore.push(`${job}/`);
  return {
    key: sanitizeManifestKey(key),
    restoreKeys: [...new Set(restore.map(sanitizeManifestKey))].filter((k) => k !== key),
  };
}

/** repository.default_branch of the event payload, when there is one (push, pull_request, …). */
export function eventDefaultBranch(eventPath: string | undefined): string | undefined {
  if (!eventPath) return undefined;
  try {
    const payload: unknown = JSON.parse(fs.readFileSync(eventPath, 'utf8'));
    const repo =
      typeof payload === 'object' && payload !== null ? (payload as { repository?: unknown }).repository : undefined;
    const branch =
      typeof repo === 'object' && repo !== null ? (repo as { default_branch?: unknown }).default_branch : undefined;
    return typeof branch === 'string' && branch !== '' ? branch : undefined;
  } catch {
    return undefined;
  }
}
