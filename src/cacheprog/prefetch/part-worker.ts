// The thread a part writer runs (part-writer.ts): it stores the records of the parts it is sent
// into the local store and reports what it stored. Its own bundle (dist/cacheprog/part-worker.js),
// so starting one loads a few small modules, not the server.
import { parentPort, workerData } from 'node:worker_threads';
import { LocalStore } from '../store/local-store.js';
import { storePartJob, type PartJob, type PartReply } from './part-writer.js';

const port = parentPort;
if (port) {
  const store = new LocalStore((workerData as { dir: string }).dir);
  port.on('message', (job: PartJob) => {
    const reply: PartReply = { id: job.id, result: storePartJob(store, job) };
    port.postMessage(reply);
  });
}
