import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { checkGo, GO_NOT_FOUND, GoSetupError, parseGoVersion, supportsCacheProg } from '../../src/action/go-version.js';

describe('parseGoVersion', () => {
  const cases: [string, Partial<ReturnType<typeof parseGoVersion>> | undefined][] = [
    ['go1.26.8\n', { text: 'go1.26.8', major: 1, minor: 26, patch: 8, prerelease: undefined, devel: false }],
    ['go1.24rc1', { text: 'go1.24rc1', major: 1, minor: 24, patch: 0, prerelease: 'rc1', devel: false }],
    ['go1.24', { major: 1, minor: 24, patch: 0 }],
    ['go1.25.0 X:jsonv2', { text: 'go1.25.0', minor: 25 }],
    ['go version go1.23.4 linux/amd64', { text: 'go1.23.4', minor: 23, patch: 4 }],
    ['go version go1.21rc2 darwin/arm64', { minor: 21, prerelease: 'rc2' }],
    ['devel go1.27-4b2c6f0 Tue Mar 3 10:00:00 2026 +0000', { text: 'devel go1.27', minor: 27, devel: true }],
    ['go version devel +a1b2c3 Mon Jan 1 linux/amd64', { major: 0, devel: true }],
    ['', undefined],
    ['command not found', undefined],
  ];
  for (const [input, want] of cases) {
    it(JSON.stringify(input), () => {
      const got = parseGoVersion(input);
      if (want === undefined) return assert.equal(got, undefined);
      assert.ok(got);
      for (const [k, v] of Object.entries(want)) assert.deepEqual(got[k as keyof typeof got], v, k);
    });
  }
});

describe('supportsCacheProg', () => {
  const supported = (s: string): boolean => {
    const v = parseGoVersion(s);
    assert.ok(v, s);
    return supportsCacheProg(v);
  };
  it('needs Go 1.24 or newer, release candidates included', () => {
    assert.equal(supported('go1.24rc1'), true);
    assert.equal(supported('go1.24.0'), true);
    assert.equal(supported('go1.26.8'), true);
    assert.equal(supported('go2.0'), true);
    assert.equal(supported('go1.23.12'), false);
    assert.equal(supported('go1.21.0'), false);
  });
  it('trusts a development toolchain unless it names an old release', () => {
    assert.equal(supported('devel +a1b2c3 Mon Jan 1'), true);
    assert.equal(supported('devel go1.27-abc Tue'), true);
    assert.equal(supported('devel go1.22-abc Tue'), false);
  });
});

describe('checkGo', () => {
  const dirs: string[] = [];
  after(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  /** A PATH holding only a fake `go` (a test double for the version check alone) and sh's own dir. */
  function fakeGo(script: string): NodeJS.ProcessEnv {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gbc-fakego-'));
    dirs.push(dir);
    fs.writeFileSync(path.join(dir, 'go'), `#!/bin/sh\n${script}\n`, { mode: 0o755 });
    return { PATH: `${dir}:/usr/bin:/bin` };
  }

  it('says to run setup-go when go is not on PATH', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'gbc-nogo-'));
    dirs.push(empty);
    await assert.rejects(checkGo({ env: { PATH: empty } }), (err: unknown) => {
      assert.ok(err instanceof GoSetupError);
      assert.equal(err.message, GO_NOT_FOUND);
      return true;
    });
  });

  it('rejects Go older than 1.24 with what to do', async () => {
    const env = fakeGo('[ "$1" = env ] && echo go1.23.4 && exit 0; echo "go version go1.23.4 linux/amd64"');
    await assert.rejects(checkGo({ env }), (err: unknown) => {
      assert.ok(err instanceof GoSetupError);
      assert.match(err.message, /^go1\.23\.4 is too old: GOCACHEPROG needs Go 1\.24 or newer/);
      assert.match(err.message, /actions\/setup-go/);
      return true;
    });
  });

  it('falls back to go version when go env fails', async () => {
    const env = fakeGo(
      '[ "$1" = env ] && echo "go: malformed go.mod" >&2 && exit 1; echo "go version go1.25.3 linux/amd64"',
    );
    const v = await checkGo({ env });
    assert.equal(v.text, 'go1.25.3');
  });

  it('reports what go said when no version can be found', async () => {
    const env = fakeGo('echo "go: something is broken" >&2; exit 2');
    await assert.rejects(
      checkGo({ env }),
      /Could not determine the Go version \(go version exited 2: go: something is broken\)/,
    );
  });

  it(
    'accepts the go installed here',
    {
      skip: !process.env.PATH?.split(path.delimiter).some((d) => fs.existsSync(path.join(d, 'go'))) && 'no go on PATH',
    },
    async () => {
      const v = await checkGo({ env: { ...process.env, GOTOOLCHAIN: 'local' } });
      assert.ok(supportsCacheProg(v), v.text);
      assert.match(v.text, /^(devel )?go1\.\d+/);
    },
  );
});
