import type { Logger } from './log.js';
import type { Stats } from './stats.js';

/** A lookup slower than this costs more than compiling a typical package. */
const SLOW_LOOKUP_MS = 1_000;
/** Of go's last LOOKUP_WINDOW lookups, SLOW_LOOKUPS slow ones turn lookups off: one slow cold start does not. */
const LOOKUP_WINDOW = 8;
const SLOW_LOOKUPS = 3;

/** How go's wait for one remote lookup ends: `done` once the lookup ended, whatever its outcome. */
export interface LookupTimer {
  done(): void;
}

/**
 * go's waits on the remote, and the rule that stops them: a remote slower than compiling makes
 * every miss (and hit) cost more than building it. Once SLOW_LOOKUPS of go's last LOOKUP_WINDOW
 * lookups were slow, lookups skip the remote for the rest of this process, with one warning, and
 * the gets still waiting are answered as misses. Uploads go on, so the next run still finds this
 * one's work. (The prefetcher's downloads are not timed: go does not wait for them.)
 */
export class RemoteLookups {
  /** Whether each of go's last lookups was slow. */
  private readonly recent: boolean[] = [];
  private skipping = false;
  /** go's gets waiting on the remote, by action: answered as misses once their lookup is slow. */
  private readonly waiters = new Map<string, Set<() => void>>();

  constructor(private readonly deps: { stats: Stats; log: Logger }) {}

  /** Whether lookups skip a remote slower than compiling. */
  get bypassed(): boolean {
    return this.skipping;
  }

  /**
   * Times one lookup of go's, started now. Slow as soon as it has waited SLOW_LOOKUP_MS, not when
   * it ends. If an earlier lookup was slow too, go stops waiting for it then: compiling is cheaper
   * than waiting on, and the download still lands for later. One slow lookup alone (a loaded
   * machine) is waited for.
   */
  time(actionId: string): LookupTimer {
    const started = performance.now();
    let slow = false;
    const timer = setTimeout(() => {
      slow = true;
      const suspect = this.recent.some(Boolean);
      this.note(true);
      if (suspect) this.release(actionId);
    }, SLOW_LOOKUP_MS);
    return {
      done: () => {
        clearTimeout(timer);
        if (!slow) this.note(performance.now() - started >= SLOW_LOOKUP_MS);
      },
    };
  }

  /** go's wait for a lookup, cut short (undefined: a miss) when the lookup turns slow or lookups are turned off. */
  wait<T>(actionId: string, lookup: Promise<T>): Promise<T | undefined> {
    return new Promise((resolve, reject) => {
      const release = (): void => resolve(undefined);
      const waiters = this.waiters.get(actionId) ?? new Set();
      this.waiters.set(actionId, waiters.add(release));
      lookup.then(resolve, reject).finally(() => {
        waiters.delete(release);
        if (waiters.size === 0 && this.waiters.get(actionId) === waiters) this.waiters.delete(actionId);
      });
    });
  }

  private note(slow: boolean): void {
    this.recent.push(slow);
    if (this.recent.length > LOOKUP_WINDOW) this.recent.shift();
    const slowOnes = this.recent.filter(Boolean).length;
    if (this.skipping || slowOnes < SLOW_LOOKUPS) return;
    this.skipping = true;
    this.deps.stats.add('remoteBypassed');
    // A remote the circuit breaker already switched off (one warning) fails fast from now on anyway.
    if (this.deps.stats.counters.remoteDisabled === 0)
      this.deps.log.warn(
        `${slowOnes} of the last ${this.recent.length} remote lookups took over ${SLOW_LOOKUP_MS} ms, longer than building most packages: lookups skip the remote from now on (uploads go on)`,
      );
    for (const actionId of [...this.waiters.keys()]) this.release(actionId);
  }

  private release(actionId: string): void {
    const waiters = this.waiters.get(actionId);
    this.waiters.delete(actionId);
    for (const release of waiters ?? []) release();
  }
}
