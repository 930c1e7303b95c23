/**
 * The bookkeeping of the reliability benches, kept pure so it is tested on its own: what became of each accepted
 * upload (server status against the chain's count of its TrackRegistered events), latency percentiles, and the
 * trend of the server's memory over a run.
 */
import { quantile } from "./table.js";

/** What became of the uploads a stack accepted (HTTP 202). */
export interface RegistrationOutcome {
  /** Uploads answered 202 (distinct sha256). */
  accepted: number;
  /** Accepted uploads the server reports `registered` and the chain holds exactly one TrackRegistered event for. */
  registered: number;
  /** Accepted uploads with more than one TrackRegistered event on the chain (must be 0). */
  duplicates: number;
  /** Accepted uploads the server no longer knows, or reports registered without an event on the chain (must be 0). */
  lost: number;
  /** Accepted uploads whose job ended `failed` (a clear error, but not registered: must be 0 for valid audio). */
  failed: number;
  /** Accepted uploads still queued/processing when the wait ended. */
  pending: number;
  /** The sha256 of each upload that is not `registered` exactly once, with what was seen, for the report. */
  problems: { sha256: string; serverStatus: string; eventsOnChain: number }[];
}

/**
 * Accounts for each accepted upload: `serverStatus` is GET /v1/tracks/:sha256's status ("unknown" when absent), and
 * `eventsOnChain` the count of TrackRegistered events per bare lowercase sha256.
 */
export function accountRegistrations(
  accepted: readonly string[],
  serverStatus: ReadonlyMap<string, string>,
  eventsOnChain: ReadonlyMap<string, number>,
): RegistrationOutcome {
  const out: RegistrationOutcome = { accepted: 0, registered: 0, duplicates: 0, lost: 0, failed: 0, pending: 0, problems: [] };
  for (const sha256 of new Set(accepted.map((s) => s.toLowerCase()))) {
    out.accepted++;
    const status = serverStatus.get(sha256) ?? "unknown";
    const events = eventsOnChain.get(sha256) ?? 0;
    if (events > 1) out.duplicates++;
    else if (status === "registered" && events === 1) out.registered++;
    else if (status === "failed") out.failed++;
    else if (status === "queued" || status === "processing") out.pending++;
    else out.lost++;
    if (!(status === "registered" && events === 1)) out.problems.push({ sha256, serverStatus: status, eventsOnChain: events });
  }
  return out;
}

/** Whether nothing was lost, duplicated, failed or left pending. */
export function everyUploadRegisteredOnce(o: RegistrationOutcome): boolean {
  return o.registered === o.accepted && o.duplicates === 0 && o.lost === 0 && o.failed === 0 && o.pending === 0;
}

/** Latency percentiles in ms (NaN when there are no samples). */
export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

export function summarizeLatency(ms: readonly number[]): LatencySummary {
  const values = [...ms];
  return {
    count: values.length,
    p50: quantile(values, 0.5),
    p90: quantile(values, 0.9),
    p99: quantile(values, 0.99),
    max: values.length ? Math.max(...values) : Number.NaN,
    mean: values.length ? values.reduce((s, v) => s + v, 0) / values.length : Number.NaN,
  };
}

/** One RSS sample: seconds since the run started, resident bytes. */
export interface RssSample {
  t: number;
  bytes: number;
}

/** The server's memory over a run: first, last and peak sample, and the least-squares slope in MiB per minute. */
export interface RssTrend {
  samples: number;
  startMiB: number;
  endMiB: number;
  peakMiB: number;
  slopeMiBPerMinute: number;
}

const MIB = 1024 * 1024;

export function rssTrend(samples: readonly RssSample[]): RssTrend {
  const n = samples.length;
  if (n === 0) return { samples: 0, startMiB: Number.NaN, endMiB: Number.NaN, peakMiB: Number.NaN, slopeMiBPerMinute: Number.NaN };
  const meanT = samples.reduce((s, x) => s + x.t, 0) / n;
  const meanB = samples.reduce((s, x) => s + x.bytes, 0) / n;
  let num = 0;
  let den = 0;
  for (const { t, bytes } of samples) {
    num += (t - meanT) * (bytes - meanB);
    den += (t - meanT) ** 2;
  }
  const slopeBytesPerSecond = den > 0 ? num / den : 0;
  return {
    samples: n,
    startMiB: samples[0]!.bytes / MIB,
    endMiB: samples[n - 1]!.bytes / MIB,
    peakMiB: Math.max(...samples.map((s) => s.bytes)) / MIB,
    slopeMiBPerMinute: (slopeBytesPerSecond * 60) / MIB,
  };
}
