import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { cacheEnvironment } from '../../src/action/main-step.js';
import { InputError, readInputs } from '../../src/action/inputs.js';
import { usage } from '../../src/cacheprog/cli.js';
import { ConfigError, parseCommandLine } from '../../src/cacheprog/config.js';
import { FLAG_TEXT, INPUT_TEXT } from '../../src/settings/descriptions.js';
import { syncSettingsDocs } from '../../src/settings/docs.js';
import {
  describeSetting,
  INPUT_DEFAULTS,
  Inputs,
  SETTINGS,
  type FlagSettingName,
  type Setting,
} from '../../src/settings/table.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('the settings table', () => {
  it('is what action.yml, the README inputs table and docs/cli.md say (name, default, description)', () => {
    const differing = syncSettingsDocs(ROOT);
    for (const { file, expected, actual } of differing) {
      const want = expected.split('\n');
      const got = actual.split('\n');
      const line = want.findIndex((l, i) => l !== got[i]);
      assert.fail(
        `${file} differs from the settings table (src/settings/) at its line ${line + 1} of the section:\n` +
          `  committed: ${got[line] ?? '(nothing)'}\n  expected:  ${want[line] ?? '(nothing)'}\n` +
          'Change the table, then run: node --import tsx scripts/settings-docs.ts',
      );
    }
  });

  it('describes every flag and every input, inputs in action.yml order', () => {
    const flags = Object.entries(SETTINGS)
      .filter(([, s]) => (s as Setting).flag !== undefined)
      .map(([name]) => name);
    assert.deepEqual(Object.keys(FLAG_TEXT), flags);
    assert.deepEqual(Object.keys(INPUT_TEXT).sort(), Object.values(Inputs).sort());
    assert.deepEqual(Object.keys(INPUT_DEFAULTS).sort(), Object.values(Inputs).sort());
  });

  it('help names every flag with its env keys and default', () => {
    const text = usage();
    for (const [name, s] of Object.entries(SETTINGS) as [FlagSettingName, Setting][]) {
      if (s.flag === undefined) continue;
      assert.ok(text.includes(`  ${describeSetting(name)}`), `help lists -${s.flag}`);
    }
    assert.match(text, /-upload-wait \(GOBUILDCACHE_UPLOAD_WAIT\), default 60s/);
  });

  it('every default parses', () => {
    for (const [name, s] of Object.entries(SETTINGS) as [string, Setting][]) {
      if (s.default !== undefined) assert.doesNotThrow(() => s.parse(s.default as string, name), name);
    }
  });

  it('the env the action hands the server parses back into the settings it was made from', () => {
    const given: Record<string, string> = {
      [Inputs.S3Bucket]: 'b-1',
      [Inputs.S3Prefix]: 'team/go',
      [Inputs.S3Region]: 'auto',
      [Inputs.S3Endpoint]: 'https://t3.storage.dev/',
      [Inputs.S3PathStyle]: 'true',
      [Inputs.CacheMaxSize]: '3GiB',
      [Inputs.ReadOnly]: 'true',
      [Inputs.Compression]: 'false',
      [Inputs.UploadWait]: '1.5s',
      [Inputs.CacheDir]: '/var/cache/go',
    };
    const inputs = readInputs((name) => given[name] ?? '', { RUNNER_TEMP: '/runner/temp' });
    const scopes = { write: 'pr-7', read: ['pr-7', 'default'], readOnly: true, why: 'test' };
    const env = cacheEnvironment(inputs, {
      backend: 's3',
      spoolDir: '/run/spool',
      statsDir: '/run/stats',
      debug: true,
      sharedCacheDir: '/shared',
      scopes,
    });
    assert.ok(
      Object.keys(env).every((k) => k.startsWith('GOBUILDCACHE_')),
      'only prefixed names: the tests go runs keep their own AWS_* settings',
    );
    const config = parseCommandLine([], env).config;
    assert.deepEqual(
      {
        backend: config.backend,
        cacheDir: config.cacheDir,
        sharedCacheDir: config.sharedCacheDir,
        cacheMaxBytes: config.cacheMaxBytes,
        spoolDir: config.spoolDir,
        statsDir: config.statsDir,
        statsFile: config.statsFile,
        debug: config.debug,
        printStats: config.printStats,
        readOnly: config.readOnly,
        compression: config.compression,
        uploadWaitMs: config.uploadWaitMs,
        scopes: config.scopes,
        s3: config.s3 && {
          bucket: config.s3.bucket,
          prefix: config.s3.prefix,
          region: config.s3.region,
          endpoint: config.s3.endpoint,
          pathStyle: config.s3.pathStyle,
        },
      },
      {
        backend: 's3',
        cacheDir: '/var/cache/go',
        sharedCacheDir: '/shared',
        cacheMaxBytes: 3 * 1024 ** 3,
        spoolDir: '/run/spool',
        statsDir: '/run/stats',
        statsFile: '/run/stats.json',
        debug: true,
        printStats: true,
        readOnly: true,
        compression: false,
        uploadWaitMs: 1500,
        scopes: { write: 'pr-7', read: ['pr-7', 'default'] },
        s3: { bucket: 'b-1', prefix: 'team/go/', region: 'auto', endpoint: 'https://t3.storage.dev', pathStyle: true },
      },
    );
  });

  it('one parser per setting: errors name the flag and env keys, or the input, with the same words', () => {
    const flagError = (argv: string[]): string => {
      try {
        parseCommandLine(argv, {});
      } catch (err) {
        assert.ok(err instanceof ConfigError);
        return err.message;
      }
      assert.fail(`${argv.join(' ')} was accepted`);
    };
    const inputError = (given: Record<string, string>): string => {
      try {
        readInputs((name) => given[name] ?? '', { RUNNER_TEMP: '/runner/temp' });
      } catch (err) {
        assert.ok(err instanceof InputError);
        return err.message;
      }
      assert.fail(`${JSON.stringify(given)} was accepted`);
    };
    for (const [flag, input, value] of [
      ['upload-wait', Inputs.UploadWait, 'soon'],
      ['cache-max-size', Inputs.CacheMaxSize, 'lots'],
      ['read-only', Inputs.ReadOnly, 'maybe'],
      ['cache-dir', Inputs.CacheDir, 'relative/dir'],
    ] as const) {
      const cli = flagError([`-${flag}=${value}`]);
      const action = inputError({ [input]: value });
      const detail = action.replace(`Input "${input}": `, '');
      assert.match(cli, new RegExp(`^-${flag} \\(GOBUILDCACHE_[A-Z_]+\\): `));
      assert.equal(cli.slice(cli.indexOf('): ') + 3), detail, flag);
    }
    // Booleans differ on purpose: a workflow's YAML takes true and false only, the CLI what Go's flags take.
    assert.equal(parseCommandLine(['-read-only=yes'], {}).config.readOnly, true);
    assert.match(inputError({ [Inputs.ReadOnly]: 'yes' }), /"yes" is not a boolean; accepted values: true, false/);
  });
});
