import fs from 'node:fs';
import net from 'node:net';
import { parseSocketAddress } from './config.js';
import type { ServerFile } from './job-server.js';

export interface ServerTarget {
  socket: string;
  token?: string;
  pid?: number;
}

export function readServerFile(file: string): ServerTarget | undefined {
  try {
    const info = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<ServerFile>;
    return typeof info.socket === 'string' ? { socket: info.socket, token: info.token, pid: info.pid } : undefined;
  } catch {
    return undefined;
  }
}

/** Connects as the bridge does: the socket, then the token line for tcp. */
export function connectJobServer(target: ServerTarget, timeoutMs: number): Promise<net.Socket> {
  const address = parseSocketAddress(target.socket);
  return new Promise((resolve, reject) => {
    const socket = address.kind === 'unix' ? net.connect(address.path) : net.connect(address.port, address.host);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer from ${target.socket} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    socket.once('connect', () => {
      clearTimeout(timer);
      if (target.token) socket.write(`${JSON.stringify({ Token: target.token })}\n`);
      resolve(socket);
    });
  });
}

/**
 * Sends one request and resolves with the response of the same ID (others are skipped). With only
 * an ID 0 and no command, sends nothing and waits for the server's handshake.
 */
export function request(
  socket: net.Socket,
  body: Record<string, unknown> & { ID: number },
  timeoutMs: number,
): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(
      () =>
        done(
          new Error(
            `no answer to ${body.Command === undefined ? 'the handshake' : String(body.Command as string)} within ${timeoutMs} ms`,
          ),
        ),
      timeoutMs,
    );
    const done = (err?: Error, value?: Record<string, unknown>): void => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('close', onClose);
      if (err) reject(err);
      else resolve(value as Record<string, unknown>);
    };
    const onData = (chunk: Buffer): void => {
      buffered += chunk.toString('utf8');
      for (let nl = buffered.indexOf('\n'); nl !== -1; nl = buffered.indexOf('\n')) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        try {
          const response = JSON.parse(line) as Record<string, unknown>;
          if (response.ID === body.ID) return done(undefined, response);
        } catch {
          return done(new Error(`not a protocol response: ${line.slice(0, 100)}`));
        }
      }
    };
    const onClose = (): void => done(new Error('the server closed the connection before answering'));
    socket.on('data', onData);
    socket.once('close', onClose);
    if (body.Command !== undefined) socket.write(`${JSON.stringify(body)}\n`);
  });
}

/** How long a live job server may take to greet a new connection, however busy it is. */
export const HANDSHAKE_WAIT_MS = 3_000;

/**
 * The marker a bridge leaves beside the server file (or the unix socket) once the server stopped
 * answering (src/bridge/liveness.go): later go commands of the job fall back without waiting.
 */
export const WEDGED_SUFFIX = '.wedged';

export interface FinishOutcome {
  /** The server answered (false: it was gone, or did not answer in time). */
  finished: boolean;
  /** Uploads it handed to the spool. */
  pending: number;
  message: string;
}

/**
 * Asks the job server to finish: stop prefetching, wait up to waitMs for its uploads, spool the
 * rest, write its statistics and exit. A server that is gone (crashed, killed) is not an error:
 * its journal is in the spool dir for the drain.
 */
export async function finishJobServer(target: ServerTarget, timeoutMs: number, waitMs: number): Promise<FinishOutcome> {
  let socket: net.Socket;
  try {
    socket = await connectJobServer(target, 5_000);
  } catch (err) {
    return {
      finished: false,
      pending: 0,
      message: `the job server at ${target.socket} is not running (${(err as Error).message})`,
    };
  }
  try {
    // A stopped or wedged server still accepts (the kernel does), but never greets: asking it to
    // finish would only wait out the whole deadline.
    try {
      await request(socket, { ID: 0 }, HANDSHAKE_WAIT_MS);
    } catch (err) {
      return {
        finished: false,
        pending: 0,
        message: `the job server at ${target.socket} is stopped or wedged (${(err as Error).message})`,
      };
    }
    const response = await request(socket, { ID: 1, Command: 'finish', WaitMs: waitMs }, timeoutMs);
    if (typeof response.Err === 'string')
      return { finished: false, pending: 0, message: `the job server refused to finish: ${response.Err}` };
    const pending = Number(response.Pending) || 0;
    return {
      finished: true,
      pending,
      message: `the job server finished${pending > 0 ? `, handing ${pending} upload(s) to the spool` : ' with every upload done'}`,
    };
  } catch (err) {
    return { finished: false, pending: 0, message: `the job server did not finish: ${(err as Error).message}` };
  } finally {
    socket.destroy();
  }
}
