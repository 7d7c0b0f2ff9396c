import { run } from './action/post-step.js';

await run();
