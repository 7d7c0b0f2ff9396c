import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { connectJobServer, readServerFile, request, type ServerTarget } from '../cacheprog/job-client.js';

/** dist/bridge/<os>-<arch>/gobuildcache-bridge[.exe] for this runner, if the action ships one. */
export function bridgeBinary(distDir: string, platform: NodeJS.Platform = process.platform, arch: string = process.arch): string | undefined {
  const goos = { linux: 'linux', darwin: 'darwin', win32: 'windows' }[platform as string];
  const goarch = { x64: 'amd64', arm64: 'arm64' }[arch];
  if (!goos || !goarch) return undefined;
  const file = path.join(distDir, 'bridge', `${goos}-${goarch}`, goos === 'windows' ? 'gobuildcache-bridge.exe' : 'gobuildcache-bridge');
  return fs.existsSync(file) ? file : undefined;
}

/** Unix sockets take paths of at most 104 bytes (macOS) to 108 (Linux). */
const MAX_SOCKET_PATH = 100;

/**
 * Where the job server listens: a Unix socket in a 0700 directory of this run, or, on Windows,
 * loopback tcp with a token (the bridge reads both from the server file).
 */
export function socketFor(runDir: string, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return 'tcp:127.0.0.1:0';
  let dir = path.join(runDir, 'sock');
  if (path.join(dir, 's').length > MAX_SOCKET_PATH) dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gbc-'));
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
  return `unix:${path.join(dir, 's')}`;
}

export interface StartOptions {
  node: string;
  script: string;
  socket: string;
  serverFile: string;
  /** Extra flags for the server (the manifest it prefetches). */
  flags: string[];
  env: NodeJS.ProcessEnv;
  logFile: string;
  readyTimeoutMs: number;
}

/**
 * Starts the job server detached (its own process group, stdio on a log file, unref'd) so it
 * outlives this step and serves every later one, and waits until it answers a handshake.
 * Rejects with the reason when it does not, after stopping what was started.
 */
export async function startJobServer(opts: StartOptions): Promise<{ pid: number; target: ServerTarget }> {
  fs.rmSync(opts.serverFile, { force: true });
  const log = fs.openSync(opts.logFile, 'a');
  let pid: number | undefined;
  let exited: string | undefined;
  try {
    const child = spawn(opts.node, [opts.script, 'serve', '-socket', opts.socket, '-server-file', opts.serverFile, ...opts.flags], {
      detached: true,
      stdio: ['ignore', log, log],
      env: opts.env,
      windowsHide: true,
    });
    child.on('error', (err) => (exited = err.message));
    child.on('exit', (code, signal) => (exited = `it exited (${signal ?? `code ${code}`})`));
    child.unref();
    pid = child.pid;
  } finally {
    fs.closeSync(log);
  }
  const deadline = Date.now() + opts.readyTimeoutMs;
  while (Date.now() < deadline && exited === undefined) {
    const target = readServerFile(opts.serverFile);
    if (target) {
      try {
        const socket = await connectJobServer(target, Math.max(1, deadline - Date.now()));
        // The handshake (ID 0) proves a session works end to end.
        await request(socket, { ID: 0 }, Math.max(1, deadline - Date.now())).finally(() => socket.destroy());
        return { pid: pid as number, target };
      } catch {
        // not ready yet
      }
    }
    await sleep(20);
  }
  if (pid !== undefined && exited === undefined) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // gone already
    }
  }
  let tail = '';
  try {
    tail = fs.readFileSync(opts.logFile, 'utf8').trim().split('\n').slice(-3).join(' | ');
  } catch {
    // no log
  }
  throw new Error(`${exited ?? `it did not answer within ${opts.readyTimeoutMs} ms`}${tail ? `: ${tail}` : ''}`);
}

/** In the run's own directory, beside the server file. */
export function serverLogFile(runDir: string): string {
  return path.join(runDir, 'server.log');
}
