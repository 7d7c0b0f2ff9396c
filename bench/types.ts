// The shape of bench/results/*.json, shared by the driver and the report.

export type ScenarioId =
  | 'nocache'
  | 'native-warm'
  | 'local-warm'
  | 'local-warm-s3'
  | 'remote-0ms'
  | 'remote-5ms'
  | 'remote-25ms'
  | 'remote-direct'
  | 'populate'
  | 'populate-local'
  | 'go-helper-warm'
  | 'prefetch-5ms'
  | 'prefetch-25ms';

export interface RunRecord {
  workload: string;
  scenario: ScenarioId;
  round: number;
  /** Position in its round (-1: an extra untimed run). */
  order: number;
  seconds: number;
  loadAvg1: number;
  /** Seconds of `drain` after a populating build. */
  drainSeconds?: number;
  /** prefetch scenarios: seconds from the prefetcher's start to its exit, and its summary line. */
  prefetchSeconds?: number;
  prefetchLog?: string;
  /** go test: lines reporting a cached result. */
  cached?: number;
  /** Summed -stats-dir counters of our entrypoint processes. */
  stats?: {
    processes: number;
    gets: number;
    localHits: number;
    remoteHits: number;
    misses: number;
    puts: number;
    putBytes: number;
    uploads: number;
    spooled: number;
    uploadsPendingAtClose: number;
    remoteErrors: number;
    bytesDownloaded: number;
    getSumMs: number;
  };
  /** GNU time around the entrypoint: max RSS over its processes, CPU summed. */
  rss?: { maxRssKB: number; userS: number; sysS: number; processes: number };
  /** A run wrapped only to measure RSS: not part of the timings. */
  rssOnly?: boolean;
  note?: string;
}

export interface WorkloadInfo {
  id: string;
  title: string;
  args: string[];
  packages?: number;
  coldRounds: number;
  warmRounds: number;
  scenarios?: ScenarioId[];
}

export interface HandshakeSample {
  kind: 'bare-node-line' | 'bare-node-exit' | 'ours-disk' | 'ours-s3' | 'go-helper';
  ms: number;
}

export interface BenchResults {
  version: 1;
  mode: 'quick' | 'full';
  finished: boolean;
  startedAt: string;
  finishedAt: string;
  machine: {
    nproc: number;
    cpuModel: string;
    memGiB: number;
    kernel: string;
    goVersion: string;
    nodeVersion: string;
    loadAvgStart: number[];
    loadAvgEnd: number[];
    /** What creating a 16 KB file (write + rename) cost in the temp dir at the start and at the end: the disk's metadata cost varies a lot on these VMs. */
    tempDir?: { path: string; createMs: number; createMsEnd?: number };
  };
  bundle: { sha256: string; gitHead: string; source?: string; distDiffersFromHead: boolean };
  latenciesMs: number[];
  populateLatencyMs: number;
  workloads: WorkloadInfo[];
  runs: RunRecord[];
  handshake: HandshakeSample[];
  gocacheCheck?: { files: number; dirs: number; bytes: number; names: string[] };
}
