// A job server as the action's main step starts it (serve -socket … -server-file …), and the
// GOCACHEPROG that reaches it through the committed bridge binary.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { connectJobServer, readServerFile } from '../../src/cacheprog/job-client.js';
import { ENTRYPOINT } from './go.js';
import { REPO_ROOT, startManaged, tempDir, waitUntilReady, type ManagedProcess } from './proc.js';

const run = promisify(execFile);

export const BRIDGE = path.join(REPO_ROOT, 'dist', 'bridge', `${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch === 'x64' ? 'amd64' : process.arch}`, 'gobuildcache-bridge');

export interface TestJobServer {
  proc: ManagedProcess;
  socket: string;
  serverFile: string;
  /** GOCACHEPROG for go commands of this job. */
  command: string;
  /** The `finish` subcommand, as the post step asks it; resolves with its exit code and stderr. */
  finish(waitMs?: number): Promise<{ code: number; stderr: string }>;
  /** Peak RSS of the server so far, from /proc (Linux). */
  peakRssKB(): number;
}

/**
 * Starts `serve -socket` with the given env (GOBUILDCACHE_* settings) and flags and waits until a
 * client can connect. tcp: true listens on loopback tcp with a token (the Windows shape).
 */
export async function startTestJobServer(opts: { env?: Record<string, string>; flags?: string[]; tcp?: boolean } = {}): Promise<TestJobServer> {
  const dir = tempDir('jobserver');
  fs.chmodSync(dir, 0o700);
  const socket = opts.tcp ? 'tcp:127.0.0.1:0' : `unix:${path.join(dir, 's')}`;
  const serverFile = path.join(dir, 'server.json');
  const proc = startManaged(process.execPath, [ENTRYPOINT, 'serve', '-socket', socket, '-server-file', serverFile, ...(opts.flags ?? [])], {
    env: { ...scrubbed(), ...opts.env },
    logFile: path.join(dir, 'server.log'),
  });
  await waitUntilReady('job server', proc, async () => {
    const target = readServerFile(serverFile);
    if (!target) return false;
    (await connectJobServer(target, 1_000)).destroy();
    return true;
  });
  const where = opts.tcp ? ['-server-file', serverFile] : ['-socket', socket];
  return {
    proc,
    socket,
    serverFile,
    command: [BRIDGE, ...where, '-node', process.execPath, '-script', ENTRYPOINT].join(' '),
    async finish(waitMs = 60_000) {
      try {
        const r = await run(process.execPath, [ENTRYPOINT, 'finish', '-server-file', serverFile, '-drain-timeout', `${waitMs}ms`], { timeout: waitMs + 60_000 });
        await proc.exited;
        return { code: 0, stderr: r.stderr };
      } catch (err) {
        const e = err as { code?: number; stderr?: string };
        return { code: typeof e.code === 'number' ? e.code : 1, stderr: e.stderr ?? String(err) };
      }
    },
    peakRssKB() {
      try {
        return Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${proc.child.pid}/status`, 'utf8'))?.[1] ?? 0);
      } catch {
        return 0;
      }
    },
  };
}

/** The test process's env without our settings: the server must see only what the test gives it. */
function scrubbed(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('GOBUILDCACHE_') && !k.startsWith('AWS_')) env[k] = v;
  return env;
}
