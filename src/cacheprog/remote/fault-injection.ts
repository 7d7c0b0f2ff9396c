import type { Backend, EntryMeta, RemoteEntry, UploadResult } from './backend.js';

export class InjectedFaultError extends Error {
  override readonly name = 'InjectedFaultError';
}

/**
 * -error-rate: fails that fraction of gets and puts, to exercise the degradation paths
 * (retries, spool, circuit breaker) without a broken network. check/clear/close pass through
 * so a test run still starts and can be cleaned up.
 */
export class FaultInjectionBackend implements Backend {
  readonly name: string;

  constructor(
    private readonly inner: Backend,
    private readonly rate: number,
    private readonly random: () => number = Math.random,
  ) {
    if (!(rate >= 0 && rate <= 1)) throw new RangeError(`error rate must be from 0 to 1, got ${rate}`);
    this.name = inner.name;
  }

  private maybeFail(operation: string, actionId: string): void {
    if (this.random() < this.rate) {
      throw new InjectedFaultError(`injected fault (-error-rate ${this.rate}): ${operation} ${actionId.slice(0, 16)}…`);
    }
  }

  async get(actionId: string, signal?: AbortSignal): Promise<RemoteEntry | undefined> {
    this.maybeFail('get', actionId);
    return this.inner.get(actionId, signal);
  }

  async put(actionId: string, meta: EntryMeta, body: Buffer, signal?: AbortSignal): Promise<UploadResult> {
    this.maybeFail('put', actionId);
    return this.inner.put(actionId, meta, body, signal);
  }

  check(signal?: AbortSignal): Promise<void> {
    return this.inner.check(signal);
  }

  clear(): Promise<number> {
    return this.inner.clear();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
