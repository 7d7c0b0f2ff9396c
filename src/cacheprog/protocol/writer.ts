import fs from 'node:fs';
import type { Response } from './types.js';
import { KNOWN_COMMANDS } from './types.js';

/** Where a session's responses go: go's stdin pipe (per-process mode) or a socket (job server). */
export interface ResponseSink {
  send(response: Response): void;
}

export function encodeResponse(response: Response): Buffer {
  return Buffer.from(`${JSON.stringify(response)}\n`);
}

export const HANDSHAKE: Response = { ID: 0, KnownCommands: [...KNOWN_COMMANDS] };

/**
 * Writes protocol responses to a file descriptor. stdout belongs to the go command: nothing else
 * may ever go there. A plain blocking write(2) on fd 1 skips the stream machinery of
 * process.stdout, which is most of the cost of a response; go reads its end continuously, so the
 * write never waits for long.
 */
export class ResponseWriter implements ResponseSink {
  constructor(private readonly fd = 1) {}

  handshake(): void {
    this.send(HANDSHAKE);
  }

  send(response: Response): void {
    const data = encodeResponse(response);
    for (let offset = 0; offset < data.length; ) {
      try {
        offset += fs.writeSync(this.fd, data, offset);
      } catch (err) {
        // A non-blocking pipe that is momentarily full: go is still reading, so try again.
        if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
      }
    }
  }
}

export function hexToBase64(hex: string): string {
  return Buffer.from(hex, 'hex').toString('base64');
}
