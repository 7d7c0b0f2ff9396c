import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, parseCommandLine } from '../src/cacheprog/config.js';
import { Logger, WARN_LIMIT } from '../src/cacheprog/log.js';
import { displayEndpoint, redactUrlCredentials, urlCredentials } from '../src/cacheprog/redact.js';

describe('URL credentials never reach a message', () => {
  it('redactUrlCredentials cuts user:password@ out of every URL in a text', () => {
    const text =
      'GetObject on https://AKIA:s3cr%2Ft@host.example:9000/b failed; retried http://u@h/x and s3://k:v@bucket';
    const out = redactUrlCredentials(text);
    assert.equal(
      out,
      'GetObject on https://***@host.example:9000/b failed; retried http://***@h/x and s3://***@bucket',
    );
    assert.equal(
      redactUrlCredentials('mail me@example.com at https://host/'),
      'mail me@example.com at https://host/',
      'an @ outside a URL stays',
    );
  });

  it('displayEndpoint shows scheme, host and path only; urlCredentials lists the raw and decoded values', () => {
    assert.equal(displayEndpoint('https://user:pa%40ss@t3.storage.dev/?x=1'), 'https://t3.storage.dev');
    assert.equal(displayEndpoint(undefined, 'us-east-1'), 'AWS S3 in us-east-1');
    assert.doesNotMatch(displayEndpoint('not a url user:pw@host'), /pw/);
    assert.deepEqual(urlCredentials('https://user:pa%40ss@h'), ['user', 'pa%40ss', 'pa@ss']);
    assert.deepEqual(urlCredentials('https://h'), []);
  });

  it('a bad endpoint setting is refused without echoing its password', () => {
    assert.throws(
      () => parseCommandLine(['-backend', 's3', '-s3-bucket', 'b', '-s3-endpoint', 'ftp://me:hunter22@host'], {}),
      (err: unknown) =>
        err instanceof ConfigError && !err.message.includes('hunter22') && err.message.includes('***@host'),
    );
  });

  it('every Logger line is redacted, whatever put the URL there', () => {
    const lines: string[] = [];
    const log = new Logger(true, (l) => lines.push(l));
    log.warn('cannot reach https://id:hunter22@127.0.0.1:1: ECONNREFUSED');
    log.debug('GET http://id:hunter22@h/k');
    log.error('x https://id:hunter22@h');
    assert.equal(lines.length, 3);
    for (const line of lines) assert.doesNotMatch(line, /hunter22/);
  });
});

describe('Logger.warnLimited', () => {
  it('prints at most the limit of one kind, says so on the last, and flushLimited gives one summary line', () => {
    const lines: string[] = [];
    const log = new Logger(false, (l) => lines.push(l));
    for (let i = 0; i < 40; i++) log.warnLimited('verification rejects', `rejected object ${i}`);
    log.warnLimited('other', 'one of another kind');
    assert.equal(lines.length, WARN_LIMIT + 1);
    assert.match(
      lines[WARN_LIMIT - 1] ?? '',
      /rejected object 4 \(further verification rejects are counted, not printed\)/,
    );
    log.flushLimited();
    assert.equal(lines.length, WARN_LIMIT + 2);
    assert.match(lines.at(-1) ?? '', /warning: 35 more verification rejects were not printed \(40 in all\)/);
    log.flushLimited();
    assert.equal(lines.length, WARN_LIMIT + 2, 'a second flush prints nothing');
  });
});
