import { main } from './cli.js';

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`gobuildcache: error: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
