import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { it } from 'node:test';
import { liveStats, LiveStatsFile } from '../src/cacheprog/live-stats.js';
import { Logger } from '../src/cacheprog/log.js';
import { Stats } from '../src/cacheprog/stats.js';
import { tempDir } from './helpers/proc.js';

it('the live statistics file is written whole, with hits as local plus remote, and not again while nothing changed', () => {
  const dir = tempDir('live-stats');
  const file = path.join(dir, 'stats.json');
  const stats = new Stats('s3');
  // As the job server counts: per go command that connects.
  stats.counters.processes = 0;
  const warnings: string[] = [];
  const live = new LiveStatsFile(file, () => liveStats(stats, 2), new Logger(false, (line) => warnings.push(line)));
  stats.add('processes');
  stats.add('localHits', 5);
  stats.add('remoteHits', 2);
  stats.add('misses', 3);
  stats.add('bytesUploaded', 100);
  live.update();
  const first = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  assert.deepEqual(
    { ...first, updatedAt: undefined },
    {
      version: 1,
      hits: 7,
      misses: 3,
      localHits: 5,
      remoteHits: 2,
      bytesDownloaded: 0,
      bytesUploaded: 100,
      uploadsPending: 2,
      goCommands: 1,
      updatedAt: undefined,
    },
  );
  assert.ok(!Number.isNaN(Date.parse(first.updatedAt as string)));
  const written = fs.statSync(file).mtimeMs;
  fs.utimesSync(file, 0, 0);
  live.update();
  assert.equal(fs.statSync(file).mtimeMs, 0, 'unchanged figures: not written again');
  stats.add('misses');
  live.update();
  assert.equal((JSON.parse(fs.readFileSync(file, 'utf8')) as { misses: number }).misses, 4);
  assert.ok(fs.statSync(file).mtimeMs >= written - 1);
  assert.deepEqual(fs.readdirSync(dir), ['stats.json'], 'no temp file left beside it');
  assert.equal(warnings.length, 0, warnings.join('\n'));

  // A file that cannot be written: one warning, never a throw into the server.
  const blocked = new LiveStatsFile(
    path.join(file, 'under-a-file.json'),
    () => liveStats(stats, 0),
    new Logger(false, (line) => warnings.push(line)),
  );
  blocked.update();
  stats.add('misses');
  blocked.update();
  assert.equal(warnings.length, 1, warnings.join('\n'));
});
