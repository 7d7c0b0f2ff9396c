// The manifest subcommands, behind one dynamic import of the CLI: the serve path (every go
// command) never loads them, and the bundler emits their shared modules once, not per import site.
export { runPrefetch } from './prefetch-command.js';
export { saveManifest } from './save-manifest.js';
