import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../log.js';
import type { LocalStore } from '../store/local-store.js';
import { storePackPart, type StoredPart } from '../manifest/pack.js';

/** A part sent to a writer thread (a copy of its bytes: the original stays here in case the thread fails). */
export interface PartJob {
  id: number;
  data: Uint8Array;
  where: string;
  take: string[];
}

export interface PartReply {
  id: number;
  result: StoredPart;
}

/** Stores a part as it was sent, on whichever thread runs this (a writer thread, or this one when threads failed). */
export function storePartJob(store: LocalStore, job: PartJob): StoredPart {
  return storePackPart(
    store,
    Buffer.from(job.data.buffer, job.data.byteOffset, job.data.byteLength),
    job.where,
    new Set(job.take),
  );
}

/**
 * Most threads a pack prefetch stores parts with. Storing a part is decoding, hashing and creating
 * two files per entry, all synchronous: on threads of their own it runs beside the downloads (and,
 * in a job server, beside go's requests) and, with cores to spare, beside itself.
 */
const MAX_THREADS = 4;

export interface PartWriter {
  /** Stores the records of a downloaded part that `take` names. */
  /**
   * handOver: the caller is done with data, so a writer thread may take its memory instead of a
   * copy (a part held twice was a good share of a prefetching server's peak).
   */
  store(data: Buffer, where: string, take: ReadonlySet<string>, handOver?: boolean): Promise<StoredPart>;
  /** Ends the threads; called once every store has settled. */
  close(): Promise<void>;
}

/**
 * The thread's code, beside this module: its own bundle next to the server's (dist/cacheprog/
 * part-worker.js); run from source (tests, tsx), part-worker.ts, loaded through tsx as the parent was.
 */
function workerSource(): { script: string; eval: boolean } {
  const here = fileURLToPath(import.meta.url);
  const file = path.join(path.dirname(here), `part-worker${path.extname(here)}`);
  if (!file.endsWith('.ts')) return { script: file, eval: false };
  return {
    script: `import('tsx/esm/api').then((tsx) => tsx.register()).then(() => import(${JSON.stringify(pathToFileURL(file).href)}))`,
    eval: true,
  };
}

interface Job {
  job: PartJob;
  resolve: (r: StoredPart) => void;
  handOver?: boolean;
}

interface Thread {
  worker: Worker;
  busy?: Job;
}

/**
 * Threads for a machine: one core is left to go and this thread (a prefetch runs beside the build),
 * and each thread costs memory of its own (about 10 MB, plus the part it stores and its decoded
 * records: with two threads on two cores a restoring job server peaked at 150 MB, issue 22's bound).
 */
export function partWriterThreads(cores = os.availableParallelism()): number {
  return Math.max(1, Math.min(MAX_THREADS, cores - 1));
}

/**
 * Part writers on worker threads (partWriterThreads), started when the first part arrives. If a thread cannot start or dies, its part and every later one are
 * stored on this thread instead: slower, the same work (files are written whole through a rename,
 * so storing a record twice is harmless).
 */
export function startPartWriter(
  store: LocalStore,
  log: Logger,
  threads = partWriterThreads(),
  source = workerSource(),
): PartWriter {
  const pool: Thread[] = [];
  const queue: Job[] = [];
  let broken = threads < 1;
  let nextId = 0;

  // A part handed to a thread that died is gone from here: its entries are fetched one by one,
  // like those of a part that did not arrive.
  const inThread = ({ job, resolve }: Job): void =>
    resolve(
      job.data.buffer.byteLength === 0 && job.data.byteLength === 0 && job.take.length > 0
        ? { stored: [], skipped: 0, rejects: [], error: 'the part writer thread died' }
        : storePartJob(store, job),
    );

  const fail = (thread: Thread, why: string): void => {
    if (!pool.includes(thread)) return;
    if (!broken) log.debug(`prefetch: a part writer thread failed (${why}); storing parts on the main thread`);
    broken = true;
    pool.splice(pool.indexOf(thread), 1);
    void thread.worker.terminate();
    const lost = thread.busy;
    thread.busy = undefined;
    if (lost) queue.unshift(lost);
    dispatch();
  };

  const spawn = (): Thread | undefined => {
    let thread: Thread;
    try {
      thread = { worker: new Worker(source.script, { eval: source.eval, workerData: { dir: store.dir } }) };
    } catch (err) {
      if (!broken)
        log.debug(
          `prefetch: could not start a part writer thread (${(err as Error).message}); storing parts on the main thread`,
        );
      broken = true;
      return undefined;
    }
    thread.worker.on('message', (reply: PartReply) => {
      const busy = thread.busy;
      if (!busy || busy.job.id !== reply.id) return;
      thread.busy = undefined;
      busy.resolve(reply.result);
      dispatch();
    });
    thread.worker.on('error', (err) => fail(thread, err.message));
    thread.worker.on('exit', (code) => fail(thread, `exited with code ${code}`));
    pool.push(thread);
    return thread;
  };

  const dispatch = (): void => {
    while (queue.length > 0 && !broken) {
      const thread = pool.find((t) => !t.busy) ?? (pool.length < threads ? spawn() : undefined);
      if (!thread) return;
      const next = queue.shift() as Job;
      thread.busy = next;
      const { data } = next.job;
      const movable =
        next.handOver === true &&
        data.byteOffset === 0 &&
        data.byteLength === data.buffer.byteLength &&
        data.buffer instanceof ArrayBuffer;
      thread.worker.postMessage(next.job, movable ? [data.buffer] : []);
    }
    // Threads gone: the rest is stored here, one part per turn of the loop.
    if (broken) {
      const next = queue.shift();
      if (next) setImmediate(() => (inThread(next), dispatch()));
    }
  };

  return {
    store(data, where, take, handOver) {
      return new Promise((resolve) => {
        queue.push({ job: { id: nextId++, data, where, take: [...take] }, resolve, handOver });
        dispatch();
      });
    },
    async close() {
      const threads = pool.splice(0);
      await Promise.all(threads.map((t) => t.worker.terminate()));
    },
  };
}
