import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ENTRY = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/cacheprog/index.js');

export interface Reply {
  ID: number;
  Err?: string;
  KnownCommands?: string[];
  Miss?: boolean;
  OutputID?: string;
  Size?: number;
  Time?: string;
  DiskPath?: string;
}

/**
 * Speaks the protocol to the real bundled entrypoint the way cmd/go/internal/cache/prog.go does:
 * a JSON line, a blank line, and for a put with a body a base64 JSON string line.
 */
export class CacheprogProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly replies: Reply[] = [];
  stderr = '';
  private buffer = '';
  private waiters: { id: number; resolve: (r: Reply) => void }[] = [];
  readonly exited: Promise<number | null>;

  constructor(args: string[], env: NodeJS.ProcessEnv = {}) {
    this.child = spawn(process.execPath, [ENTRY, ...args], { env: { ...process.env, ...env }, stdio: 'pipe' });
    this.child.stdout.setEncoding('utf8');
    this.child.stdout.on('data', (text: string) => this.onStdout(text));
    this.child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
  }

  private onStdout(text: string): void {
    this.buffer += text;
    let newline;
    while ((newline = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, newline).trim();
      this.buffer = this.buffer.slice(newline + 1);
      if (!line) continue;
      const reply = JSON.parse(line) as Reply;
      this.replies.push(reply);
      const i = this.waiters.findIndex((w) => w.id === reply.ID);
      if (i >= 0) this.waiters.splice(i, 1)[0]?.resolve(reply);
    }
  }

  /** Resolves with the reply to request id (or the handshake, id 0). Bounded by timeoutMs. */
  reply(id: number, timeoutMs = 20_000): Promise<Reply> {
    const seen = this.replies.find((r) => r.ID === id);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no reply to ${id} within ${timeoutMs} ms; stderr: ${this.stderr}`)),
        timeoutMs,
      );
      this.waiters.push({
        id,
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
      });
    });
  }

  writeRaw(text: string | Buffer): void {
    this.child.stdin.write(text);
  }

  get(id: number, actionId: Buffer): void {
    this.writeRaw(`${JSON.stringify({ ID: id, Command: 'get', ActionID: actionId.toString('base64') })}\n\n`);
  }

  put(id: number, actionId: Buffer, body: Buffer, opts: { legacyObjectId?: boolean; outputId?: Buffer } = {}): void {
    const outputId = (opts.outputId ?? sha256(body)).toString('base64');
    const request: Record<string, unknown> = { ID: id, Command: 'put', ActionID: actionId.toString('base64') };
    request[opts.legacyObjectId ? 'ObjectID' : 'OutputID'] = outputId;
    if (body.length > 0) request.BodySize = body.length;
    this.writeRaw(`${JSON.stringify(request)}\n\n`);
    if (body.length > 0) {
      this.writeRaw('"');
      // Stream the base64 in pieces, as go's base64 encoder over a bufio writer does.
      for (let i = 0; i < body.length; i += 3 * 40_000)
        this.writeRaw(body.subarray(i, i + 3 * 40_000).toString('base64'));
      this.writeRaw('"\n');
    }
  }

  async close(id: number): Promise<Reply> {
    this.writeRaw(`${JSON.stringify({ ID: id, Command: 'close' })}\n\n`);
    const reply = await this.reply(id);
    this.child.stdin.end();
    return reply;
  }

  kill(): void {
    this.child.kill('SIGKILL');
  }
}

export function sha256(data: Buffer): Buffer {
  return crypto.createHash('sha256').update(data).digest();
}

export function randomId(): Buffer {
  return crypto.randomBytes(32);
}
