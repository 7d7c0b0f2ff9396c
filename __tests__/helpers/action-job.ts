// One simulated Actions job for the e2e tests: runs the committed action bundles the way the
// runner does (node dist/main/index.js with INPUT_* variables, hyphens kept, and the
// GITHUB_ENV/STATE/OUTPUT/STEP_SUMMARY files), go commands with what the main step exported, then
// node dist/post/index.js with the saved state as STATE_*.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { INPUT_DEFAULTS, Inputs } from '../../src/action/constants.js';
import { runGo, tempDir } from './go.js';
import { REPO_ROOT } from './proc.js';
import { seedStd, warmStd } from './warm-std.js';

export const DIST = path.join(REPO_ROOT, 'dist');
const STEP_TIMEOUT_MS = 120_000;

for (const bundle of ['main', 'post', 'cacheprog']) {
  const file = path.join(DIST, bundle, 'index.js');
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run npm run package first`);
}

export interface StepResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Parses the file-command format of GITHUB_ENV/STATE/OUTPUT: NAME<<DELIM … DELIM, or NAME=value. */
export function parseFileCommands(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line === '') continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delim] = heredoc as unknown as [string, string, string];
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== delim; i++) value.push(lines[i]);
      assert.ok(i < lines.length, `unterminated value of ${name}`);
      out[name] = value.join('\n');
      continue;
    }
    const eq = line.indexOf('=');
    assert.ok(eq > 0, `unparseable line ${JSON.stringify(line)}`);
    out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}

/**
 * The part of the process environment a runner would give any step, minus our own settings and
 * the runner's (ACTIONS_*: when the suite itself runs on GitHub Actions, its cache service must
 * not leak into the simulated jobs).
 */
function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (
      v === undefined ||
      /^(GOBUILDCACHE_|AWS_|GOOGLE_|STORAGE_EMULATOR_HOST|INPUT_|STATE_|GITHUB_|RUNNER_|ACTIONS_)/.test(k) ||
      k === 'GOCACHEPROG' ||
      k === 'GOCACHE'
    )
      continue;
    env[k] = v;
  }
  env.GOTOOLCHAIN = 'local';
  return env;
}

/** One simulated job: its runner files, workspace and the env its steps accumulate. */
export class Job {
  readonly dir = tempDir('job');
  readonly runnerTemp = path.join(this.dir, 'runner-temp');
  readonly workspace: string;
  readonly gocache = path.join(this.dir, 'gocache');
  /** How long a step may run before it is killed (a benchmark's populating post step may take longer). */
  stepTimeoutMs = STEP_TIMEOUT_MS;
  readonly files = {
    env: path.join(this.dir, 'github_env'),
    state: path.join(this.dir, 'github_state'),
    output: path.join(this.dir, 'github_output'),
    summary: path.join(this.dir, 'step_summary.md'),
  };

  /**
   * env: what the workflow sets for every step (e.g. credentials from configure-aws-credentials).
   * workspace: a runner checks out to the same path in every job, and go's cache keys include
   * source paths, so jobs that should share a cache share this.
   */
  constructor(
    readonly env: Record<string, string> = {},
    workspace?: string,
  ) {
    this.workspace = workspace ?? path.join(this.dir, 'workspace');
    for (const d of [this.runnerTemp, this.workspace, this.gocache]) fs.mkdirSync(d, { recursive: true });
    for (const f of Object.values(this.files)) fs.writeFileSync(f, '');
  }

  exported(): Record<string, string> {
    return parseFileCommands(fs.readFileSync(this.files.env, 'utf8'));
  }

  state(): Record<string, string> {
    return parseFileCommands(fs.readFileSync(this.files.state, 'utf8'));
  }

  outputs(): Record<string, string> {
    return parseFileCommands(fs.readFileSync(this.files.output, 'utf8'));
  }

  /** The JSON behind the main step's stats-file output, as a later step reads it (e.g. with jq). */
  stats(): Record<string, number | string | boolean> {
    const file = this.outputs()['stats-file'];
    assert.ok(file, 'the main step set no stats-file output');
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, number | string | boolean>;
  }

  summary(): string {
    return fs.readFileSync(this.files.summary, 'utf8');
  }

  /** Runs the main or post bundle as the runner would, with the action.yml defaults filled in. */
  step(
    which: 'main' | 'post',
    inputs: Partial<Record<Inputs, string>> = {},
    extraEnv: Record<string, string> = {},
  ): Promise<StepResult> {
    const env: Record<string, string> = {
      ...baseEnv(),
      ...this.env,
      ...this.exported(),
      GITHUB_ENV: this.files.env,
      GITHUB_STATE: this.files.state,
      GITHUB_OUTPUT: this.files.output,
      GITHUB_STEP_SUMMARY: this.files.summary,
      GITHUB_WORKSPACE: this.workspace,
      GITHUB_ACTIONS: 'true',
      RUNNER_TEMP: this.runnerTemp,
      ...extraEnv,
    };
    for (const name of Object.values(Inputs)) {
      const key = `INPUT_${name.toUpperCase()}`;
      env[key] = inputs[name] ?? this.env[key] ?? INPUT_DEFAULTS[name];
    }
    if (which === 'post') for (const [k, v] of Object.entries(this.state())) env[`STATE_${k}`] = v;
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [path.join(DIST, which, 'index.js')], {
        cwd: this.workspace,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      const t0 = performance.now();
      // JOB_TRACE=1: each line of the step's log on stderr with the time since the step began (where a step spends its time).
      child.stdout.on('data', (b: Buffer) => {
        const text = b.toString('utf8');
        stdout += text;
        if (process.env.JOB_TRACE)
          for (const l of text.split('\n').filter(Boolean))
            process.stderr.write(`[${which} +${((performance.now() - t0) / 1000).toFixed(2)} s] ${l}\n`);
      });
      child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`${which} step did not finish in ${this.stepTimeoutMs} ms:\n${stdout}\n${stderr}`));
      }, this.stepTimeoutMs);
      child.once('error', reject);
      child.once('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
    });
  }

  /** A go command in a later `run:` step: the job env plus everything the main step exported. */
  go(args: string[], opts: { timeoutMs?: number } = {}) {
    const env = { ...this.env, ...this.exported() };
    // backend github exports GOCACHE (go's own cache, restored) and an empty GOCACHEPROG.
    return runGo(args, {
      cwd: this.workspace,
      env,
      gocache: env.GOCACHE || this.gocache,
      cacheprog: env.GOCACHEPROG || null,
      timeoutMs: opts.timeoutMs,
    });
  }
}

export function annotations(stdout: string, kind: 'error' | 'warning'): string[] {
  return stdout.split('\n').filter((l) => l.startsWith(`::${kind}`));
}

/** A loopback port with nothing listening: connections are refused at once. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  assert.ok(address && typeof address === 'object');
  return address.port;
}

export function fileCount(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  let n = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    n += entry.isDirectory() ? fileCount(path.join(dir, entry.name)) : 1;
  }
  return n;
}

/**
 * The job's runner already holds std, as after an earlier job (helpers/warm-std.ts): in the action's
 * default cache dir (RUNNER_TEMP/gobuildcache/cache) for s3 and disk, and in go's own cache there
 * (cache/go-build) for backend github. For jobs whose claims are about the module's entries.
 */
export async function withStd(job: Job): Promise<Job> {
  const cacheDir = path.join(job.runnerTemp, 'gobuildcache', 'cache');
  // Copies, not links: jobs change what they hold (use marks, trims).
  await seedStd(cacheDir, { link: false });
  fs.cpSync((await warmStd()).gocache, path.join(cacheDir, 'go-build'), { recursive: true });
  return job;
}

/** A push to main on a Linux x64 runner (workflow CI, job test): the trusted scope. */
export const PUSH_TO_MAIN = {
  RUNNER_OS: 'Linux',
  RUNNER_ARCH: 'X64',
  GITHUB_WORKFLOW: 'CI',
  GITHUB_JOB: 'test',
  GITHUB_EVENT_NAME: 'push',
  GITHUB_REF: 'refs/heads/main',
  GITHUB_REF_NAME: 'main',
};

/** Pull request 7, from branch feature into main: a scope of its own (pr-7). */
export const PULL_REQUEST_7 = {
  GITHUB_EVENT_NAME: 'pull_request',
  GITHUB_REF: 'refs/pull/7/merge',
  GITHUB_REF_NAME: '7/merge',
  GITHUB_HEAD_REF: 'feature',
  GITHUB_BASE_REF: 'main',
};
