import type { CacheHandler } from './handler.js';
import type { Logger } from './log.js';
import type { BodySink, ParsedRequest, Response } from './protocol/types.js';
import { encodeHit, encodeResponse, type ResponseSink } from './protocol/writer.js';
import type { Stats } from './stats.js';
import type { LocalEntry } from './store/local-store.js';

/**
 * A command beyond go's three, for the job server's own clients (the bridge, the post step), never
 * sent by go. Undefined is a notice: nothing is answered.
 */
export type ControlHandler = (request: ParsedRequest) => Promise<Response | undefined>;

export interface SessionOptions {
  handler: CacheHandler;
  sink: ResponseSink;
  stats: Stats;
  log: Logger;
  /** Runs after every get and put is answered and before close is: per-process mode waits for uploads here. */
  beforeCloseReply?(): Promise<void>;
  /** Called once close has been answered. */
  onClosed?(): void;
  control?: ControlHandler;
}

/**
 * One go command's conversation: answers get, put and close over any byte stream, knowing the
 * cache only through CacheHandler. Responses may go out of order (go matches them by ID); close
 * is answered after everything before it.
 */
export class Session {
  private readonly inflight = new Set<Promise<unknown>>();

  constructor(private readonly options: SessionOptions) {}

  /** Called by the reader for each request; returns the sink of a put body. */
  onRequest(request: ParsedRequest): BodySink | undefined {
    const { stats, log } = this.options;
    if (request.error) {
      stats.add('protocolErrors');
      log.warn(`bad ${request.command || 'request'} (ID ${request.id}): ${request.error}`);
      this.reply({ ID: request.id, Err: request.error });
      return undefined;
    }
    switch (request.command) {
      case 'get':
        this.get(request.id, request.actionId as string);
        return undefined;
      case 'put':
        return this.put(request);
      case 'close':
        void this.close(request.id).catch((err: unknown) => log.error(`close: ${(err as Error).message}`));
        return undefined;
      default:
        if (this.options.control) {
          const control = this.options.control;
          this.track(
            control(request).then(
              (r) => r && this.reply(r),
              (err: unknown) => this.reply({ ID: request.id, Err: (err as Error).message }),
            ),
          );
          return undefined;
        }
        stats.add('protocolErrors');
        this.reply({ ID: request.id, Err: `unknown command "${request.command}" (known: get, put, close)` });
        return undefined;
    }
  }

  /** Resolves once every request received so far has been answered. */
  async settled(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }

  private track(work: Promise<unknown>): void {
    const tracked = work.catch((err: unknown) => {
      this.options.log.error(`internal error: ${(err as Error).stack ?? String(err)}`);
    });
    this.inflight.add(tracked);
    void tracked.finally(() => this.inflight.delete(tracked));
  }

  private reply(response: Response): void {
    this.options.sink.send(encodeResponse(response));
  }

  /** A local hit is answered before this returns: most gets of a warm build never wait on a promise. */
  private get(id: number, actionId: string): void {
    const { stats, handler } = this.options;
    const started = performance.now();
    stats.add('gets');
    let entry: LocalEntry | undefined;
    try {
      entry = handler.getLocal(actionId);
    } catch (err) {
      this.storeUnreadable(err);
    }
    if (entry) {
      this.options.sink.send(encodeHit(id, entry));
      stats.time('get', started);
      return;
    }
    this.track(
      handler.getRemote(actionId).then(
        (fetched) => {
          this.options.sink.send(fetched ? encodeHit(id, fetched) : encodeResponse({ ID: id, Miss: true }));
          stats.time('get', started);
        },
        (err: unknown) => {
          this.storeUnreadable(err);
          this.reply({ ID: id, Miss: true });
        },
      ),
    );
  }

  private storeUnreadable(err: unknown): void {
    // A store that cannot even be read is a miss: go builds it and tries to put it.
    this.options.log.warnOnce(
      'get-failed',
      `could not read the local cache (${(err as Error).message}); treating lookups that fail as misses`,
    );
  }

  private put(request: ParsedRequest): BodySink | undefined {
    const actionId = request.actionId as string;
    const started = performance.now();
    const body = this.options.handler.put(actionId, request.outputId as string, request.bodySize);
    const end = (streamError?: Error): void => {
      this.track(
        body.end(streamError).then(
          (entry) => {
            this.reply({ ID: request.id, DiskPath: entry.diskPath });
            this.options.stats.time('put', started);
          },
          (err: unknown) => {
            // A body that is not what go promised, or a broken stream (the disk's failures are
            // answered as puts by the handler).
            this.options.stats.add('protocolErrors');
            this.options.log.warn(`put ${actionId} refused: ${(err as Error).message}`);
            this.reply({ ID: request.id, Err: `put ${actionId}: ${(err as Error).message}` });
          },
        ),
      );
    };
    if (request.bodySize === 0) {
      end();
      return undefined;
    }
    return { write: (chunk) => body.write(chunk), end };
  }

  private async close(id: number): Promise<void> {
    // Every get and put is answered before close is, as go expects.
    await this.settled();
    await this.options.beforeCloseReply?.();
    this.reply({ ID: id });
    this.options.onClosed?.();
  }
}
