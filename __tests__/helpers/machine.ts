// A fresh "CI VM" for end-to-end tests: its own local cache dir, locks and stats dir, sharing
// only the bucket with other machines.
import path from 'node:path';
import { tempDir } from './proc.js';
import type { BucketServer } from './bucket-server.js';

export interface Machine {
  cacheDir: string;
  statsDir: string;
  env: Record<string, string>;
}

export function newMachine(
  server: Pick<BucketServer, 'env'>,
  bucket: string,
  opts: { endpoint?: string; env?: Record<string, string> } = {},
): Machine {
  const cacheDir = tempDir('machine-cache');
  const statsDir = tempDir('machine-stats');
  return {
    cacheDir,
    statsDir,
    env: {
      ...server.env(bucket, { endpoint: opts.endpoint }),
      GOBUILDCACHE_CACHE_DIR: cacheDir,
      GOBUILDCACHE_LOCK_DIR: path.join(cacheDir, 'locks'),
      GOBUILDCACHE_STATS_DIR: statsDir,
      ...opts.env,
    },
  };
}
