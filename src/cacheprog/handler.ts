// The contract between a protocol session and the cache behind it (creachadair/gocache's
// Server{Get,Put,Close} split): session.ts speaks go's protocol over any byte stream and knows only
// this; cache.ts implements it.
import type { LocalEntry } from './store/local-store.js';

/** A put body as it streams in; `end` resolves once the entry is stored (and, when synchronous, uploaded). */
export interface PutBody {
  write(chunk: Buffer): void;
  end(error?: Error): Promise<LocalEntry>;
}

/**
 * What a protocol session needs of the cache, and all it knows of it (creachadair/gocache's
 * Get/Put shape): a session speaks the protocol, the handler owns storage, remote and uploads.
 */
export interface CacheHandler {
  /** The entry when the local cache has it, answered at once (no promise between go and a local hit). */
  getLocal(actionId: string): LocalEntry | undefined;
  /** After getLocal missed: the entry from the remote, now stored locally, or undefined for a miss. Never rejects because of the remote. */
  getRemote(actionId: string): Promise<LocalEntry | undefined>;
  /** Starts storing a put; the body streams into the returned sink. */
  put(actionId: string, outputId: string, size: number): PutBody;
}
