import type { BodySink, ParsedRequest } from './types.js';

export interface ReaderHandlers {
  /** Called for every request; a put with a body returns where the body should stream to. */
  onRequest(request: ParsedRequest): BodySink | undefined;
  /** The stream can no longer be framed (bad JSON, missing body): nothing more can be read. */
  onFatal(message: string): void;
}

const NEWLINE = 0x0a;
const QUOTE = 0x22;
const MAX_HEADER_BYTES = 1 << 20;

function isSpace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/** Decodes a base64 id; returns an error text naming the field when it is not 32 bytes. */
function decodeId(value: unknown, field: string): { hex?: string; error?: string } {
  if (typeof value !== 'string') return { error: `${field} is missing or not a base64 string` };
  const bytes = Buffer.from(value, 'base64');
  if (bytes.length !== 32) return { error: `${field} must be 32 bytes, got ${bytes.length}` };
  return { hex: bytes.toString('hex') };
}

/** Request fields as cmd/go declares them. */
const DECLARED = new Set(['ID', 'Command', 'ActionID', 'OutputID', 'ObjectID', 'BodySize']);

export function parseRequest(json: unknown): ParsedRequest {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { id: -1, command: '', bodySize: 0, error: 'request is not a JSON object' };
  }
  const object = json as Record<string, unknown>;
  // encoding/json matches field names case-insensitively, and so does go's side of the protocol.
  // go itself writes them as declared, so the lower-cased map is built only for other spellings.
  let lowered: Map<string, unknown> | undefined;
  const lower = (): Map<string, unknown> =>
    (lowered ??= new Map(Object.entries(object).map(([k, v]) => [k.toLowerCase(), v])));
  const asDeclared = Object.keys(object).every((k) => DECLARED.has(k));
  const field = (name: string): unknown =>
    asDeclared || Object.hasOwn(object, name) ? object[name] : lower().get(name.toLowerCase());
  const id = field('ID');
  const command = field('Command');
  const bodySizeRaw = field('BodySize') ?? 0;
  const request: ParsedRequest = {
    id: typeof id === 'number' && Number.isSafeInteger(id) ? id : -1,
    command: typeof command === 'string' ? command : '',
    bodySize:
      typeof bodySizeRaw === 'number' && Number.isSafeInteger(bodySizeRaw) && bodySizeRaw >= 0 ? bodySizeRaw : 0,
  };
  if (request.id < 0)
    return { ...request, error: `request ID must be a non-negative integer, got ${JSON.stringify(id)}` };
  if (request.bodySize === 0 && bodySizeRaw !== 0) {
    return { ...request, error: `BodySize must be a non-negative integer, got ${JSON.stringify(bodySizeRaw)}` };
  }
  if (request.command === 'get' || request.command === 'put') {
    const action = decodeId(field('ActionID'), 'ActionID');
    if (action.error) return { ...request, error: action.error };
    request.actionId = action.hex;
  }
  if (request.command === 'put') {
    const output = decodeId(field('OutputID') ?? field('ObjectID'), 'OutputID');
    if (output.error) return { ...request, error: output.error };
    request.outputId = output.hex;
  }
  if (request.command !== 'get' && request.command !== 'put' && request.command !== 'close') request.fields = lower();
  return request;
}

/** Swallows the body of a request that is answered with an error, so framing stays intact. */
const DISCARD: BodySink = { write() {}, end() {} };

/**
 * Streams requests off stdin. A put body is a JSON string of base64 that can be tens of MB: it is
 * decoded chunk by chunk into a sink, never joined into one string, so memory and time stay linear.
 */
export class RequestReader {
  private state: 'header' | 'bodyStart' | 'body' | 'dead' = 'header';
  private headerParts: Buffer[] = [];
  private headerBytes = 0;
  private sink: BodySink = DISCARD;
  private expected = 0;
  private decoded = 0;
  /** Base64 characters left over from the last chunk (fewer than 4). */
  private carry = '';

  constructor(private readonly handlers: ReaderHandlers) {}

  push(chunk: Buffer): void {
    let pos = 0;
    while (pos < chunk.length && this.state !== 'dead') {
      if (this.state === 'body') pos = this.readBody(chunk, pos);
      else if (this.state === 'bodyStart') pos = this.readBodyStart(chunk, pos);
      else pos = this.readHeader(chunk, pos);
    }
  }

  /** stdin closed. A request cut off midway is reported; a clean end is not. */
  end(): void {
    if (this.state === 'body' || this.state === 'bodyStart') {
      this.sink.end(new Error(`stdin closed in the middle of a put body (${this.decoded} of ${this.expected} bytes)`));
      this.fatal('stdin closed in the middle of a put body');
    } else if (this.headerBytes > 0 && Buffer.concat(this.headerParts).toString().trim() !== '') {
      this.fatal('stdin closed in the middle of a request');
    }
    this.state = 'dead';
  }

  private fatal(message: string): void {
    this.state = 'dead';
    this.handlers.onFatal(message);
  }

  private readHeader(chunk: Buffer, start: number): number {
    let pos = start;
    if (this.headerBytes === 0) while (pos < chunk.length && isSpace(chunk[pos])) pos++;
    if (pos >= chunk.length) return pos;
    const newline = chunk.indexOf(NEWLINE, pos);
    const end = newline === -1 ? chunk.length : newline;
    this.headerParts.push(chunk.subarray(pos, end));
    this.headerBytes += end - pos;
    if (this.headerBytes > MAX_HEADER_BYTES) {
      this.fatal(`malformed request: a request line is longer than ${MAX_HEADER_BYTES} bytes`);
      return chunk.length;
    }
    if (newline === -1) return chunk.length;
    const line = this.headerParts.length === 1 ? this.headerParts[0] : Buffer.concat(this.headerParts);
    this.headerParts = [];
    this.headerBytes = 0;
    this.handleHeader(line.toString('utf8'));
    return newline + 1;
  }

  private handleHeader(line: string): void {
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (err) {
      this.fatal(`malformed request: invalid JSON (${(err as Error).message}): ${line.slice(0, 200)}`);
      return;
    }
    const request = parseRequest(json);
    if (request.id < 0) {
      // Without an ID no answer can reach the right waiter: say what was wrong and stop.
      this.fatal(`malformed request: ${request.error ?? 'no ID'}: ${line.slice(0, 200)}`);
      return;
    }
    const sink = this.handlers.onRequest(request);
    if (request.bodySize > 0) {
      this.sink = sink ?? DISCARD;
      this.expected = request.bodySize;
      this.decoded = 0;
      this.carry = '';
      this.state = 'bodyStart';
    }
  }

  private readBodyStart(chunk: Buffer, start: number): number {
    let pos = start;
    while (pos < chunk.length && isSpace(chunk[pos])) pos++;
    if (pos >= chunk.length) return pos;
    if (chunk[pos] !== QUOTE) {
      this.sink.end(new Error('put body is missing'));
      this.fatal(`malformed request: expected a base64 body string after a put with BodySize ${this.expected}`);
      return chunk.length;
    }
    this.state = 'body';
    return pos + 1;
  }

  private readBody(chunk: Buffer, start: number): number {
    const quote = chunk.indexOf(QUOTE, start);
    const end = quote === -1 ? chunk.length : quote;
    let text = this.carry + chunk.toString('latin1', start, end);
    const whole = quote === -1 ? text.length - (text.length % 4) : text.length;
    this.carry = text.slice(whole);
    text = text.slice(0, whole);
    if (text.length > 0) {
      const bytes = Buffer.from(text, 'base64');
      this.decoded += bytes.length;
      if (this.decoded <= this.expected) this.sink.write(bytes);
    }
    if (quote === -1) return chunk.length;
    if (this.decoded !== this.expected) {
      this.sink.end(
        new Error(`body size mismatch: BodySize is ${this.expected} but the body decodes to ${this.decoded} bytes`),
      );
    } else {
      this.sink.end();
    }
    this.sink = DISCARD;
    this.state = 'header';
    return quote + 1;
  }
}
