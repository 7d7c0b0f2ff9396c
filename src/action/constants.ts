// Names shared by action.yml, the main step and the post step. Keeping them in one place is what
// stops a renamed input or output from silently reading '' in the other step (the state the main
// step hands to the post step: step-state.ts).

import * as core from '@actions/core';

// The inputs come from the settings table, with everything else about each setting.
export { INPUT_DEFAULTS, Inputs } from '../settings/table.js';

/** Set by the main step: the runner gives later steps the outputs of main steps only. */
export enum Outputs {
  Backend = 'backend',
  BackendReason = 'backend-reason',
  CacheHit = 'cache-hit',
  RestoredKey = 'restored-key',
  RestoredEntries = 'restored-entries',
  RestoredBytes = 'restored-bytes',
  ModulesRestored = 'modules-restored',
  Scope = 'scope',
  StatsFile = 'stats-file',
}

/**
 * Sets every output at once: each way the main step can end calls this with all of them, so
 * none is left unset (a later step would read '' and not know why).
 */
export function setOutputs(values: Record<Outputs, string>): void {
  for (const [name, value] of Object.entries(values)) core.setOutput(name, value);
}

export const GOCACHEPROG = 'GOCACHEPROG';

/** cache-max-size when the input is empty on a self-hosted runner, whose disk outlives the job. */
export const SELF_HOSTED_CACHE_MAX_BYTES = 10 * 1024 ** 3;
