/**
 * Runs task(0), task(1), … task(count - 1), at most `concurrency` at once and started in index
 * order (a manifest's first-used entries first). No task starts once `stop()` is true. Resolves,
 * when every started task has settled, with how many were started.
 */
export async function runInOrder(count: number, concurrency: number, task: (index: number) => Promise<void>, stop: () => boolean = () => false): Promise<number> {
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
export async function* mapInOrder<T>(count: number, concurrency: number, task: (index: number) => Promise<T>): AsyncGenerator<T> {
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
