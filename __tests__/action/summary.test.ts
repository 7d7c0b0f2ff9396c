import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { addSummary, hitRatio, pieChart, renderSummary, type SummaryContext } from '../../src/action/summary.js';
import { aggregateStatsDir, Stats, type Aggregate } from '../../src/cacheprog/stats.js';
import * as core from '@actions/core';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** An Aggregate built the way the post step builds one: stats files of two processes, added up. */
function aggregate(
  perProcess: Partial<Record<keyof Stats['counters'], number>>[],
  latencies: { remoteGet?: number[]; upload?: number[] } = {},
): Aggregate {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gbc-summary-'));
  dirs.push(dir);
  for (const counters of perProcess) {
    const stats = new Stats('s3');
    for (const [k, v] of Object.entries(counters)) stats.add(k as keyof Stats['counters'], v);
    for (const ms of latencies.remoteGet ?? []) stats.latency.remoteGet.record(ms);
    for (const ms of latencies.upload ?? []) stats.latency.upload.record(ms);
    stats.writeFile(dir);
  }
  return aggregateStatsDir(dir);
}

const S3: SummaryContext = {
  backend: 's3',
  location: 's3://cache--use1-az4--x-s3/gobuildcache/',
  readOnly: false,
  pending: 0,
};

/** The cells of the row whose first cell is `label`, from the builder's HTML table. */
function row(markdown: string, label: string): string | undefined {
  const m = new RegExp(`<tr><td>${label}</td><td>([^<]*)</td></tr>`).exec(markdown);
  return m?.[1];
}

describe('renderSummary', () => {
  const agg = aggregate(
    [
      {
        gets: 100,
        localHits: 60,
        remoteHits: 25,
        misses: 15,
        puts: 30,
        putBytes: 3 * 1024 * 1024,
        uploads: 20,
        bytesUploaded: 2048,
        bytesDownloaded: 5 * 1024 * 1024,
      },
      {
        gets: 60,
        localHits: 10,
        remoteHits: 35,
        misses: 15,
        puts: 10,
        uploads: 10,
        verifyRejects: 1,
        remoteErrors: 2,
        uploadFailures: 1,
      },
    ],
    { remoteGet: [4, 5, 6, 7, 50], upload: [10, 12, 14] },
  );

  it('adds up the processes', () => {
    assert.equal(agg.counters.processes, 2);
    assert.equal(agg.counters.gets, 160);
    assert.equal(hitRatio(agg), 130 / 160);
  });

  it('leads with the hit ratio and where the hits came from', () => {
    const md = renderSummary(agg, S3);
    assert.match(md, /<h2>Go build cache \(s3:\/\/cache--use1-az4--x-s3\/gobuildcache\/\)<\/h2>/);
    assert.match(
      md,
      /<strong>81\.3% hit ratio<\/strong>: 130 of 160 lookups were answered from the cache, 60 of them from the remote cache; 30 misses were compiled or run again\./,
    );
    // No invented "time saved" figure: nothing in the stats measures it.
    assert.doesNotMatch(md, /saved/i);
  });

  it('tabulates counts, traffic, latency and problems', () => {
    const md = renderSummary(agg, { ...S3, pending: 3, drain: { uploaded: 4, failed: 1, remaining: 3 } });
    const want: Record<string, string | RegExp> = {
      'go processes': '2',
      'lookups \\(gets\\)': '160',
      'local hits': '70',
      'remote hits': '60',
      misses: '30',
      'stores \\(puts\\)': '40 (3.0 MiB)',
      uploads: '30',
      downloaded: '5.0 MiB',
      uploaded: '2.0 KiB',
      'verification rejects': '1',
      'remote errors': '2',
      'upload failures': '1',
      'uploaded by the post step': '4 (1 failed)',
      'still pending': '3',
      // p50 of 4,5,6,7,50 is ~6 ms, p95 is the 50 ms outlier (bucket edges are within 10 %).
      'remote get latency p50 / p95': /^(5\.\d\d|6\.\d\d) ms \/ 50 ms$/,
      // p50 of 10,12,14 is 12 ms reported as its bucket's upper edge (≤ 13.2); p95 is capped at the 14 ms max.
      'upload latency p50 / p95': /^1[23] ms \/ 14 ms$/,
    };
    for (const [label, value] of Object.entries(want)) {
      const got = row(md, label);
      assert.ok(got !== undefined, `row ${label} missing`);
      if (typeof value === 'string') assert.equal(got, value, label);
      else assert.match(got, value, label);
    }
    assert.match(md, /3 uploads were still pending/);
    assert.match(md, /1 remote object failed verification/);
  });

  it('draws a Mermaid pie of local hits, remote hits and misses as a fenced block', () => {
    const md = renderSummary(agg, S3);
    assert.match(
      md,
      /\n\n```mermaid\npie showData title Cache lookups\n {2}"Local hits" : 70\n {2}"Remote hits" : 60\n {2}"Misses" : 30\n```\n/,
    );
  });

  it('leaves empty slices out of the pie', () => {
    const cold = aggregate([{ gets: 5, misses: 5 }]);
    assert.equal(pieChart(cold), 'pie showData title Cache lookups\n  "Misses" : 5');
  });

  it('explains a fallback to the local cache, escaping the reason', () => {
    const disk = aggregate([{ gets: 4, localHits: 1, misses: 3 }]);
    const md = renderSummary(disk, {
      backend: 'disk',
      readOnly: false,
      pending: 0,
      fallbackReason: 'HeadBucket failed: <403> check the credentials',
    });
    assert.match(md, /<h2>Go build cache \(local disk\)<\/h2>/);
    assert.match(
      md,
      /The remote cache was not used: HeadBucket failed: &lt;403&gt; check the credentials\. This job used the local disk cache only\./,
    );
    assert.match(md, /25\.0% hit ratio<\/strong>: 1 of 4 lookups were answered from the cache; 3 misses/);
    // Remote-only rows make no sense for a disk cache.
    assert.equal(row(md, 'uploads'), undefined);
    assert.equal(row(md, 'misses'), '3');
  });

  it('says so when no go command used the cache, with no table or chart', () => {
    const none = aggregate([]);
    const md = renderSummary(none, S3);
    assert.match(md, /No go command used the cache in this job\./);
    assert.doesNotMatch(md, /<table>|mermaid/);
  });

  it('shows what the prefetch downloaded and the manifest recorded for the next run', () => {
    const warm = aggregate([
      { gets: 50, localHits: 48, misses: 2 },
      // The prefetcher's own file: no go process, no lookups.
      {
        processes: -1,
        prefetchListed: 60,
        prefetched: 45,
        prefetchBytes: 3 * 1024 * 1024,
        prefetchMs: 2_400,
        bytesDownloaded: 3 * 1024 * 1024,
      },
    ]);
    const md = renderSummary(warm, {
      ...S3,
      prefetchStarted: true,
      manifest: {
        saved: true,
        key: 'Linux-X64-go1.26.8-CI-test/main',
        ids: 50,
        pack: { parts: 2, bytes: 9 * 1024 * 1024 },
      },
    });
    assert.equal(row(md, 'go processes'), '1');
    assert.equal(row(md, 'prefetched before use'), '45 of 60 listed (3.0 MiB) in 2.4 s');
    assert.equal(
      row(md, 'manifest for the next run'),
      '50 action ids (Linux-X64-go1.26.8-CI-test/main), pack of 2 part(s), 9.0 MiB',
    );
    assert.match(
      md,
      /45 entries were prefetched from the remote before go asked for them; go counted them as local hits\./,
    );
    const again = renderSummary(warm, {
      ...S3,
      prefetchStarted: true,
      manifest: {
        saved: true,
        key: 'k/main',
        ids: 50,
        pack: { parts: 3, bytes: 9 * 1024 * 1024, uploadedBytes: 512 * 1024, reusedParts: 2 },
      },
    });
    assert.equal(
      row(again, 'manifest for the next run'),
      '50 action ids (k/main), pack of 3 part(s), 9.0 MiB (uploaded 512.0 KiB, reused 2 part(s) of the previous save)',
    );
  });

  it("says why nothing was prefetched on a job's first run", () => {
    const cold = aggregate([{ gets: 5, misses: 5 }, { processes: -1 }]);
    const md = renderSummary(cold, { ...S3, prefetchStarted: true, manifest: { saved: true, key: 'k/main', ids: 5 } });
    assert.match(
      md,
      /Nothing was prefetched: no manifest of this job existed yet; the next run prefetches from the one this run recorded\./,
    );
    assert.equal(row(md, 'prefetched before use'), undefined);
  });

  it('notes read-only mode', () => {
    assert.match(renderSummary(agg, { ...S3, readOnly: true }), /Read-only: nothing was uploaded/);
  });

  it('writes the same text to GITHUB_STEP_SUMMARY through core.summary', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gbc-stepsummary-'));
    dirs.push(dir);
    const file = path.join(dir, 'summary.md');
    fs.writeFileSync(file, '');
    const before = process.env.GITHUB_STEP_SUMMARY;
    process.env.GITHUB_STEP_SUMMARY = file;
    try {
      await addSummary(core.summary.emptyBuffer(), agg, S3).write();
    } finally {
      if (before === undefined) delete process.env.GITHUB_STEP_SUMMARY;
      else process.env.GITHUB_STEP_SUMMARY = before;
    }
    assert.equal(fs.readFileSync(file, 'utf8'), renderSummary(agg, S3));
  });
});
