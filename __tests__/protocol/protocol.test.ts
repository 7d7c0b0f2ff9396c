import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { CacheprogProcess, randomId, sha256 } from './cacheprog-process.js';

const dirs: string[] = [];
function cacheDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gbc-protocol-'));
  dirs.push(dir);
  return dir;
}
after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function start(dir = cacheDir(), extra: string[] = []): CacheprogProcess {
  return new CacheprogProcess(['-cache-dir', dir, '-lock-dir', path.join(dir, 'locks'), ...extra]);
}

describe('GOCACHEPROG protocol, against the bundled entrypoint', () => {
  it('answers the handshake first with the known commands', async () => {
    const p = start();
    const hello = await p.reply(0);
    assert.deepEqual(hello.KnownCommands, ['get', 'put', 'close']);
    assert.equal(p.replies[0]?.ID, 0);
    await p.close(1);
    assert.equal(await p.exited, 0);
  });

  it('stores a 50 MB body streamed in pieces and serves it back byte for byte', async () => {
    const p = start();
    const body = crypto.randomBytes(50 * 1024 * 1024);
    const action = randomId();
    p.put(1, action, body);
    const put = await p.reply(1, 60_000);
    assert.equal(put.Err, undefined);
    assert.ok(put.DiskPath && path.isAbsolute(put.DiskPath) && path.extname(put.DiskPath) === '');
    p.get(2, action);
    const got = await p.reply(2);
    assert.equal(got.Size, body.length);
    assert.equal(got.OutputID, sha256(body).toString('base64'));
    assert.ok(!Number.isNaN(Date.parse(got.Time ?? '')), `Time must be RFC 3339, got ${got.Time}`);
    assert.ok(fs.readFileSync(got.DiskPath as string).equals(body));
    await p.close(3);
  });

  it('handles zero-length bodies (no BodySize, no body line) and the legacy ObjectID', async () => {
    const p = start();
    const empty = randomId();
    p.put(1, empty, Buffer.alloc(0));
    const legacy = randomId();
    p.put(2, legacy, Buffer.from('legacy body'), { legacyObjectId: true });
    p.get(3, empty);
    p.get(4, legacy);
    const [r1, r2, r3, r4] = await Promise.all([1, 2, 3, 4].map((id) => p.reply(id)));
    assert.equal(r1?.Err, undefined);
    assert.equal(r2?.Err, undefined);
    assert.equal(r3?.Size, 0);
    assert.equal(fs.statSync(r3?.DiskPath as string).size, 0);
    assert.equal(fs.readFileSync(r4?.DiskPath as string, 'utf8'), 'legacy body');
    await p.close(5);
  });

  it('answers many concurrent requests by ID, in any order, with the newest put winning', async () => {
    const p = start();
    const actions = Array.from({ length: 200 }, () => randomId());
    actions.forEach((a, i) => p.put(i + 1, a, crypto.randomBytes(1 + (i % 7) * 1000)));
    const again = Buffer.from('second output for the first action');
    p.put(1000, actions[0], again);
    await Promise.all(actions.map((_, i) => p.reply(i + 1)));
    await p.reply(1000);
    actions.forEach((a, i) => p.get(2000 + i, a));
    p.get(3000, randomId());
    const replies = await Promise.all(actions.map((_, i) => p.reply(2000 + i)));
    assert.ok(replies.every((r) => r.Miss !== true && typeof r.DiskPath === 'string'));
    assert.equal(fs.readFileSync(replies[0]?.DiskPath as string, 'utf8'), again.toString());
    assert.equal((await p.reply(3000)).Miss, true);
    const ids = p.replies.map((r) => r.ID);
    assert.equal(new Set(ids).size, ids.length, 'every ID is answered exactly once');
    await p.close(4000);
  });

  it("a second process on the same cache dir sees the first one's entries", async () => {
    const dir = cacheDir();
    const first = start(dir);
    const action = randomId();
    first.put(1, action, Buffer.from('shared'));
    await first.reply(1);
    await first.close(2);
    const second = start(dir);
    second.get(1, action);
    assert.equal(fs.readFileSync((await second.reply(1)).DiskPath as string, 'utf8'), 'shared');
    await second.close(2);
  });

  it('refuses a body whose size or hash does not match, naming the problem, and keeps going', async () => {
    const p = start();
    const action = randomId();
    p.put(1, action, Buffer.from('real body'), { outputId: sha256(Buffer.from('another body')) });
    assert.match((await p.reply(1)).Err ?? '', /OutputID/);
    p.writeRaw(
      `${JSON.stringify({ ID: 2, Command: 'put', ActionID: randomId().toString('base64'), OutputID: randomId().toString('base64'), BodySize: 10 })}\n\n"${Buffer.from('abc').toString('base64')}"\n`,
    );
    assert.match((await p.reply(2)).Err ?? '', /size mismatch/);
    p.get(3, action);
    assert.equal((await p.reply(3)).Miss, true, 'a refused put leaves no entry');
    await p.close(4);
  });

  it('answers a wrong-length id and an unknown command with an error naming them', async () => {
    const p = start();
    p.writeRaw(`${JSON.stringify({ ID: 1, Command: 'get', ActionID: Buffer.alloc(5).toString('base64') })}\n\n`);
    p.writeRaw(`${JSON.stringify({ ID: 2, Command: 'frobnicate' })}\n\n`);
    assert.match((await p.reply(1)).Err ?? '', /ActionID must be 32 bytes, got 5/);
    assert.match((await p.reply(2)).Err ?? '', /unknown command "frobnicate"/);
    await p.close(3);
  });

  it('exits with a clear message on input that cannot be framed, instead of hanging', async () => {
    const p = start();
    await p.reply(0);
    p.writeRaw('{"ID": 1, "Command": "get", oops}\n\n');
    const code = await Promise.race([p.exited, new Promise((r) => setTimeout(() => r('timeout'), 10_000))]);
    assert.notEqual(code, 'timeout');
    assert.notEqual(code, 0);
    assert.match(p.stderr, /malformed request: invalid JSON/);
  });

  it('exits when stdin closes without a close request (go was killed)', async () => {
    const p = start();
    await p.reply(0);
    p.child.stdin.end();
    const code = await Promise.race([p.exited, new Promise((r) => setTimeout(() => r('timeout'), 10_000))]);
    assert.equal(code, 0);
  });

  it('writes nothing but protocol JSON to stdout, even with -debug and -stats', async () => {
    const p = start(cacheDir(), ['-debug', '-stats']);
    p.put(1, randomId(), Buffer.from('x'));
    await p.reply(1);
    await p.close(2);
    await p.exited;
    assert.equal(p.replies.length, 3);
    assert.match(p.stderr, /gobuildcache stats:/);
  });

  it('rejects bad configuration with a message naming the flag', async () => {
    const bad = new CacheprogProcess(['-backend', 'ftp']);
    assert.equal(await bad.exited, 2);
    assert.match(bad.stderr, /-backend .*"ftp" is not a backend; accepted values: disk, s3, gcs/);
    const bucketless = new CacheprogProcess(['-backend', 'gcs']);
    assert.equal(await bucketless.exited, 2);
    assert.match(bucketless.stderr, /-gcs-bucket \(GOBUILDCACHE_GCS_BUCKET\) is required with -backend gcs/);
    const relative = new CacheprogProcess(['-cache-dir', 'relative/dir']);
    assert.equal(await relative.exited, 2);
    assert.match(relative.stderr, /-cache-dir .*is not an absolute path/);
  });
});
