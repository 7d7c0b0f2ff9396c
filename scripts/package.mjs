// Rebuilds dist/ with @vercel/ncc: one bundle per entry (the GOCACHEPROG server, the action's
// main and post steps). Usage: node scripts/package.mjs [cacheprog|main|post ...]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const entries = {
  cacheprog: 'src/cacheprog/index.ts',
  main: 'src/main.ts',
  post: 'src/post.ts',
};
const wanted = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(entries);
for (const name of wanted) {
  const entry = entries[name];
  if (!entry) throw new Error(`unknown bundle "${name}" (expected ${Object.keys(entries).join(', ')})`);
  if (!fs.existsSync(entry)) {
    console.error(`skip ${name}: ${entry} does not exist yet`);
    continue;
  }
  const out = path.join('dist', name);
  fs.rmSync(out, { recursive: true, force: true });
  execFileSync(process.execPath, ['node_modules/@vercel/ncc/dist/ncc/cli.js', 'build', entry, '-o', out, '--no-source-map-register', '--license', 'licenses.txt', '--transpile-only', '-q'], { stdio: 'inherit' });
  // The runner loads dist as ESM only when a package.json says so next to it.
  fs.writeFileSync(path.join(out, 'package.json'), '{\n  "type": "module"\n}\n');
}
