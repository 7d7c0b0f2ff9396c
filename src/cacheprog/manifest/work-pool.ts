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
