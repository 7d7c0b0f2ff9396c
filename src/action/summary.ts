import * as core from '@actions/core';
import { formatBytes, formatMs, type Aggregate, type Histogram } from '../cacheprog/stats.js';
import type { ActionsCacheSummary } from './actions-cache-steps.js';
import { actionsCacheNotes } from './actions-cache-summary.js';
import { isRemoteBackend, type BackendType } from '../settings/table.js';
import { sentence } from '../util/text.js';

/** What the post step knows besides the statistics. */
export interface SummaryContext {
  /** The backend the job actually used ('disk' after a fallback). */
  backend: BackendType;
  /** s3://bucket/prefix/ or gs://bucket/prefix/, shown so a reader knows which cache this was. */
  location?: string;
  /** Why the remote was not used, when the main step fell back to the local cache. */
  fallbackReason?: string;
  readOnly: boolean;
  /** The trust scope written and the scopes read, in order (see scopes.ts); undefined without scopes. */
  scopes?: { write: string; read: string[] };
  /** Uploads still not in the remote after the post step's drain. */
  pending: number;
  drain?: { uploaded: number; failed: number; remaining: number; timedOut?: boolean };
  /** The main step started a background prefetch from the job's manifest. */
  prefetchStarted?: boolean;
  /** What became of this job's manifest for the next run. */
  manifest?:
    | {
        saved: true;
        key: string;
        ids: number;
        pack?: { parts: number; bytes: number; uploadedBytes?: number; reusedParts?: number };
      }
    | { saved: false; reason: string };
  /** The backend choice and what the Actions cache did (backend: github, cache-modules). */
  actionsCache?: ActionsCacheSummary;
}

type Builder = typeof core.summary;
type SummaryTableRow = Parameters<Builder['addTable']>[0][number];

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function hitRatio(agg: Aggregate): number {
  const { gets, localHits, remoteHits } = agg.counters;
  return gets === 0 ? 0 : (localHits + remoteHits) / gets;
}

function percent(ratio: number): string {
  return `${(ratio * 100).toFixed(1)}%`;
}

function latency(h: Histogram): string {
  return h.count === 0 ? '–' : `${formatMs(h.quantile(0.5))} / ${formatMs(h.quantile(0.95))}`;
}

/**
 * The headline. There is deliberately no "time saved" figure: the server sees lookups, not how
 * long go would have spent compiling or testing on a miss, so any number would be invented.
 */
function headline(agg: Aggregate, ctx: SummaryContext): string {
  const c = agg.counters;
  if (c.gets === 0) {
    return agg.files === 0
      ? 'No go command used the cache in this job.'
      : `${c.processes} go ${c.processes === 1 ? 'process' : 'processes'} opened the cache but looked nothing up.`;
  }
  const hits = c.localHits + c.remoteHits;
  const remote = isRemoteBackend(ctx.backend) ? `, ${c.remoteHits} of them from the remote cache` : '';
  return (
    `<strong>${percent(hitRatio(agg))} hit ratio</strong>: ${hits} of ${c.gets} lookups were answered from the cache${remote}; ` +
    `${c.misses} ${c.misses === 1 ? 'miss was' : 'misses were'} compiled or run again.`
  );
}

function notes(agg: Aggregate, ctx: SummaryContext): string[] {
  const c = agg.counters;
  const out: string[] = [];
  if (ctx.fallbackReason) {
    out.push(
      `⚠️ The remote cache was not used: ${escapeHtml(sentence(ctx.fallbackReason))} This job used the local disk cache only.`,
    );
  }
  if (c.remoteDisabled > 0) {
    out.push(
      `⚠️ ${c.remoteDisabled} go ${c.remoteDisabled === 1 ? 'process' : 'processes'} stopped using the remote after repeated errors and carried on with the local cache.`,
    );
  }
  if (c.verifyRejects > 0) {
    out.push(
      `⚠️ ${c.verifyRejects} remote ${c.verifyRejects === 1 ? 'object' : 'objects'} failed verification and ${c.verifyRejects === 1 ? 'was' : 'were'} ignored (rebuilt locally instead).`,
    );
  }
  if (ctx.pending > 0) {
    out.push(
      `⚠️ ${ctx.pending} ${ctx.pending === 1 ? 'upload was' : 'uploads were'} still pending when the post step gave up; the next run rebuilds ${ctx.pending === 1 ? 'it' : 'them'}.`,
    );
  }
  if (ctx.readOnly && isRemoteBackend(ctx.backend)) out.push('Read-only: nothing was uploaded to the remote cache.');
  if (ctx.scopes && isRemoteBackend(ctx.backend)) {
    const read = ctx.scopes.read.map((r) => `<code>${escapeHtml(r)}</code>`).join(', then ');
    out.push(
      `Trust scope: ${ctx.readOnly ? 'read-only' : `wrote <code>${escapeHtml(ctx.scopes.write)}</code>`}; read ${read}.`,
    );
  }
  if (ctx.actionsCache) out.push(...actionsCacheNotes(ctx.actionsCache).map(escapeHtml));
  if (ctx.prefetchStarted && c.prefetched > 0) {
    out.push(
      `${c.prefetched} ${c.prefetched === 1 ? 'entry was' : 'entries were'} prefetched from the remote before go asked for ${c.prefetched === 1 ? 'it' : 'them'}; go counted ${c.prefetched === 1 ? 'it' : 'them'} as local hits.`,
    );
  } else if (ctx.prefetchStarted && c.prefetchListed === 0) {
    out.push(
      `Nothing was prefetched: no manifest of this job existed yet${ctx.manifest?.saved ? '; the next run prefetches from the one this run recorded' : ''}.`,
    );
  }
  return out;
}

function table(agg: Aggregate, ctx: SummaryContext): SummaryTableRow[] {
  const c = agg.counters;
  const rows: [string, string][] = [
    ['go processes', String(c.processes)],
    ['lookups (gets)', String(c.gets)],
    ['local hits', String(c.localHits)],
    ['remote hits', String(c.remoteHits)],
    ['misses', String(c.misses)],
    ['stores (puts)', `${c.puts} (${formatBytes(c.putBytes)})`],
  ];
  if (isRemoteBackend(ctx.backend)) {
    rows.push(
      ['uploads', String(c.uploads)],
      ['downloaded', formatBytes(c.bytesDownloaded)],
      ['uploaded', formatBytes(c.bytesUploaded)],
      ['remote get latency p50 / p95', latency(agg.latency.remoteGet)],
      ['upload latency p50 / p95', latency(agg.latency.upload)],
    );
  }
  rows.push(
    ['verification rejects', String(c.verifyRejects)],
    ['remote errors', String(c.remoteErrors)],
    ['upload failures', String(c.uploadFailures)],
  );
  if (c.prefetchListed > 0) {
    rows.push([
      'prefetched before use',
      `${c.prefetched} of ${c.prefetchListed} listed (${formatBytes(c.prefetchBytes)}) in ${(c.prefetchMs / 1000).toFixed(1)} s`,
    ]);
  }
  if (ctx.manifest?.saved) {
    const { pack } = ctx.manifest;
    const reused = pack?.reusedParts
      ? ` (uploaded ${formatBytes(pack.uploadedBytes ?? 0)}, reused ${pack.reusedParts} part(s) of the previous save)`
      : '';
    const packText = pack ? `, pack of ${pack.parts} part(s), ${formatBytes(pack.bytes)}${reused}` : '';
    rows.push([
      'manifest for the next run',
      `${ctx.manifest.ids} action ids (${escapeHtml(ctx.manifest.key)})${packText}`,
    ]);
  }
  if (ctx.drain) rows.push(['uploaded by the post step', `${ctx.drain.uploaded} (${ctx.drain.failed} failed)`]);
  rows.push(['still pending', String(ctx.pending)]);
  return [
    [
      { data: 'metric', header: true },
      { data: 'value', header: true },
    ],
    ...rows,
  ];
}

/** The Mermaid source of the lookups pie; empty slices are left out (Mermaid draws them as slivers). */
export function pieChart(agg: Aggregate): string {
  const c = agg.counters;
  const slices: [string, number][] = [
    ['Local hits', c.localHits],
    ['Remote hits', c.remoteHits],
    ['Misses', c.misses],
  ];
  const lines = ['pie showData title Cache lookups'];
  for (const [label, n] of slices) if (n > 0) lines.push(`  "${label}" : ${n}`);
  return lines.join('\n');
}

/** Appends the job summary to a builder (core.summary in the post step). */
export function addSummary(builder: Builder, agg: Aggregate, ctx: SummaryContext): Builder {
  const where =
    isRemoteBackend(ctx.backend) && ctx.location
      ? ` (${escapeHtml(ctx.location)})`
      : ctx.actionsCache?.backend === 'github'
        ? ' (GitHub Actions cache)'
        : ctx.backend === 'disk'
          ? ' (local disk)'
          : '';
  builder.addHeading(`Go build cache${where}`, 2);
  builder.addRaw(`<p>${headline(agg, ctx)}</p>`, true);
  for (const note of notes(agg, ctx)) builder.addRaw(`<p>${note}</p>`, true);
  if (agg.counters.gets > 0 || agg.files > 0) builder.addTable(table(agg, ctx));
  if (agg.counters.gets > 0) {
    // A fence only renders as Mermaid in Markdown, and Markdown resumes after an HTML block only
    // past a blank line.
    builder.addRaw(`\n\`\`\`mermaid\n${pieChart(agg)}\n\`\`\`\n\n`);
  }
  return builder;
}

/**
 * backend github: go read its own cache, so there are no lookups to count; what the summary
 * knows is what the restore placed and what go's use marks showed at the end.
 */
export function addGithubSummary(builder: Builder, s: ActionsCacheSummary): Builder {
  builder.addHeading('Go build cache (GitHub Actions cache)', 2);
  const restore = s.github?.restore;
  const save = s.github?.save;
  const used = save?.used;
  const added = save?.added;
  let headline = 'go used its own cache (GOCACHE)';
  if (restore?.restoredKey && used !== undefined)
    headline += `: <strong>${used} of ${restore.entries ?? 0} restored entries used</strong>`;
  if (added !== undefined)
    headline += `${restore?.restoredKey && used !== undefined ? ',' : ':'} ${added} new ${added === 1 ? 'entry' : 'entries'} built or run`;
  builder.addRaw(`<p>${headline}.</p>`, true);
  for (const note of actionsCacheNotes(s)) builder.addRaw(`<p>${escapeHtml(note)}</p>`, true);
  return builder;
}

/** The summary as Markdown (with inline HTML), without touching any file: for tests and logs. */
export function renderSummary(agg: Aggregate, ctx: SummaryContext): string {
  const builder = core.summary.emptyBuffer();
  try {
    return addSummary(builder, agg, ctx).stringify();
  } finally {
    builder.emptyBuffer();
  }
}
