import { run } from './action/main-step.js';

await run();
// A cache service call abandoned at its deadline may still hold a socket open; the step is done.
process.exit();
