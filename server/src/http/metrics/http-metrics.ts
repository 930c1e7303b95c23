import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

/** Where the gauges that are not counted by the HTTP layer itself read their values at scrape time. */
export interface MetricsSources {
  /** Ingest jobs per status (queued, processing, registered, failed). */
  ingestJobsByStatus?: () => Promise<Record<string, number>>;
  /** Blocks between the chain head and the indexer's cursor; null when unknown. */
  indexerLagBlocks?: () => Promise<number | null>;
}

/** The server's Prometheus metrics, in a registry of their own (not prom-client's global one). */
export interface HttpMetrics {
  registry: Registry;
  /** Records one finished HTTP request. `route` is the route pattern (never the raw path: bounded label values). */
  observeRequest(method: string, route: string, status: number, seconds: number): void;
}

/**
 * Builds the registry behind `GET /metrics`: request counts and latency by route, ingest jobs by status, indexer
 * lag, and Node's process metrics.
 */
export function createHttpMetrics(sources: MetricsSources = {}): HttpMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "soundmark_" });
  const requests = new Counter({
    name: "soundmark_http_requests_total",
    help: "HTTP requests by method, route and status",
    labelNames: ["method", "route", "status"] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: "soundmark_http_request_duration_seconds",
    help: "HTTP request latency by method and route",
    labelNames: ["method", "route"] as const,
    buckets: [0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30],
    registers: [registry],
  });
  const { ingestJobsByStatus, indexerLagBlocks } = sources;
  new Gauge({
    name: "soundmark_ingest_jobs",
    help: "Ingest jobs by status",
    labelNames: ["status"] as const,
    registers: [registry],
    async collect() {
      if (!ingestJobsByStatus) return;
      this.reset();
      // Every status is reported, zeros included, so that a rate() over it never sees a series vanish.
      const counts = { queued: 0, processing: 0, registered: 0, failed: 0, ...(await ingestJobsByStatus()) };
      for (const [status, n] of Object.entries(counts)) this.set({ status }, n);
    },
  });
  new Gauge({
    name: "soundmark_indexer_lag_blocks",
    help: "Blocks between the chain head and the last block the indexer processed",
    registers: [registry],
    async collect() {
      if (!indexerLagBlocks) return;
      const lag = await indexerLagBlocks();
      if (lag === null) this.reset();
      else this.set(lag);
    },
  });
  return {
    registry,
    observeRequest(method, route, status, seconds) {
      requests.inc({ method, route, status: String(status) });
      duration.observe({ method, route }, seconds);
    },
  };
}
