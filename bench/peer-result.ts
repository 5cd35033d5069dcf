/** What one engine's benchmark run measured; innsyn and its peers all report this shape. */
export interface PeerResult {
  name: string;
  version: string;
  /** Messages the engine says it holds after indexing. */
  messages: number;
  /** Wall-clock seconds of the indexing run. */
  seconds: number;
  messagesPerSecond: number;
  /** Corpus megabytes (10^6 bytes of raw mail) indexed per second. */
  mbPerSecond: number;
  /** Peak resident set of the indexing process, MiB; null when it could not be measured. */
  peakRssMb: number | null;
  /** User + system CPU seconds of indexing (all threads), null when not measurable. */
  cpuSeconds?: number | null;
  /** Bytes of the index/database on disk after indexing (apparent file sizes). */
  dbBytes: number;
  queries: Array<{ kind: string; p50ms: number; p95ms: number; hits: number }>;
  /**
   * How latency was measured: `process` = one CLI process per query, start-up included;
   * `in-process` = a call inside an already-running process. The two are not comparable.
   */
  latency?: 'process' | 'in-process';
  /** p50 of the engine's bare start-up (`--version`), ms: the floor under each `process` query. */
  startupMs?: number;
  /** innsyn only: the same queries as calls inside one running process (what a server answers with). */
  /** store.search in the bench process, relevance order. */
  inProcessQueries?: Array<{ kind: string; p50ms: number; p95ms: number; hits: number }>;
  /** The same, newest first (the order notmuch and mu use by default). */
  inProcessDateQueries?: Array<{ kind: string; p50ms: number; p95ms: number; hits: number }>;
  /** Anything a reader of the numbers must know (differences in what was measured). */
  notes?: string[];
}

/** Tunables shared by every runner. */
export interface RunnerOptions {
  /** Timed runs per query (after one untimed warm-up). */
  runs?: number;
  /** Result-page size each timed query asks for. */
  limit?: number;
}

// 20 samples make p95 the second-slowest run rather than simply the slowest.
export const DEFAULT_RUNS = 20;
export const DEFAULT_LIMIT = 50;
