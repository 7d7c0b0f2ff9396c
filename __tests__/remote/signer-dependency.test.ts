// The direct request path signs with @smithy/signature-v4, which the AWS SDK signs with too: one
// copy, so both paths sign alike and an SDK update cannot leave ours behind unnoticed.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';

describe('@smithy/signature-v4', () => {
  it('is installed once, the copy the AWS SDK uses', () => {
    const lock = JSON.parse(fs.readFileSync('package-lock.json', 'utf8')) as {
      packages: Record<string, { version?: string }>;
    };
    const copies = Object.keys(lock.packages).filter((p) => p.endsWith('node_modules/@smithy/signature-v4'));
    assert.deepEqual(
      copies,
      ['node_modules/@smithy/signature-v4'],
      "npm dedupes ours with the SDK's: align the range in package.json with @aws-sdk/core's",
    );
  });
});
