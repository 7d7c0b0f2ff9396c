import fs from 'node:fs';
import path from 'node:path';

/**
 * Log-scale latency histogram. Quantiles of several processes cannot be averaged, but
 * histograms add up exactly, so the post step can report job-wide p50/p95.
 */
export class Histogram {
  // Bucket i covers [BASE * GROWTH^i, BASE * GROWTH^(i+1)) milliseconds: 10 µs to ~10 min, ±5 %.
  static readonly BASE_MS = 0.01;
  static readonly GROWTH = 1.1;
  counts: Record<number, number> = {};
  count = 0;
  sumMs = 0;
  maxMs = 0;

  record(ms: number): void {
    const i = ms <= Histogram.BASE_MS ? 0 : Math.floor(Math.log(ms / Histogram.BASE_MS) / Math.log(Histogram.GROWTH));
    this.counts[i] = (this.counts[i] ?? 0) + 1;
    this.count++;
    this.sumMs += ms;
    if (ms > this.maxMs) this.maxMs = ms;
  }

  merge(other: HistogramJson): void {
    for (const [k, v] of Object.entries(other.counts)) this.counts[Number(k)] = (this.counts[Number(k)] ?? 0) + v;
    this.count += other.count;
    this.sumMs += other.sumMs;
    this.maxMs = Math.max(this.maxMs, other.maxMs);
  }

  /** The upper edge of the bucket holding quantile q, capped at the largest value seen. */
  quantile(q: number): number {
    if (this.count === 0) return 0;
    const rank = Math.ceil(q * this.count);
    let seen = 0;
    for (const i of Object.keys(this.counts)
      .map(Number)
      .sort((a, b) => a - b)) {
      seen += this.counts[i] ?? 0;
      if (seen >= rank) return Math.min(Histogram.BASE_MS * Histogram.GROWTH ** (i + 1), this.maxMs);
    }
    return this.maxMs;
  }

  toJSON(): HistogramJson {
    return { counts: this.counts, count: this.count, sumMs: this.sumMs, maxMs: this.maxMs };
  }
}

export interface HistogramJson {
  counts: Record<number, number>;
  count: number;
  sumMs: number;
  maxMs: number;
}

/** Counters of one go process (or, merged, of a whole job). Every field adds up across processes. */
export interface Counters {
  processes: number;
  gets: number;
  localHits: number;
  remoteHits: number;
  misses: number;
  puts: number;
  putBytes: number;
  bytesServedLocal: number;
  bytesDownloaded: number;
  bytesUploaded: number;
  uploads: number;
  uploadFailures: number;
  uploadRetries: number;
  verifyRejects: number;
  remoteErrors: number;
  protocolErrors: number;
  uploadsPendingAtClose: number;
  spooled: number;
  drained: number;
  remoteDisabled: number;
  /** Processes whose puts the store denied (a key that may read but not write): writes were switched off. */
  writesDenied: number;
  /** Uploads dropped because writes are denied: they can never be written with these credentials. */
  uploadsDenied: number;
  /** Puts the local store could not store (full, read-only or vanished disk): go built on without caching them. */
  putsNotStored: number;
  /** Uploads that can never be made because their local output is gone or wrong (a cleanup deleted it). */
  uploadsLost: number;
  /** Action ids in the manifest the prefetcher found (0: no manifest). */
  prefetchListed: number;
  /** Entries the prefetcher downloaded before go asked for them (later served as local hits). */
  prefetched: number;
  /** Bytes those downloads transferred (also counted in bytesDownloaded). */
  prefetchBytes: number;
  /** Pack parts the prefetcher downloaded (each holds many entries; see manifest/pack.ts). */
  prefetchPackParts: number;
  /** Wall time of the prefetch, from start to its last download. */
  prefetchMs: number;
  /** Wall time the go commands spent with the cache open, summed. */
  busyMs: number;
  /** Misses answered from the job server's listing of the bucket, without a request. */
  listedAbsent: number;
  /** Of localHits, those the job server's bridge answered from the local store's files itself. */
  bridgeHits: number;
  /** Processes (or job servers) that stopped asking a remote slower than compiling. */
  remoteBypassed: number;
}

export const LATENCIES = ['get', 'put', 'remoteGet', 'upload'] as const;
export type LatencyName = (typeof LATENCIES)[number];

export interface StatsJson {
  version: 1;
  backend: string;
  counters: Counters;
  latency: Record<LatencyName, HistogramJson>;
}

export function emptyCounters(): Counters {
  return {
    processes: 0,
    gets: 0,
    localHits: 0,
    remoteHits: 0,
    misses: 0,
    puts: 0,
    putBytes: 0,
    bytesServedLocal: 0,
    bytesDownloaded: 0,
    bytesUploaded: 0,
    uploads: 0,
    uploadFailures: 0,
    uploadRetries: 0,
    verifyRejects: 0,
    remoteErrors: 0,
    protocolErrors: 0,
    uploadsPendingAtClose: 0,
    spooled: 0,
    drained: 0,
    remoteDisabled: 0,
    writesDenied: 0,
    uploadsDenied: 0,
    putsNotStored: 0,
    uploadsLost: 0,
    prefetchListed: 0,
    prefetched: 0,
    prefetchBytes: 0,
    prefetchPackParts: 0,
    prefetchMs: 0,
    busyMs: 0,
    listedAbsent: 0,
    remoteBypassed: 0,
    bridgeHits: 0,
  };
}

export class Stats {
  readonly counters = emptyCounters();
  readonly latency = Object.fromEntries(LATENCIES.map((n) => [n, new Histogram()])) as Record<LatencyName, Histogram>;
  private readonly started = performance.now();

  constructor(readonly backend: string) {
    this.counters.processes = 1;
  }

  add(name: keyof Counters, n = 1): void {
    this.counters[name] += n;
  }

  time(name: LatencyName, startedMs: number): void {
    this.latency[name].record(performance.now() - startedMs);
  }

  toJSON(): StatsJson {
    this.counters.busyMs = Math.round(performance.now() - this.started);
    return {
      version: 1,
      backend: this.backend,
      counters: { ...this.counters },
      latency: Object.fromEntries(LATENCIES.map((n) => [n, this.latency[n].toJSON()])) as Record<
        LatencyName,
        HistogramJson
      >,
    };
  }

  /** One file per process, written atomically so a reader never sees half of one. */
  writeFile(dir: string, label = 'cacheprog'): string {
    fs.mkdirSync(dir, { recursive: true });
    const name = `${label}-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}.json`;
    const file = path.join(dir, name);
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(this.toJSON()));
    fs.renameSync(`${file}.tmp`, file);
    return file;
  }
}

export interface Aggregate {
  backend: string;
  counters: Counters;
  latency: Record<LatencyName, Histogram>;
  files: number;
}

/** Adds up every stats file in dir; unreadable files are skipped and reported, never fatal. */
export function aggregateStatsDir(dir: string, onSkip: (file: string, why: string) => void = () => {}): Aggregate {
  const agg: Aggregate = {
    backend: 'disk',
    counters: emptyCounters(),
    latency: Object.fromEntries(LATENCIES.map((n) => [n, new Histogram()])) as Record<LatencyName, Histogram>,
    files: 0,
  };
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => n.endsWith('.json'));
  } catch {
    return agg;
  }
  for (const name of names) {
    const file = path.join(dir, name);
    try {
      const json = JSON.parse(fs.readFileSync(file, 'utf8')) as StatsJson;
      if (json.version !== 1) throw new Error(`unknown version ${String(json.version)}`);
      for (const key of Object.keys(agg.counters) as (keyof Counters)[]) agg.counters[key] += json.counters[key] ?? 0;
      for (const n of LATENCIES) if (json.latency[n]) agg.latency[n].merge(json.latency[n]);
      if (json.backend !== 'disk') agg.backend = json.backend;
      agg.files++;
    } catch (err) {
      onSkip(file, (err as Error).message);
    }
  }
  return agg;
}

export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${n} B` : `${v.toFixed(1)} ${units[i]}`;
}

export function formatMs(ms: number): string {
  return ms < 10 ? `${ms.toFixed(2)} ms` : `${Math.round(ms)} ms`;
}

/** The table printed to stderr at exit with -stats. */
export function formatStatsTable(c: Counters, latency: Record<LatencyName, Histogram>): string {
  const hitRatio = c.gets === 0 ? 0 : (c.localHits + c.remoteHits) / c.gets;
  const rows: [string, string][] = [
    [
      'gets',
      `${c.gets} (local hits ${c.localHits}${c.bridgeHits > 0 ? ` of which ${c.bridgeHits} answered by the bridge, not timed` : ''}, remote hits ${c.remoteHits}, misses ${c.misses}, hit ratio ${(hitRatio * 100).toFixed(1)}%)`,
    ],
    ['puts', `${c.puts} (${formatBytes(c.putBytes)})`],
    ['remote', `down ${formatBytes(c.bytesDownloaded)}, up ${formatBytes(c.bytesUploaded)} in ${c.uploads} uploads`],
    [
      'problems',
      `remote errors ${c.remoteErrors}, upload failures ${c.uploadFailures}, retries ${c.uploadRetries}, verification rejects ${c.verifyRejects}, protocol errors ${c.protocolErrors}`,
    ],
    [
      'at close',
      `pending ${c.uploadsPendingAtClose}, spooled ${c.spooled}${c.uploadsDenied > 0 ? `, dropped ${c.uploadsDenied} (writes denied)` : ''}${c.uploadsLost > 0 ? `, lost ${c.uploadsLost} (local output gone)` : ''}${c.putsNotStored > 0 ? `, ${c.putsNotStored} put(s) not stored` : ''}`,
    ],
  ];
  if (c.prefetchListed > 0) {
    rows.push([
      'prefetch',
      `${c.prefetched} of ${c.prefetchListed} listed (${formatBytes(c.prefetchBytes)}) in ${formatMs(c.prefetchMs)}`,
    ]);
  }
  for (const n of LATENCIES) {
    const h = latency[n];
    if (h.count > 0)
      rows.push([
        `${n} latency`,
        `p50 ${formatMs(h.quantile(0.5))}, p95 ${formatMs(h.quantile(0.95))}, max ${formatMs(h.maxMs)} (n=${h.count})`,
      ]);
  }
  const width = Math.max(...rows.map(([k]) => k.length));
  return ['gobuildcache stats:', ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`)].join('\n');
}
