/**
 * Aggregation of the watermark benchmark's records into its table rows, and the targets (issue 4, Benchmark).
 */
import { quantile } from "./lib/table.js";
import { summarize, type Summary } from "./lib/summary.js";
import type { AttackTarget } from "./watermark-attacks.js";
import type { AttackRecord, ExcerptRecord, FprRecord, TrackRecord } from "./watermark-records.js";

/** Bit error rate given to an excerpt whose payload did not come back: chance, as nothing was decoded. */
export const MISSED_BER = 0.5;

export interface AttackRow {
  attack: string;
  target: AttackTarget;
  excerpts: number;
  detectedRate: number;
  exactRate: number;
  /**
   * Mean over excerpts of bitErrors / codedBits, the share of coded bits the error-correcting code had to correct, with
   * MISSED_BER for an excerpt whose payload did not come back (AudioMarkBench decodes bits whatever the detection).
   */
  ber: number;
  /** The same mean over the excerpts whose payload came back only (NaN when none did). */
  berRecovered: number;
  medianFalsePositiveProbability: number;
  medianDetectMs: number;
  medianAttackMs: number;
}

/** One row per attack, in the order of `attacks`; attacks without records are left out. */
export function aggregateAttacks(
  records: readonly AttackRecord[],
  attacks: readonly { name: string; target: AttackTarget }[],
  codedBits: number,
): AttackRow[] {
  const rows: AttackRow[] = [];
  for (const { name, target } of attacks) {
    const rs = records.filter((r) => r.attack === name);
    if (rs.length === 0) continue;
    const bers = rs.map((r) => (r.payloadRecovered ? r.bitErrors / codedBits : MISSED_BER));
    const recovered = rs.filter((r) => r.payloadRecovered).map((r) => r.bitErrors / codedBits);
    rows.push({
      attack: name,
      target,
      excerpts: rs.length,
      detectedRate: rs.filter((r) => r.detected).length / rs.length,
      exactRate: rs.filter((r) => r.exact).length / rs.length,
      ber: bers.reduce((s, v) => s + v, 0) / rs.length,
      berRecovered: recovered.length ? recovered.reduce((s, v) => s + v, 0) / recovered.length : Number.NaN,
      medianFalsePositiveProbability: quantile(rs.map((r) => r.falsePositiveProbability), 0.5),
      medianDetectMs: quantile(rs.map((r) => r.detectMs), 0.5),
      medianAttackMs: quantile(rs.map((r) => r.attackMs), 0.5),
    });
  }
  return rows;
}

export interface FprSummary {
  excerpts: number;
  falseDetections: number;
  /** Smallest false-positive probability the detector reported on unwatermarked audio. */
  minFalsePositiveProbability: number;
  medianFalsePositiveProbability: number;
  /** Largest detector statistic (`score`) seen on unwatermarked audio, when the detector reports one. */
  maxScore?: number;
  /** Excerpts per category, and false detections per category. */
  byCategory: Record<string, { excerpts: number; falseDetections: number; minFalsePositiveProbability: number }>;
}

export function summarizeFpr(records: readonly FprRecord[]): FprSummary {
  const byCategory: FprSummary["byCategory"] = {};
  for (const r of records) {
    const c = (byCategory[r.category] ??= { excerpts: 0, falseDetections: 0, minFalsePositiveProbability: 1 });
    c.excerpts++;
    if (r.detected) c.falseDetections++;
    c.minFalsePositiveProbability = Math.min(c.minFalsePositiveProbability, r.falsePositiveProbability);
  }
  const ps = records.map((r) => r.falsePositiveProbability);
  const scores = records.flatMap((r) => (r.score === undefined ? [] : [r.score]));
  return {
    excerpts: records.length,
    falseDetections: records.filter((r) => r.detected).length,
    minFalsePositiveProbability: ps.length ? Math.min(...ps) : Number.NaN,
    medianFalsePositiveProbability: quantile(ps, 0.5),
    ...(scores.length ? { maxScore: Math.max(...scores) } : {}),
    byCategory,
  };
}

export interface SpeedSummary {
  /** Whole-track embedding, audio seconds per second of one core, median over tracks. */
  embedTrackXRealtime: number;
  /** Embedding one 10-second excerpt, median over tracks. */
  embedExcerptXRealtime: number;
  /** Detection on the marked, unattacked excerpts, median. */
  detectMarkedXRealtime: number;
  /** Detection on every call of the run (attacked, unwatermarked, noise), median. */
  detectAllXRealtime: number;
}

const xRealtime = (seconds: number, ms: number) => (ms > 0 ? seconds / (ms / 1000) : Number.POSITIVE_INFINITY);

export function summarizeSpeed(tracks: readonly TrackRecord[], attacks: readonly AttackRecord[], fpr: readonly FprRecord[]): SpeedSummary {
  const detections = [...attacks, ...fpr];
  return {
    embedTrackXRealtime: quantile(tracks.map((t) => xRealtime(t.seconds, t.embedMs)), 0.5),
    embedExcerptXRealtime: quantile(tracks.map((t) => xRealtime(t.excerptSeconds, t.excerptEmbedMs)), 0.5),
    detectMarkedXRealtime: quantile(attacks.filter((r) => r.attack === "none").map((r) => xRealtime(r.seconds, r.detectMs)), 0.5),
    detectAllXRealtime: quantile(detections.map((r) => xRealtime(r.seconds, r.detectMs)), 0.5),
  };
}

export interface SnrSummary {
  /** Per marked 10 s excerpt, measured here against the original excerpt. */
  excerpts: Summary;
  /** Per track, as embedWatermark reports it. */
  tracks: Summary;
}

export function summarizeSnr(excerpts: readonly ExcerptRecord[], tracks: readonly TrackRecord[]): SnrSummary {
  return { excerpts: summarize(excerpts.map((e) => e.snrDb)), tracks: summarize(tracks.map((t) => t.embedSnrDb)) };
}

/** The thresholds. */
export const TARGETS = {
  exactPayloadRate: 0.99,
  detectionRateScaled: 0.95,
  snrDb: 38,
  xRealtime: 100,
  fprExcerpts: 10_000,
} as const;

export interface TargetCheck {
  target: string;
  value: string;
  pass: boolean;
}

/** Whether each row meets its target: exact payload >= 99%, or detection >= 95% for speed, pitch and tempo. */
export function rowPasses(row: AttackRow): boolean {
  return row.target === "exact" ? row.exactRate >= TARGETS.exactPayloadRate : row.detectedRate >= TARGETS.detectionRateScaled;
}

const pct = (v: number) => `${(100 * v).toFixed(1)}%`;

/** Every target of the issue, checked: one line per attack row, then SNR, speed and false positives. */
export function checkTargets(rows: readonly AttackRow[], snr: SnrSummary, speed: SpeedSummary, fpr: FprSummary): TargetCheck[] {
  const checks: TargetCheck[] = rows.map((row) =>
    row.target === "exact"
      ? { target: `${row.attack}: exact payload >= 99%`, value: pct(row.exactRate), pass: rowPasses(row) }
      : { target: `${row.attack}: detected >= 95%`, value: pct(row.detectedRate), pass: rowPasses(row) },
  );
  checks.push(
    { target: "SNR >= 38 dB (median over marked excerpts)", value: `${snr.excerpts.median.toFixed(1)} dB`, pass: snr.excerpts.median >= TARGETS.snrDb },
    { target: "embed >= 100x realtime, one core (whole track, median)", value: `${speed.embedTrackXRealtime.toFixed(0)}x`, pass: speed.embedTrackXRealtime >= TARGETS.xRealtime },
    { target: "detect >= 100x realtime, one core (all calls, median)", value: `${speed.detectAllXRealtime.toFixed(0)}x`, pass: speed.detectAllXRealtime >= TARGETS.xRealtime },
    {
      target: "zero false positives on >= 10,000 unwatermarked excerpts",
      value: `${fpr.falseDetections} of ${fpr.excerpts}`,
      pass: fpr.falseDetections === 0 && fpr.excerpts >= TARGETS.fprExcerpts,
    },
  );
  return checks;
}
