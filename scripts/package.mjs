// Rebuilds dist/: with @vercel/ncc one bundle per entry (the GOCACHEPROG server, the action's
// main and post steps), and with go the bridge for every platform a runner may have.
// Usage: node scripts/package.mjs [cacheprog|main|post|bridge ...]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const entries = {
  cacheprog: 'src/cacheprog/index.ts',
  main: 'src/main.ts',
  post: 'src/post.ts',
};
// Worker threads' code, bundled on its own and shipped as one file beside its bundle's index.js.
const workers = {
  cacheprog: { 'part-worker.js': 'src/cacheprog/prefetch/part-worker.ts' },
  // native-cache's restore (src/action/native-cache.ts) stores pack parts in the main step.
  main: { 'part-worker.js': 'src/cacheprog/prefetch/part-worker.ts' },
};
// The bridge is committed as built: a pinned toolchain, -trimpath and an empty build id make the
// same source give the same bytes on any machine, so the dist check covers it like the bundles.
const GO_TOOLCHAIN = 'go1.26.8';
const BRIDGE_TARGETS = ['linux/amd64', 'linux/arm64', 'darwin/amd64', 'darwin/arm64', 'windows/amd64'];

function buildBridges() {
  const out = path.resolve('dist', 'bridge');
  fs.rmSync(out, { recursive: true, force: true });
  for (const target of BRIDGE_TARGETS) {
    const [goos, goarch] = target.split('/');
    const binary = path.join(
      out,
      `${goos}-${goarch}`,
      goos === 'windows' ? 'gobuildcache-bridge.exe' : 'gobuildcache-bridge',
    );
    execFileSync('go', ['build', '-trimpath', '-buildvcs=false', '-ldflags=-s -w -buildid=', '-o', binary, '.'], {
      cwd: 'src/bridge',
      stdio: 'inherit',
      env: {
        ...process.env,
        GOTOOLCHAIN: GO_TOOLCHAIN,
        CGO_ENABLED: '0',
        GOOS: goos,
        GOARCH: goarch,
        GOAMD64: 'v1',
        GOARM64: 'v8.0',
        GOFLAGS: '-mod=mod',
        GOWORK: 'off',
      },
    });
  }
}

const wanted = process.argv.slice(2).length ? process.argv.slice(2) : [...Object.keys(entries), 'bridge'];
for (const name of wanted) {
  if (name === 'bridge') {
    buildBridges();
    continue;
  }
  const entry = entries[name];
  if (!entry) throw new Error(`unknown bundle "${name}" (expected ${Object.keys(entries).join(', ')})`);
  if (!fs.existsSync(entry)) {
    console.error(`skip ${name}: ${entry} does not exist yet`);
    continue;
  }
  const out = path.join('dist', name);
  fs.rmSync(out, { recursive: true, force: true });
  execFileSync(
    process.execPath,
    [
      'node_modules/@vercel/ncc/dist/ncc/cli.js',
      'build',
      entry,
      '-o',
      out,
      '--no-source-map-register',
      '--license',
      'licenses.txt',
      '--transpile-only',
      '-q',
    ],
    { stdio: 'inherit' },
  );
  // The runner loads dist as ESM only when a package.json says so next to it.
  fs.writeFileSync(path.join(out, 'package.json'), '{\n  "type": "module"\n}\n');
  for (const [file, source] of Object.entries(workers[name] ?? {})) {
    const tmp = fs.mkdtempSync(path.join(out, '.worker-'));
    try {
      execFileSync(
        process.execPath,
        [
          'node_modules/@vercel/ncc/dist/ncc/cli.js',
          'build',
          source,
          '-o',
          tmp,
          '--no-source-map-register',
          '--transpile-only',
          '-q',
        ],
        { stdio: 'inherit' },
      );
      const built = fs.readdirSync(tmp).filter((f) => f !== 'package.json');
      if (built.join() !== 'index.js') throw new Error(`${source} must bundle into one file, got ${built.join(', ')}`);
      fs.renameSync(path.join(tmp, 'index.js'), path.join(out, file));
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }
}
