// Runs the real go command with GOCACHEPROG pointing at the built bundle. The environment is
// scrubbed of our own settings so a developer's shell cannot change what a test sees.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { killGroup, REPO_ROOT, tempDir } from './proc.js';

export { tempDir };

export const ENTRYPOINT = path.join(REPO_ROOT, 'dist', 'cacheprog', 'index.js');

/** Quotes one field for go's GOCACHEPROG splitter: blanks separate, '…' or "…" group, no escapes. */
function quoteField(field: string): string {
  if (field !== '' && !/[\s'"]/.test(field)) return field;
  if (!field.includes("'")) return `'${field}'`;
  if (!field.includes('"')) return `"${field}"`;
  throw new Error(`cannot quote ${JSON.stringify(field)} for GOCACHEPROG: it holds both quote characters`);
}

/** The GOCACHEPROG value that runs our bundle with this Node and the given flags. */
export function cacheprogCommand(flags: string[] = []): string {
  return [process.execPath, ENTRYPOINT, ...flags].map(quoteField).join(' ');
}

export interface GoResult {
  code: number;
  stdout: string;
  stderr: string;
  /** Compiler invocations printed by `-x` (0 when the build came entirely from the cache). */
  compiles: number;
}

export interface RunGoOptions {
  cwd: string;
  env?: Record<string, string>;
  gocache?: string;
  /** GOCACHEPROG; null runs go with its own cache only. */
  cacheprog?: string | null;
  timeoutMs?: number;
  /** Sees go's stderr as it comes (what a server says mid-build), besides the result's copy. */
  onStderr?: (text: string) => void;
}

/**
 * Lines of `-x` output that run the compiler: optional VAR=value prefixes (go prints some tools
 * that way), the tool's path ending in /compile, then its flags starting with -o.
 */
export function countCompiles(xOutput: string): number {
  return xOutput.split('\n').filter((line) => /^(?:\w+=\S*\s+)*\S*[/\\]compile(\.exe)?\s+-o\s/.test(line)).length;
}

/** The import paths go compiled (the -p flag of each compile line), to say which ones missed. */
export function compiledPackages(xOutput: string): string[] {
  return xOutput
    .split('\n')
    .filter((line) => /^(?:\w+=\S*\s+)*\S*[/\\]compile(\.exe)?\s+-o\s/.test(line))
    .map((line) => / -p (\S+)/.exec(line)?.[1] ?? line.slice(0, 120));
}

/** `ok <pkg> <time or (cached)>` lines of `go test` output, by package. */
export function testResults(stdout: string): Map<string, string> {
  return new Map([...stdout.matchAll(/^ok\s+(\S+)\s+(.*)$/gm)].map((m) => [m[1], m[2]]));
}

function goEnv(opts: RunGoOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('GOBUILDCACHE_') || k.startsWith('AWS_')) continue;
    env[k] = v;
  }
  env.GOTOOLCHAIN = 'local';
  env.GOCACHE = opts.gocache ?? tempDir('gocache');
  if (opts.cacheprog === null) env.GOCACHEPROG = '';
  else env.GOCACHEPROG = opts.cacheprog ?? cacheprogCommand();
  return { ...env, ...opts.env };
}

// After go exits, its stdout/stderr should close at once; if they stay open, some process it
// started (GOCACHEPROG or a child of it) still holds them, which hangs CI steps too.
const STDIO_GRACE_MS = 5_000;

export function runGo(args: string[], opts: RunGoOptions): Promise<GoResult> {
  if (opts.cacheprog === undefined && !fs.existsSync(ENTRYPOINT)) {
    return Promise.reject(new Error(`${ENTRYPOINT} is missing: run npm run package first`));
  }
  const timeoutMs = opts.timeoutMs ?? 300_000;
  const what = `go ${args.join(' ')} (in ${opts.cwd})`;
  return new Promise((resolve, reject) => {
    const child = spawn('go', args, {
      cwd: opts.cwd,
      env: goEnv(opts),
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => {
      err.push(b);
      opts.onStderr?.(b.toString('utf8'));
    });
    const stderrTail = (): string => Buffer.concat(err).toString('utf8').split('\n').slice(-30).join('\n');
    let settled = false;
    let graceTimer: NodeJS.Timeout | undefined;
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(graceTimer);
      fn();
    };
    const timer = setTimeout(() => {
      killGroup(child, 'SIGKILL');
      finish(() => reject(new Error(`${what} timed out after ${timeoutMs} ms; stderr tail:\n${stderrTail()}`)));
    }, timeoutMs);
    child.once('error', (e) => finish(() => reject(new Error(`${what}: ${e.message}`))));
    child.once('exit', () => {
      graceTimer = setTimeout(() => {
        killGroup(child, 'SIGKILL');
        finish(() =>
          reject(
            new Error(
              `${what} exited but its stdout/stderr stayed open ${STDIO_GRACE_MS} ms: a child process still holds them`,
            ),
          ),
        );
      }, STDIO_GRACE_MS);
    });
    child.once('close', (code, signal) => {
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = Buffer.concat(err).toString('utf8');
      finish(() => resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr, compiles: countCompiles(stderr) }));
    });
  });
}
