import fs from 'node:fs';
import type { Response } from './types.js';
import { KNOWN_COMMANDS } from './types.js';

/**
 * Writes protocol responses. stdout belongs to the go command: nothing else may ever go there.
 * A plain blocking write(2) on fd 1 skips the stream machinery of process.stdout, which is most of
 * the cost of a response; go reads its end continuously, so the write never waits for long.
 */
export class ResponseWriter {
  constructor(private readonly fd = 1) {}

  handshake(): void {
    this.send({ ID: 0, KnownCommands: [...KNOWN_COMMANDS] });
  }

  send(response: Response): void {
    const data = Buffer.from(`${JSON.stringify(response)}\n`);
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
