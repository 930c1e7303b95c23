/**
 * An open-loop load generator, run as its own process: requests leave on a fixed schedule (one every 1/rate s,
 * whatever the server does), through at most `connections` keep-alive sockets, and each latency is measured from the
 * request's scheduled time, so a stalled server is charged for the requests it delayed (no coordinated omission).
 *
 * Why not autocannon's `-R`: it lets each connection send its whole per-second quota back to back at the start of
 * every second and then pause (bursts, not pacing), and its correction for that records, for every response of X ms,
 * X synthetic samples from 1 to X ms: its "paced" percentiles are neither the latency of a paced server nor of a
 * saturated one.
 *
 *   tsx scripts/bench/lib/open-loop-load.ts '<json OpenLoopSpec>'   -> prints one JSON line, OpenLoopResult
 */
import { readFileSync } from "node:fs";
import http from "node:http";
import { quantile } from "./table.js";

export interface OpenLoopSpec {
  url: string;
  method: "GET" | "POST";
  headers: Record<string, string>;
  /** The request body, read from this file once (bytes sent as they are). */
  bodyFile?: string;
  /** Requests per second, scheduled evenly. */
  rate: number;
  durationSeconds: number;
  /** Sockets at most; a request scheduled while all are busy waits for one (and its wait counts). */
  connections: number;
}

/** What a load test reports, whichever tool made the load (autocannon's closed loop, this open loop). */
export interface LoadSummary {
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: number;
  non2xx: number;
}

export interface OpenLoopResult extends LoadSummary {
  /** Requests this generator sent more than 5 ms after their time (its own lag; counted in their latency). */
  lateSends: number;
}

const REQUEST_TIMEOUT_MS = 30_000;

export async function runOpenLoop(spec: OpenLoopSpec): Promise<OpenLoopResult> {
  if (!(spec.rate > 0) || !(spec.durationSeconds > 0) || !(spec.connections >= 1)) throw new Error(`bad open-loop spec: ${JSON.stringify(spec)}`);
  const body = spec.bodyFile ? readFileSync(spec.bodyFile) : undefined;
  const agent = new http.Agent({ keepAlive: true, maxSockets: spec.connections });
  const url = new URL(spec.url);
  const headers = { ...spec.headers, ...(body ? { "content-length": String(body.length) } : {}) };
  const total = Math.floor(spec.rate * spec.durationSeconds);
  const interval = 1000 / spec.rate;
  const latencies: number[] = [];
  let errors = 0;
  let non2xx = 0;
  let lateSends = 0;
  let sent = 0;
  const inFlight: Promise<void>[] = [];

  const send = (scheduledAt: number) =>
    new Promise<void>((resolve) => {
      const request = http.request(url, { method: spec.method, headers, agent, timeout: REQUEST_TIMEOUT_MS }, (response) => {
        response.resume();
        response.on("end", () => {
          latencies.push(performance.now() - scheduledAt);
          if ((response.statusCode ?? 0) < 200 || (response.statusCode ?? 0) >= 300) non2xx++;
          resolve();
        });
        response.on("error", () => (errors++, resolve()));
      });
      request.on("timeout", () => request.destroy(new Error("timeout")));
      request.on("error", () => (errors++, resolve()));
      request.end(body);
    });

  const start = performance.now();
  await new Promise<void>((done) => {
    const tick = () => {
      const now = performance.now();
      while (sent < total && start + sent * interval <= now) {
        const scheduledAt = start + sent * interval;
        if (now - scheduledAt > 5) lateSends++;
        inFlight.push(send(scheduledAt));
        sent++;
      }
      if (sent >= total) return done();
      setTimeout(tick, Math.max(0, Math.min(1, start + sent * interval - performance.now())));
    };
    tick();
  });
  await Promise.all(inFlight);
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();
  return {
    requests: latencies.length,
    requestsPerSecond: latencies.length / elapsed,
    p50Ms: quantile(latencies, 0.5),
    p90Ms: quantile(latencies, 0.9),
    p99Ms: quantile(latencies, 0.99),
    maxMs: latencies.length ? latencies.reduce((a, b) => Math.max(a, b), 0) : Number.NaN,
    errors,
    non2xx,
    lateSends,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const spec = JSON.parse(process.argv[2] ?? "") as OpenLoopSpec;
  console.log(JSON.stringify(await runOpenLoop(spec)));
}
