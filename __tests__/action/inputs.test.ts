import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Inputs, Outputs } from '../../src/action/constants.js';
import { InputError, readInputs } from '../../src/action/inputs.js';
import { ConfigError, parseCommandLine } from '../../src/cacheprog/config.js';

const ENV = { RUNNER_TEMP: '/runner/temp' };

/** Reads inputs as the runner would hand them over: only the given ones set, the rest ''. */
function inputs(given: Partial<Record<Inputs, string>> = {}) {
  return readInputs((name) => given[name] ?? '', ENV);
}

function rejects(given: Partial<Record<Inputs, string>>, input: Inputs, accepted: RegExp): void {
  assert.throws(
    () => inputs(given),
    (err: unknown) => {
      assert.ok(err instanceof InputError, `expected InputError, got ${String(err)}`);
      assert.equal(err.input, input);
      assert.match(err.message, new RegExp(`^Input "${input}": `));
      assert.match(err.message, accepted);
      return true;
    },
  );
}

describe('readInputs', () => {
  it('applies the action.yml defaults to empty inputs', () => {
    const got = inputs();
    assert.deepEqual(got, {
      backend: 'disk',
      backendReason:
        'no bucket (s3-bucket, gcs-bucket) is set and the Actions cache is not available: not running on GitHub Actions (GITHUB_ACTIONS is not true)',
      cacheModules: true,
      s3: undefined,
      gcs: undefined,
      cacheDir: path.join('/runner/temp', 'gobuildcache', 'cache'),
      cacheMaxBytes: 0,
      readOnly: false,
      compression: true,
      summary: true,
      debug: false,
      uploadWaitMs: 10_000,
      drainTimeoutMs: 300_000,
      remoteCheckTimeoutMs: 5_000,
      prefetch: true,
      manifestKey: undefined,
      manifestRestoreKeys: [],
      matrix: '',
      scope: undefined,
      trustedBranches: [],
      normalizeMtimes: true,
      jobServer: true,
      nativeCache: 'auto',
      saveUntrustedEvents: false,
    });
  });

  it('reads normalize-mtimes as a boolean', () => {
    assert.equal(inputs({ [Inputs.NormalizeMtimes]: 'false' }).normalizeMtimes, false);
    rejects({ [Inputs.NormalizeMtimes]: 'off' }, Inputs.NormalizeMtimes, /accepted values: true, false/);
  });

  it('cache-max-size: 10 GiB by default on self-hosted runners, none on GitHub-hosted ones, a size when given', () => {
    const read = (given: Partial<Record<Inputs, string>>, env: NodeJS.ProcessEnv) =>
      readInputs((name) => given[name] ?? '', { ...ENV, ...env });
    assert.equal(read({}, { RUNNER_ENVIRONMENT: 'self-hosted' }).cacheMaxBytes, 10 * 1024 ** 3);
    assert.equal(read({}, { RUNNER_ENVIRONMENT: 'github-hosted' }).cacheMaxBytes, 0);
    assert.equal(read({ [Inputs.CacheMaxSize]: '0' }, { RUNNER_ENVIRONMENT: 'self-hosted' }).cacheMaxBytes, 0);
    assert.equal(read({ [Inputs.CacheMaxSize]: '500MiB' }, {}).cacheMaxBytes, 500 * 1024 ** 2);
    rejects({ [Inputs.CacheMaxSize]: 'lots' }, Inputs.CacheMaxSize, /accepted: a number with a unit such as 10GiB/);
  });

  it('reads manifest restore keys one per line (or comma-separated)', () => {
    const got = inputs({
      [Inputs.ManifestKey]: 'job/main',
      [Inputs.ManifestRestoreKeys]: 'job/release\n job/ ,other/\n',
      [Inputs.Prefetch]: 'false',
    });
    assert.equal(got.manifestKey, 'job/main');
    assert.deepEqual(got.manifestRestoreKeys, ['job/release', 'job/', 'other/']);
    assert.equal(got.prefetch, false);
  });

  it('picks s3 when a bucket is given and no backend', () => {
    const got = inputs({ [Inputs.S3Bucket]: 'cache--use1-az4--x-s3', [Inputs.S3Region]: 'us-east-1' });
    assert.equal(got.backend, 's3');
    assert.deepEqual(got.s3, {
      bucket: 'cache--use1-az4--x-s3',
      prefix: 'gobuildcache/',
      region: 'us-east-1',
      endpoint: undefined,
      pathStyle: false,
    });
  });

  it('keeps disk when asked for even with a bucket', () => {
    const got = inputs({ [Inputs.Backend]: 'disk', [Inputs.S3Bucket]: 'b-1' });
    assert.equal(got.backend, 'disk');
    assert.equal(got.s3, undefined);
  });

  it('accepts backend case-insensitively and trims blanks', () => {
    assert.equal(inputs({ [Inputs.Backend]: ' S3 ', [Inputs.S3Bucket]: 'bucket' }).backend, 's3');
  });

  it('reads an endpoint, path style and prefix for a non-AWS store', () => {
    const got = inputs({
      [Inputs.S3Bucket]: 'ci-cache',
      [Inputs.S3Endpoint]: 'https://t3.storage.dev/',
      [Inputs.S3PathStyle]: 'true',
      [Inputs.S3Prefix]: 'team/go',
      [Inputs.S3Region]: 'auto',
    });
    assert.deepEqual(got.s3, {
      bucket: 'ci-cache',
      prefix: 'team/go/',
      region: 'auto',
      endpoint: 'https://t3.storage.dev',
      pathStyle: true,
    });
  });

  it('fails s3 without a bucket naming s3-bucket', () => {
    rejects({ [Inputs.Backend]: 's3' }, Inputs.S3Bucket, /required when backend is s3/);
  });

  describe('backend github', () => {
    const GITHUB = {
      ...ENV,
      GITHUB_ACTIONS: 'true',
      ACTIONS_RUNTIME_TOKEN: 't',
      ACTIONS_CACHE_URL: 'https://cache.example/x/',
    };
    const read = (given: Partial<Record<Inputs, string>>, env: NodeJS.ProcessEnv) =>
      readInputs((name) => given[name] ?? '', env);

    it('is the default without a bucket when the job runs on GitHub with the cache service', () => {
      const got = read({}, GITHUB);
      assert.equal(got.backend, 'github');
      assert.equal(got.backendReason, 'no bucket (s3-bucket, gcs-bucket) is set and the job runs on GitHub Actions');
      assert.equal(got.backendFallback, undefined);
      assert.equal(read({ [Inputs.S3Bucket]: 'b-1' }, GITHUB).backend, 's3');
    });

    it('falls back to disk with the reason when the runner gives no token or URL', () => {
      assert.match(read({}, { ...GITHUB, ACTIONS_RUNTIME_TOKEN: '' }).backendReason, /no ACTIONS_RUNTIME_TOKEN$/);
      assert.match(
        read({}, { ...GITHUB, ACTIONS_CACHE_URL: '' }).backendReason,
        /no cache service URL \(ACTIONS_CACHE_URL\)$/,
      );
      // v2 needs the results URL
      assert.equal(read({}, { ...GITHUB, ACTIONS_CACHE_SERVICE_V2: 'true' }).backend, 'disk');
      assert.equal(
        read({}, { ...GITHUB, ACTIONS_CACHE_SERVICE_V2: 'true', ACTIONS_RESULTS_URL: 'https://results.example/' })
          .backend,
        'github',
      );
      assert.equal(read({}, { ...GITHUB, ACTIONS_CACHE_MODE: 'none' }).backend, 'disk');
    });

    it('asked for explicitly off GitHub: disk, and the fallback is reported', () => {
      const got = read({ [Inputs.Backend]: 'github' }, ENV);
      assert.equal(got.backend, 'disk');
      assert.match(got.backendFallback ?? '', /not running on GitHub Actions/);
      assert.equal(read({ [Inputs.Backend]: 'GitHub' }, GITHUB).backend, 'github');
    });

    it('reads cache-modules', () => {
      assert.equal(read({ [Inputs.CacheModules]: 'false' }, GITHUB).cacheModules, false);
    });
  });

  it('rejects an unknown backend listing the accepted values', () => {
    rejects({ [Inputs.Backend]: 'azure' }, Inputs.Backend, /"azure".*accepted values: disk, s3, gcs, github/);
  });

  it('backend gcs: gcs-bucket alone selects it, with its prefix; a URL or a missing bucket is refused', () => {
    const got = inputs({ [Inputs.GcsBucket]: 'my-cache', [Inputs.GcsPrefix]: 'ci/repo' });
    assert.equal(got.backend, 'gcs');
    assert.equal(got.backendReason, 'gcs-bucket is set');
    assert.deepEqual(got.gcs, { bucket: 'my-cache', prefix: 'ci/repo/' });
    assert.equal(got.s3, undefined);
    assert.equal(inputs({ [Inputs.Backend]: 'gcs', [Inputs.GcsBucket]: 'b-1' }).gcs?.prefix, 'gobuildcache/');
    rejects({ [Inputs.Backend]: 'gcs' }, Inputs.GcsBucket, /is required when backend is gcs/);
    rejects(
      { [Inputs.GcsBucket]: 'gs://b/x' },
      Inputs.GcsBucket,
      /is a URL; accepted: the bare bucket name \(put any path in gcs-prefix\)/,
    );
    rejects({ [Inputs.GcsBucket]: 'b-1', [Inputs.S3Bucket]: 'b-2' }, Inputs.Backend, /both s3-bucket and gcs-bucket/);
    assert.equal(
      inputs({ [Inputs.Backend]: 's3', [Inputs.GcsBucket]: 'b-1', [Inputs.S3Bucket]: 'b-2' }).gcs,
      undefined,
    );
  });

  it('accepts the YAML boolean spellings and rejects others', () => {
    assert.equal(inputs({ [Inputs.ReadOnly]: 'True' }).readOnly, true);
    assert.equal(inputs({ [Inputs.Compression]: 'FALSE' }).compression, false);
    assert.equal(inputs({ [Inputs.Debug]: 'true' }).debug, true);
    rejects({ [Inputs.ReadOnly]: 'yes' }, Inputs.ReadOnly, /"yes" is not a boolean; accepted values: true, false/);
    rejects({ [Inputs.Summary]: '1' }, Inputs.Summary, /accepted values: true, false/);
  });

  it('parses durations with units and rejects nonsense', () => {
    const got = inputs({
      [Inputs.UploadWait]: '0s',
      [Inputs.DrainTimeout]: '90s',
      [Inputs.RemoteCheckTimeout]: '1500ms',
    });
    assert.equal(got.uploadWaitMs, 0);
    assert.equal(got.drainTimeoutMs, 90_000);
    assert.equal(got.remoteCheckTimeoutMs, 1_500);
    assert.equal(inputs({ [Inputs.DrainTimeout]: '2m' }).drainTimeoutMs, 120_000);
    rejects({ [Inputs.UploadWait]: 'ten seconds' }, Inputs.UploadWait, /not a duration; accepted: .*ms, s, m or h/);
    rejects({ [Inputs.DrainTimeout]: '-5s' }, Inputs.DrainTimeout, /not a duration/);
    rejects({ [Inputs.RemoteCheckTimeout]: '0s' }, Inputs.RemoteCheckTimeout, /too short/);
  });

  it('requires an absolute cache-dir', () => {
    assert.equal(inputs({ [Inputs.CacheDir]: '/var/cache/go//x/' }).cacheDir, path.normalize('/var/cache/go/x/'));
    rejects(
      { [Inputs.CacheDir]: 'cache/go' },
      Inputs.CacheDir,
      /not an absolute path; accepted: an absolute directory/,
    );
  });

  it('validates the endpoint URL', () => {
    rejects(
      { [Inputs.S3Bucket]: 'b-1', [Inputs.S3Endpoint]: 't3.storage.dev' },
      Inputs.S3Endpoint,
      /not a URL; accepted: an http:\/\/ or https:\/\/ URL/,
    );
    rejects({ [Inputs.S3Bucket]: 'b-1', [Inputs.S3Endpoint]: 'ftp://host' }, Inputs.S3Endpoint, /uses ftp:/);
  });

  it('rejects bucket URLs and impossible names', () => {
    rejects({ [Inputs.S3Bucket]: 's3://bucket/prefix' }, Inputs.S3Bucket, /bare bucket name.*s3-prefix/);
    rejects({ [Inputs.S3Bucket]: 'my bucket' }, Inputs.S3Bucket, /not a bucket name/);
  });

  it('refuses an s3-prefix that would leave its namespace, in the action and in the CLI alike', () => {
    for (const prefix of ['../', '..', 'a/../b/', '/gobuildcache/', 'a//b/', './x', 'a\\b']) {
      rejects(
        { [Inputs.S3Bucket]: 'b-1', [Inputs.S3Prefix]: prefix },
        Inputs.S3Prefix,
        /accepted: key segments separated by '\/'/,
      );
      assert.throws(
        () =>
          parseCommandLine([], {
            GOBUILDCACHE_BACKEND_TYPE: 's3',
            GOBUILDCACHE_S3_BUCKET: 'b-1',
            GOBUILDCACHE_S3_PREFIX: prefix,
          }),
        (err: unknown) => err instanceof ConfigError && /^-s3-prefix \(GOBUILDCACHE_S3_PREFIX\): /.test(err.message),
        prefix,
      );
    }
    for (const prefix of ['team/go', 'team/go/', 'a..b/c.d/']) {
      // One parser: the action hands the server the prefix the server would have made of it.
      assert.equal(
        inputs({ [Inputs.S3Bucket]: 'b-1', [Inputs.S3Prefix]: prefix }).s3?.prefix,
        prefix.replace(/\/?$/, '/'),
      );
      assert.equal(
        parseCommandLine(['-backend', 's3', '-s3-bucket', 'b-1', '-s3-prefix', prefix]).config.s3?.prefix,
        prefix.replace(/\/?$/, '/'),
      );
    }
    // Empty is the whole bucket (clear-remote then asks for -yes).
    assert.equal(parseCommandLine(['-backend', 's3', '-s3-bucket', 'b-1', '-s3-prefix=']).config.s3?.prefix, '');
  });

  it('refuses path style for S3 Express One Zone directory buckets', () => {
    rejects(
      { [Inputs.S3Bucket]: 'c--use1-az4--x-s3', [Inputs.S3PathStyle]: 'true' },
      Inputs.S3PathStyle,
      /virtual-hosted.*accepted value here: false/,
    );
  });

  it('does not look at inputs only s3 needs when the backend is disk', () => {
    assert.equal(inputs({ [Inputs.Backend]: 'disk', [Inputs.S3Endpoint]: 'nonsense' }).backend, 'disk');
  });
});

describe('action.yml', () => {
  const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'action.yml');
  const text = fs.readFileSync(file, 'utf8');

  /** Names and defaults of one top-level section; action.yml is ours, so two-space keys suffice. */
  function section(name: string): Map<string, string | undefined> {
    const lines = text.split('\n');
    const out = new Map<string, string | undefined>();
    let inside = false;
    let current: string | undefined;
    for (const line of lines) {
      if (/^\S/.test(line)) {
        inside = line === `${name}:`;
        continue;
      }
      if (!inside) continue;
      const key = /^ {2}([\w-]+):\s*$/.exec(line);
      if (key?.[1]) {
        current = key[1];
        out.set(current, undefined);
        continue;
      }
      const def = /^ {4}default:\s*'(.*)'\s*$/.exec(line);
      if (def && current) out.set(current, def[1]);
    }
    return out;
  }

  // Inputs, their defaults and descriptions: __tests__/settings/ compares action.yml with the settings table.
  it('declares every output', () => {
    assert.deepEqual([...section('outputs').keys()].sort(), Object.values(Outputs).sort());
  });

  it('runs on node24 with an always-run post step', () => {
    assert.match(text, /using: 'node24'/);
    assert.match(text, /main: 'dist\/main\/index\.js'/);
    assert.match(text, /post: 'dist\/post\/index\.js'/);
    assert.match(text, /post-if: 'always\(\)'/);
  });
});
