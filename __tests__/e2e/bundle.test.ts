// The entry chunk is what every go command loads before it can answer the handshake; the AWS SDK
// and the request signer (~1.3 MB) must stay in chunks loaded on the first remote request.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../helpers/proc.js';

describe('the bundled entrypoint', () => {
  it('keeps the AWS SDK and the signer out of the entry chunk', () => {
    const dir = path.join(REPO_ROOT, 'dist', 'cacheprog');
    const entry = fs.readFileSync(path.join(dir, 'index.js'), 'utf8');
    assert.ok(entry.length < 250_000, `index.js is ${entry.length} bytes`);
    for (const marker of ['class SignatureV4', 'class S3Client', 'class GetObjectCommand']) {
      assert.ok(!entry.includes(marker), `index.js contains ${marker}`);
      const chunks = fs.readdirSync(dir).filter((f) => /^\d+\.index\.js$/.test(f));
      assert.ok(
        chunks.some((f) => fs.readFileSync(path.join(dir, f), 'utf8').includes(marker)),
        `${marker} is in a lazily loaded chunk`,
      );
    }
  });

  it('keeps normalize-mtimes out of the entry chunk: only its subcommand loads it', () => {
    const dir = path.join(REPO_ROOT, 'dist', 'cacheprog');
    const marker = 'set the times of';
    assert.ok(!fs.readFileSync(path.join(dir, 'index.js'), 'utf8').includes(marker));
    const chunks = fs.readdirSync(dir).filter((f) => /^\d+\.index\.js$/.test(f));
    assert.ok(chunks.some((f) => fs.readFileSync(path.join(dir, f), 'utf8').includes(marker)));
  });
});
