// The bridge's own unit tests (src/bridge/*_test.go: reading the local store's layout, relaying
// go's requests), run with the machine's go like the rest of the suite. The e2e tests then drive
// the committed binary between the real go command and a job server.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { it } from 'node:test';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../helpers/proc.js';

it('go test in src/bridge passes', { timeout: 300_000 }, async () => {
  const { stdout } = await promisify(execFile)('go', ['test', '-count=1', './...'], {
    cwd: path.join(REPO_ROOT, 'src', 'bridge'),
    env: { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '-mod=mod' },
    timeout: 280_000,
  });
  assert.match(stdout, /^ok\s+gobuildcache-bridge/m, stdout);
});
