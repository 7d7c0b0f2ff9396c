import {
  BackendDecorator,
  type Backend,
  type EntryMeta,
  type RemoteEntry,
  type UploadResult,
  type BodySpill,
} from './backend.js';

export class InjectedFaultError extends Error {
  override readonly name = 'InjectedFaultError';
}

/**
 * -error-rate: fails that fraction of gets and puts, to exercise the degradation paths
 * (retries, spool, circuit breaker) without a broken network. check/clear/close pass through
 * so a test run still starts and can be cleaned up.
 */
export class FaultInjectionBackend extends BackendDecorator {
  constructor(
    inner: Backend,
    private readonly rate: number,
    private readonly random: () => number = Math.random,
  ) {
    super(inner);
    if (!(rate >= 0 && rate <= 1)) throw new RangeError(`error rate must be from 0 to 1, got ${rate}`);
  }

  private maybeFail(operation: string, actionId: string): void {
    if (this.random() < this.rate) {
      throw new InjectedFaultError(`injected fault (-error-rate ${this.rate}): ${operation} ${actionId.slice(0, 16)}…`);
    }
  }

  override async get(actionId: string, signal?: AbortSignal, spill?: BodySpill): Promise<RemoteEntry | undefined> {
    this.maybeFail('get', actionId);
    return this.inner.get(actionId, signal, spill);
  }

  override async put(actionId: string, meta: EntryMeta, body: Buffer, signal?: AbortSignal): Promise<UploadResult> {
    this.maybeFail('put', actionId);
    return this.inner.put(actionId, meta, body, signal);
  }
}
