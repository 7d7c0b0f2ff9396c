// The bounded-concurrency pool of this code base (prefetch, pack parts, manifests). The upload
// queue (uploads/upload-queue.ts) keeps its own: it merges puts of one action id while they wait.
/**
 * Runs task(0), task(1), … task(count - 1), at most `concurrency` at once and started in index
 * order (a manifest's first-used entries first). No task starts once `stop()` is true. Resolves,
 * when every started task has settled, with how many were started.
 */
export async function runInOrder(
  count: number,
  concurrency: number,
  task: (index: number) => Promise<void>,
  stop: () => boolean = () => false,
): Promise<number> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (!stop() && next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, () => worker()));
  return next;
}

/**
 * task(0), task(1), … in index order, at most `concurrency` running ahead of the consumer, and
 * their results yielded in that order: the streaming form of runInOrder, for a producer whose
 * consumer must see results in order and may be slower (the next task starts only when a result
 * is taken, so at most `concurrency` results wait in memory).
 */
export async function* mapInOrder<T>(
  count: number,
  concurrency: number,
  task: (index: number) => Promise<T>,
): AsyncGenerator<T> {
  const running: Promise<T>[] = [];
  let next = 0;
  const fill = (): void => {
    while (running.length < concurrency && next < count) {
      const result = task(next++);
      // Settled later, in order; an early rejection must not count as unhandled meanwhile.
      result.catch(() => {});
      running.push(result);
    }
  };
  fill();
  while (running.length > 0) {
    const result = await (running.shift() as Promise<T>);
    fill();
    yield result;
  }
}

/**
 * task(item) for each item of an iterable (sync or async, read lazily), at most `concurrency`
 * at once: the producer is read only as fast as tasks finish, so a generator of large items keeps
 * at most `concurrency` of them in memory. Stops taking items after the first failure and throws
 * it once the running tasks have settled.
 */
export async function runEach<T>(
  items: Iterable<T> | AsyncIterable<T>,
  concurrency: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  const inflight = new Set<Promise<void>>();
  let failure: { err: unknown } | undefined;
  for await (const item of items) {
    const tracked: Promise<void> = task(item)
      .catch((err: unknown) => {
        failure ??= { err };
      })
      .finally(() => inflight.delete(tracked));
    inflight.add(tracked);
    if (inflight.size >= concurrency) await Promise.race(inflight);
    if (failure) break;
  }
  await Promise.all(inflight);
  if (failure) throw failure.err;
}
