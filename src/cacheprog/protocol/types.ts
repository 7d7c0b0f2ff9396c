/** A request as the go command sends it (cmd/go/internal/cacheprog). */
export interface Request {
  ID: number;
  Command: string;
  /** Base64 of 32 bytes. */
  ActionID?: string;
  /** Base64 of 32 bytes; put only. */
  OutputID?: string;
  /** Old name of OutputID in Go 1.21–1.24 experiment builds. */
  ObjectID?: string;
  BodySize?: number;
}

export interface Response {
  ID: number;
  Err?: string;
  KnownCommands?: string[];
  Miss?: boolean;
  /** Base64 of 32 bytes. */
  OutputID?: string;
  Size?: number;
  /** RFC 3339. */
  Time?: string;
  DiskPath?: string;
  /** The job server's answer to finish: uploads it handed to the spool. */
  Pending?: number;
  /** The job server's handshake: the local store's directory, whose hits the bridge answers itself. */
  CacheDir?: string;
}

/** A sha256 in lower-case hex: action and output ids, pack part keys. */
export const HEX_ID = /^[0-9a-f]{64}$/;

export const KNOWN_COMMANDS = ['get', 'put', 'close'] as const;

/** A request with its ids decoded, ready for the server. Ids are lower-case hex. */
export interface ParsedRequest {
  id: number;
  command: string;
  actionId?: string;
  outputId?: string;
  bodySize: number;
  /** Set when the request itself is malformed: the server answers with this error. */
  error?: string;
  /** Every field of a command that is not go's (the job server's control commands), keys lower-cased. */
  fields?: ReadonlyMap<string, unknown>;
}

/** Receives a put body as it streams in, so large bodies never sit whole in memory. */
export interface BodySink {
  write(chunk: Buffer): void;
  /** Called once the whole body has arrived (or with an error when the stream broke). */
  end(error?: Error): void;
}
