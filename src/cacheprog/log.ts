/** Logs to stderr only: stdout is the protocol channel to the go command. */
export class Logger {
  private readonly warned = new Set<string>();

  constructor(
    private readonly debugEnabled = false,
    private readonly write: (line: string) => void = (line) => process.stderr.write(line),
  ) {}

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

  error(message: string): void {
    this.write(`gobuildcache: error: ${message}\n`);
  }
}
