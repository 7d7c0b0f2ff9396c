// The job server's memory with one big output (issue 22): a 60 MB go:embed asset, which does not
// compress, populates a bucket (versitygw) and is restored on a fresh machine, through the runner
// simulation. Peak RSS of the job server, from /proc/<pid>/status (VmHWM), must stay under 150 MB.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { Inputs } from '../../src/action/constants.js';
import { stateKey } from '../../src/action/step-state.js';
import { readServerFile } from '../../src/cacheprog/job-client.js';
import { Job, withStd } from '../helpers/action-job.js';
import { runGo, tempDir } from '../helpers/go.js';
import { startS3Server, type S3Server } from '../helpers/s3-server.js';

const run = promisify(execFile);
const ASSET_BYTES = 60 * 1024 * 1024;
// Issue 22's bound: the job server stays under 150 MB with a 60 MB output, populating and
// restoring. The test prints both figures.
const PEAK_LIMIT_KB = 150 * 1024;
const BUCKET = 'memory-big-output';
let s3: S3Server;

before(async () => {
  s3 = await startS3Server();
  await s3.createBucket(BUCKET);
});
after(async () => {
  await s3?.stop();
});

/** A module whose one package embeds `asset` and whose command prints the asset's sha256. */
function writeModule(dir: string, asset: Buffer): void {
  fs.writeFileSync(path.join(dir, 'go.mod'), 'module example.com/big\n\ngo 1.24\n');
  fs.mkdirSync(path.join(dir, 'asset'));
  fs.writeFileSync(path.join(dir, 'asset', 'blob.bin'), asset);
  fs.writeFileSync(
    path.join(dir, 'asset', 'asset.go'),
    'package asset\n\nimport _ "embed"\n\n//go:embed blob.bin\nvar Blob []byte\n',
  );
  fs.mkdirSync(path.join(dir, 'cmd', 'big'), { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'cmd', 'big', 'main.go'),
    'package main\n\nimport (\n\t"crypto/sha256"\n\t"fmt"\n\n\t"example.com/big/asset"\n)\n\nfunc main() {\n\tfmt.Printf("%x\\n", sha256.Sum256(asset.Blob))\n}\n',
  );
  // A checkout made before the job (see generateModule): go indexes the module on the first run.
  const past = new Date(Date.now() - 60_000);
  for (const f of ['go.mod', 'asset/blob.bin', 'asset/asset.go', 'cmd/big/main.go'])
    fs.utimesSync(path.join(dir, f), past, past);
}

function peakRssKB(pid: number): number {
  return Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
}

/** The job server the main step started. */
function serverPid(job: Job): number {
  const pid = readServerFile(job.state()[stateKey('serverFile')] ?? '')?.pid;
  assert.ok(pid, 'the main step started a job server');
  return pid;
}

/** Builds cmd/big and returns what it prints. */
async function buildAndRun(job: Job): Promise<string> {
  const bin = path.join(tempDir('bin'), 'big');
  const env = { ...job.env, ...job.exported() };
  const res = await runGo(['build', '-o', bin, './cmd/big'], {
    cwd: job.workspace,
    env,
    gocache: job.gocache,
    cacheprog: env.GOCACHEPROG ?? null,
    timeoutMs: 300_000,
  });
  assert.equal(res.code, 0, res.stderr.slice(-3000));
  return (await run(bin, [], { timeout: 30_000 })).stdout.trim();
}

/** The bucket's objects of at least `bytes`, as files of the S3 server. */
async function objectsOfAtLeast(bytes: number): Promise<string[]> {
  const files = (await s3.listKeys(BUCKET, 'gobuildcache/')).map((k) => s3.objectPath(BUCKET, k));
  return files.filter((f) => (fs.statSync(f, { throwIfNoEntry: false })?.size ?? 0) >= bytes);
}

/** Waits until the bucket holds an object at least `bytes` long (the big output's upload ended). */
async function waitForObject(bytes: number): Promise<void> {
  for (let i = 0; i < 240; i++) {
    if ((await objectsOfAtLeast(bytes)).length > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  assert.fail(`no object of ${bytes} bytes reached the bucket within 2 minutes`);
}

describe('job server memory with a big output', () => {
  it(
    `a ${ASSET_BYTES / 1024 / 1024} MB embedded asset: populating and restoring keep the job server under ${PEAK_LIMIT_KB / 1024} MB`,
    { timeout: 600_000 },
    async () => {
      const asset = crypto.randomBytes(ASSET_BYTES);
      const expected = crypto.createHash('sha256').update(asset).digest('hex');
      const env = {
        AWS_ACCESS_KEY_ID: s3.accessKey,
        AWS_SECRET_ACCESS_KEY: s3.secretKey,
        GITHUB_EVENT_NAME: 'push',
        GITHUB_REF: 'refs/heads/main',
        GITHUB_REF_NAME: 'main',
      };
      const inputs = {
        [Inputs.Backend]: 's3',
        [Inputs.S3Bucket]: BUCKET,
        [Inputs.S3Endpoint]: s3.endpoint,
        [Inputs.S3PathStyle]: 'true',
        [Inputs.S3Region]: s3.region,
      };

      const first = await withStd(new Job(env));
      writeModule(first.workspace, asset);
      assert.equal((await first.step('main', inputs)).code, 0);
      const populating = serverPid(first);
      assert.equal(await buildAndRun(first), expected);
      await waitForObject(ASSET_BYTES);
      const populatingKB = peakRssKB(populating);
      const post = await first.step('post', inputs);
      assert.equal(post.code, 0, post.stdout + post.stderr);

      // A fresh machine (empty local cache but std), same checkout path: the asset's package comes from the bucket.
      const second = await withStd(new Job(env, first.workspace));
      const [assetObject] = await objectsOfAtLeast(ASSET_BYTES / 2);
      assert.ok(assetObject, 'the asset is an object of its own in the bucket');
      const uploadedAt = fs.statSync(assetObject).mtimeMs;
      // A change to main.go: this job builds one thing the restored manifest lacks, so its post step saves.
      const mainGo = path.join(second.workspace, 'cmd', 'big', 'main.go');
      fs.writeFileSync(mainGo, `${fs.readFileSync(mainGo, 'utf8')}\n// Prints the asset's sha256.\n`);
      assert.equal((await second.step('main', inputs)).code, 0);
      const restoring = serverPid(second);
      assert.equal(await buildAndRun(second), expected);
      const restoringKB = peakRssKB(restoring);
      const post2 = await second.step('post', inputs);

      assert.equal(post2.code, 0, post2.stdout + post2.stderr);
      assert.match(post2.stdout, /saved a pack/, 'the second job saved a manifest and pack');
      assert.equal(
        fs.statSync(assetObject).mtimeMs,
        uploadedAt,
        'the asset, named by the restored manifest, is not uploaded again by the second save',
      );
      assert.ok(
        Number(second.stats().bytesDownloaded) >= ASSET_BYTES / 2,
        `the asset came from the bucket: ${JSON.stringify(second.stats())}`,
      );

      process.stderr.write(
        `job server peak RSS: populating ${(populatingKB / 1024).toFixed(0)} MB, restoring ${(restoringKB / 1024).toFixed(0)} MB\n`,
      );
      assert.ok(populatingKB <= PEAK_LIMIT_KB, `populating: peak RSS ${(populatingKB / 1024).toFixed(0)} MB`);
      assert.ok(restoringKB <= PEAK_LIMIT_KB, `restoring: peak RSS ${(restoringKB / 1024).toFixed(0)} MB`);
    },
  );
});
