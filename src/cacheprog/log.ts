import { redactUrlCredentials } from './redact.js';

/** Warnings of one kind a process prints before it only counts them (see warnLimited). */
export const WARN_LIMIT = 5;

/**
 * Logs to stderr only: stdout is the protocol channel to the go command. Every line loses the
 * user:password@ of any URL in it, whatever message (an SDK error, say) put it there.
 */
export class Logger {
  private readonly warned = new Set<string>();
  private readonly limited = new Map<string, number>();

  constructor(
    private readonly debugEnabled = false,
    write: (line: string) => void = (line) => process.stderr.write(line),
  ) {
    this.write = (line) => write(line.includes('@') ? redactUrlCredentials(line) : line);
  }

  private readonly write: (line: string) => void;

  debug(message: string): void {
    if (this.debugEnabled) this.write(`gobuildcache: debug: ${message}\n`);
  }

  info(message: string): void {
    this.write(`gobuildcache: ${message}\n`);
  }

  warn(message: string): void {
    this.write(`gobuildcache: warning: ${message}\n`);
  }

  /** One warning per key for the life of the process, however often the cause recurs. */
  warnOnce(key: string, message: string): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.warn(message);
  }

  /**
   * At most `limit` warnings of one kind for the life of the process (verification rejects: a
   * tampered bucket would otherwise print one per object); the last one says more are counted,
   * and flushLimited() prints how many were held back.
   */
  warnLimited(kind: string, message: string, limit = WARN_LIMIT): void {
    const count = (this.limited.get(kind) ?? 0) + 1;
    this.limited.set(kind, count);
    if (count < limit) this.warn(message);
    else if (count === limit) this.warn(`${message} (further ${kind} are counted, not printed)`);
  }

  /** One line per kind that went past its limit; call once at exit. */
  flushLimited(limit = WARN_LIMIT): void {
    for (const [kind, count] of this.limited) {
      if (count > limit) this.warn(`${count - limit} more ${kind} were not printed (${count} in all)`);
    }
    this.limited.clear();
  }

  error(message: string): void {
    this.write(`gobuildcache: error: ${message}\n`);
  }
}
