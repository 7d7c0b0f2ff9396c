import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { goSumFiles, moduleCacheKeys } from '../../src/action/module-cache.js';
import { tempDir } from '../helpers/proc.js';

function write(root: string, rel: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
}

test('goSumFiles finds the modules go builds and skips what go ignores', () => {
  const ws = tempDir('gosum');
  write(ws, 'go.sum', 'a');
  write(ws, 'tools/go.sum', 'b');
  write(ws, 'go.work.sum', 'c');
  for (const skipped of [
    'vendor/x/go.sum',
    'pkg/testdata/mod/go.sum',
    '.git/go.sum',
    '_old/go.sum',
    'node_modules/m/go.sum',
    'go.sum.orig',
  ])
    write(ws, skipped, 'z');
  assert.deepEqual(
    goSumFiles(ws).map((f) => path.relative(ws, f)),
    ['go.sum', 'go.work.sum', 'tools/go.sum'],
  );
});

test('the module cache key follows every go.sum, and a workspace without one has none', () => {
  const ws = tempDir('gosum-key');
  assert.equal(moduleCacheKeys(ws, 'go1.26.0', {}), undefined);
  write(ws, 'go.sum', 'a');
  const first = moduleCacheKeys(ws, 'go1.26.0', { RUNNER_OS: 'Linux', RUNNER_ARCH: 'X64' });
  assert.match(first?.key ?? '', /^gomod\/v1\/Linux-X64-go1\.26\.0-[0-9a-f]{64}$/);
  assert.deepEqual(first?.restoreKeys, ['gomod/v1/Linux-X64-go1.26.0-', 'gomod/v1/Linux-X64-']);
  write(ws, 'sub/go.sum', 'b');
  const second = moduleCacheKeys(ws, 'go1.26.0', { RUNNER_OS: 'Linux', RUNNER_ARCH: 'X64' });
  assert.notEqual(second?.key, first?.key);
  write(ws, 'vendor/go.sum', 'c');
  assert.equal(moduleCacheKeys(ws, 'go1.26.0', { RUNNER_OS: 'Linux', RUNNER_ARCH: 'X64' })?.key, second?.key);
});
