import type { Response } from './types.js';
import { KNOWN_COMMANDS } from './types.js';

/** Writes protocol responses. stdout belongs to the go command: nothing else may ever go there. */
export class ResponseWriter {
  constructor(private readonly out: NodeJS.WritableStream = process.stdout) {}

  handshake(): void {
    this.send({ ID: 0, KnownCommands: [...KNOWN_COMMANDS] });
  }

  send(response: Response): void {
    this.out.write(`${JSON.stringify(response)}\n`);
  }

  /** Resolves once everything written so far has been handed to the OS. */
  flush(): Promise<void> {
    return new Promise((resolve) => this.out.write('', () => resolve()));
  }
}

export function hexToBase64(hex: string): string {
  return Buffer.from(hex, 'hex').toString('base64');
}
