/** Where a job stands. `registered` is final success (registered on-chain and indexed); `failed` is final failure. */
export type IngestStatus = "queued" | "processing" | "registered" | "failed";

/** One track's ingest job, as clients (REST, GraphQL, progress events) see it. */
export interface IngestJob {
  jobId: string;
  sha256: string;
  status: IngestStatus;
  /** The stage running or next to run; the failed stage when failed; null once registered. */
  stage: string | null;
  /** Fraction of the stages done, 0..1. */
  progress: number;
  /** The last error (the final one when failed), with its stable code. */
  error: string | null;
  errorCode: string | null;
  attempts: number;
  cid: string | null;
  manifestCid: string | null;
  transactionHash: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The row shape read by {@link JOB_SELECT}. */
export interface IngestJobRow {
  job_id: string;
  sha256: string;
  status: IngestStatus;
  stage: string | null;
  progress: number;
  error: string | null;
  error_code: string | null;
  attempts: number;
  cid: string | null;
  manifest_cid: string | null;
  transaction_hash: string | null;
  created_at: Date;
  updated_at: Date;
}

export const JOB_SELECT = `
  SELECT j.job_id, j.sha256, j.status, j.stage, j.progress, j.error, j.error_code, j.attempts,
         t.cid, t.manifest_cid, t.transaction_hash, j.created_at, j.updated_at
    FROM ingest_jobs j JOIN ingest_tracks t ON t.sha256 = j.sha256`;

export function jobFromRow(row: IngestJobRow): IngestJob {
  return {
    jobId: row.job_id,
    sha256: row.sha256,
    status: row.status,
    stage: row.stage,
    progress: Number(row.progress),
    error: row.error,
    errorCode: row.error_code,
    attempts: Number(row.attempts),
    cid: row.cid,
    manifestCid: row.manifest_cid,
    transactionHash: row.transaction_hash,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
