import * as core from '@actions/core';
import { describeResult, normalizeMtimes } from '../cacheprog/checkout/normalize-mtimes.js';

/**
 * The main step's call: times of the checkout's tracked files follow their content (see
 * normalize-mtimes.ts), so go's cached test results match on the next fresh runner. Never fails
 * the step: at worst tests that read files run again, as they would without it.
 */
export function normalizeCheckout(dir: string): void {
  try {
    const result = normalizeMtimes(dir, { notice: (m) => core.notice(m) });
    if (result.normalized) core.info(describeResult(result));
  } catch (err) {
    core.warning(
      `gobuildcache: normalize-mtimes failed, tests that read files may run again: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}
