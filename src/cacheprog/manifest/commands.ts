// The manifest code, behind one dynamic import (the CLI's subcommands, the job server's prefetch): the serve path (every go
// command) never loads them, and the bundler emits their shared modules once, not per import site.
export { prefetchManifest, runPrefetch } from '../prefetch/prefetch-command.js';
export { saveManifest } from './save-manifest.js';
