import fs from 'node:fs';
import type { LocalEntry } from '../store/local-store.js';
import type { Response } from './types.js';
import { KNOWN_COMMANDS } from './types.js';

/** Where a session's responses go, one encoded line each: go's pipe, or the bridge's socket. */
export interface ResponseSink {
  send(line: string): void;
}

export function encodeResponse(response: Response): string {
  return `${JSON.stringify(response)}\n`;
}

/** Everything of a hit's answer after its ID, per entry: a warm build asks for the same entries again. */
const hitTails = new WeakMap<LocalEntry, string>();

/** A hit's answer, as encodeResponse would write it, from the entry's cached tail. */
export function encodeHit(id: number, entry: LocalEntry): string {
  let tail = hitTails.get(entry);
  if (tail === undefined) {
    const rest: Omit<Response, 'ID'> = {
      OutputID: hexToBase64(entry.outputId),
      Size: entry.size,
      Time: entry.time.toISOString(),
      DiskPath: entry.diskPath,
    };
    tail = JSON.stringify(rest).slice(1);
    hitTails.set(entry, tail);
  }
  return `{"ID":${id},${tail}\n`;
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
    this.send(encodeResponse(HANDSHAKE));
  }

  send(line: string): void {
    const data = Buffer.from(line);
    for (let offset = 0; offset < data.length;) {
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
