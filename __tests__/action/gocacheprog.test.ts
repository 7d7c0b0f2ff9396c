import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import {
  cacheprogScript,
  goCommandLine,
  QuotingError,
  quoteField,
  splitGoCommandLine,
} from '../../src/action/gocacheprog.js';

describe('GOCACHEPROG quoting', () => {
  it('wraps each field in double quotes by default', () => {
    assert.equal(
      goCommandLine(['/opt/node/bin/node', '/a/dist/cacheprog/index.js']),
      '"/opt/node/bin/node" "/a/dist/cacheprog/index.js"',
    );
  });

  it('switches to single quotes for a path with a double quote', () => {
    assert.equal(quoteField('/home/x"y/node'), `'/home/x"y/node'`);
  });

  it('refuses a path holding both quote characters, saying why', () => {
    assert.throws(
      () => quoteField(`/a'b"c`),
      (err: unknown) => err instanceof QuotingError && /both ' and "/.test(err.message),
    );
  });

  it("round-trips awkward paths through go's splitting rules", () => {
    const paths = [
      'C:\\Program Files\\nodejs\\node.exe',
      "/Users/o'brien/actions runner/_work/_actions/o/gobuildcache-action/v1/dist/cacheprog/index.js",
      '/tmp/a"b/\ttab and  two spaces',
      '/plain/path',
    ];
    for (let i = 0; i < paths.length; i++) {
      const argv = [paths[i], paths[(i + 1) % paths.length]];
      assert.deepEqual(splitGoCommandLine(goCommandLine(argv)), argv);
    }
  });

  it('splits like go: bare fields, quotes only at a field start', () => {
    assert.deepEqual(splitGoCommandLine(` node  'a b' "c'd" -x`), ['node', 'a b', "c'd", '-x']);
    assert.throws(() => splitGoCommandLine('"open'), /unterminated/);
  });
});

describe('cacheprogScript', () => {
  it('finds the server bundle next to the step bundle', () => {
    const root = path.resolve('/opt/actions/gobuildcache-action/v1');
    const url = pathToFileURL(path.join(root, 'dist', 'main', 'index.js')).href;
    assert.equal(cacheprogScript(url), path.join(root, 'dist', 'cacheprog', 'index.js'));
  });
});
