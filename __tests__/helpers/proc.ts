// Plumbing shared by the helpers: temp dirs, free ports, long-running tool processes, bounded
// polling. Everything started here is killed and removed when the test process exits, so a
// failing test cannot leak servers into the next file.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const TOOLS_DIR = path.join(REPO_ROOT, '.tools');

const tempDirs = new Set<string>();
const liveChildren = new Set<ChildProcess>();

process.on('exit', () => {
  for (const child of liveChildren) killGroup(child, 'SIGKILL');
  for (const dir of tempDirs) {
    try {
      fs.rmSync(dir, { recursive: true, force: true, maxRetries: 2 });
    } catch {
      // Best effort: a leftover temp dir must not turn a passing run into a failure.
    }
  }
});

// A signal would skip the exit handler and leave servers running after Ctrl-C or a runner kill.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => process.exit(signal === 'SIGINT' ? 130 : 143));
}

export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `gbc-${prefix.replace(/[^\w.-]/g, '_')}-`));
  tempDirs.add(dir);
  return dir;
}

/** The binary installed by scripts/install-tools.sh, or a clear error telling how to get it. */
export function toolPath(name: string): string {
  const file = path.join(TOOLS_DIR, name);
  if (!fs.existsSync(file)) {
    throw new Error(`${file} is missing: run bash scripts/install-tools.sh first`);
  }
  return file;
}

/**
 * A port that was free a moment ago. Another process may grab it before the tool binds it, so
 * callers retry start-up a few times instead of trusting it blindly.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no port assigned'))));
    });
  });
}

export function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // Already gone.
    }
  }
}

export interface ManagedProcess {
  child: ChildProcess;
  logFile: string;
  /** Resolves when the process exits, for whatever reason. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  logTail(lines?: number): string;
  stop(): Promise<void>;
}

/** Starts a server in its own process group with stdout and stderr going to a log file. */
export function startManaged(
  file: string,
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; logFile: string; cwd?: string },
): ManagedProcess {
  const fd = fs.openSync(opts.logFile, 'a');
  const child = spawn(file, args, {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    detached: true,
    stdio: ['ignore', fd, fd],
  });
  fs.closeSync(fd);
  liveChildren.add(child);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      liveChildren.delete(child);
      resolve({ code, signal });
    });
    child.once('error', () => {
      liveChildren.delete(child);
      resolve({ code: null, signal: null });
    });
  });
  const logTail = (lines = 20): string => {
    try {
      return fs.readFileSync(opts.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  };
  const stop = async (): Promise<void> => {
    killGroup(child, 'SIGTERM');
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };
  return { child, logFile: opts.logFile, exited, logTail, stop };
}

/**
 * Polls `probe` until it returns true, the process dies, or the deadline passes. Probe errors
 * count as "not yet" (connection refused while the server binds).
 */
export async function waitUntilReady(
  what: string,
  proc: ManagedProcess,
  probe: () => Promise<boolean>,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let dead = false;
  void proc.exited.then(() => {
    dead = true;
  });
  let lastError = '';
  while (Date.now() < deadline) {
    if (dead) throw new Error(`${what} exited during start-up; log ${proc.logFile}:\n${proc.logTail()}`);
    try {
      if (await probe()) return;
    } catch (err) {
      lastError = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await proc.stop();
  throw new Error(
    `${what} did not answer within ${timeoutMs} ms (${lastError}); log ${proc.logFile}:\n${proc.logTail()}`,
  );
}

/** fetch with a hard deadline: a hung toxic or server must fail the test, not stall it. */
export async function fetchWithTimeout(url: string, init: RequestInit = {}, timeoutMs = 10_000): Promise<Response> {
  return fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
}
