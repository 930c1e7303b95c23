import type { GeneratorClaim, TrackKindName } from "./generator-claim.js";

/** The watermark found in a track with one of the configured keys. */
export interface WatermarkEvidence {
  scheme: string;
  keyId: string;
  /** The payload bytes as lowercase hex. */
  payload: string;
  falsePositiveProbability: number;
  bitErrors: number;
  score: number;
}

export interface FingerprintRecord {
  chromaprint: { algorithm: number; fingerprint: string; durationSeconds: number };
  landmarks: { configs: string[] };
}

/** A row of `ingest_tracks`: the durable output of every stage so far. */
export interface TrackRow {
  sha256: string;
  size_bytes: string;
  original_name: string | null;
  submitted_by: string | null;
  generator: GeneratorClaim | null;
  kind: TrackKindName;
  format: string | null;
  sample_rate: number | null;
  channels: number | null;
  duration_seconds: number | null;
  pcm_sha256: string | null;
  fingerprint: FingerprintRecord | null;
  watermark: WatermarkEvidence | null;
  watermark_checked: boolean;
  manifest: string | null;
  manifest_digest: string | null;
  manifest_cid: string | null;
  cid: string | null;
  transaction_hash: string | null;
  block_number: string | null;
  registrant: string | null;
  registered_at: Date | null;
  indexed_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** Columns a stage may write, with the value types the store takes. JSON columns are written as JSON text. */
export interface TrackUpdate {
  format?: string;
  sample_rate?: number;
  channels?: number;
  duration_seconds?: number;
  pcm_sha256?: string;
  fingerprint?: FingerprintRecord;
  watermark?: WatermarkEvidence | null;
  watermark_checked?: boolean;
  manifest?: string;
  manifest_digest?: string;
  manifest_cid?: string;
  cid?: string;
  transaction_hash?: string | null;
  block_number?: string | null;
  registrant?: string;
  registered_at?: Date;
  indexed_at?: Date;
}

const JSON_COLUMNS = new Set(["fingerprint", "watermark"]);

/** `SET a = $2, b = $3::jsonb, ...` for an update, with its parameters after `first` placeholders. */
export function updateClause(update: TrackUpdate, first: number): { set: string; params: unknown[] } {
  const entries = Object.entries(update).filter(([, v]) => v !== undefined);
  const set = entries.map(([column, _], i) => `${column} = $${first + i}${JSON_COLUMNS.has(column) ? "::jsonb" : ""}`);
  const params = entries.map(([column, value]) => (JSON_COLUMNS.has(column) && value !== null ? JSON.stringify(value) : value));
  return { set: [...set, "updated_at = now()"].join(", "), params };
}
