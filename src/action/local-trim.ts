import * as core from '@actions/core';
import type { Config } from '../cacheprog/config.js';

/**
 * The post step's last act on a machine whose disk outlives the job (cache-max-size): remove
 * least recently used entries so the local cache stays under its cap. Never fails the step.
 */
export async function trimAfterJob(config: Config): Promise<void> {
  try {
    if (config.cacheMaxBytes <= 0) return;
    const { describeTrim, trimLocalCache } = await import('../cacheprog/store/trim.js');
    const result = await trimLocalCache(config.cacheDir, config.cacheMaxBytes);
    core.info(`gobuildcache: ${describeTrim(config.cacheDir, config.cacheMaxBytes, result)}`);
  } catch (err) {
    core.info(`gobuildcache: could not trim the local cache: ${err instanceof Error ? err.message : String(err)}`);
  }
}
