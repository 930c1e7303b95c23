import { randomUUID } from "node:crypto";
import type { Sql, Store } from "../store/index.js";
import type { ValidatedClaim } from "./generator-claim.js";
import { JOB_SELECT, jobFromRow, type IngestJob, type IngestJobRow } from "./ingest-job.js";
import { STAGES, type StageName } from "./stages/index.js";
import type { TakenUpload } from "./take-upload.js";
import { updateClause, type TrackRow, type TrackUpdate } from "./track-row.js";

export interface ClaimedJob {
  jobId: string;
  sha256: string;
  stage: StageName;
}

/** The SQL of durable jobs: enqueue, claim with a lease, commit a stage, record a failure, release. */
export class JobQueue {
  readonly #store: Store;
  readonly #leaseSeconds: number;

  constructor(store: Store, leaseSeconds: number) {
    this.#store = store;
    this.#leaseSeconds = leaseSeconds;
  }

  /**
   * Creates the track and its job, or finds them (idempotent by sha256). A failed job is queued again at the stage it
   * failed in; with a new claim (a track not yet on-chain), from the manifest on, as the manifest holds the claim.
   */
  async enqueue(upload: TakenUpload, claim: ValidatedClaim, meta: { originalName?: string; submittedBy?: string }): Promise<IngestJob> {
    return this.#store.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO ingest_tracks (sha256, size_bytes, original_name, submitted_by, generator, kind)
         VALUES ($1, $2, $3, $4, $5::jsonb, $6) ON CONFLICT (sha256) DO NOTHING`,
        [upload.sha256, upload.sizeBytes, meta.originalName ?? null, meta.submittedBy ?? null, claim.generator ? JSON.stringify(claim.generator) : null, claim.kind],
      );
      await tx.query(
        `INSERT INTO ingest_jobs (job_id, sha256, status, stage) VALUES ($1, $2, 'queued', $3) ON CONFLICT (sha256) DO NOTHING`,
        [randomUUID(), upload.sha256, STAGES[0]],
      );
      const [failed] = await tx.query<{ stage: string; transaction_hash: string | null; generator: unknown; kind: string }>(
        `SELECT j.stage, t.transaction_hash, t.generator, t.kind FROM ingest_jobs j JOIN ingest_tracks t USING (sha256)
          WHERE j.sha256 = $1 AND j.status = 'failed' FOR UPDATE`,
        [upload.sha256],
      );
      if (failed) await requeueFailed(tx, upload.sha256, failed, claim);
      return (await jobBy(tx, upload.sha256))!;
    });
  }

  async get(sha256OrJobId: string): Promise<IngestJob | null> {
    return jobBy(this.#store, sha256OrJobId);
  }

  async track(sha256: string): Promise<TrackRow> {
    const [row] = await this.#store.query<TrackRow>("SELECT * FROM ingest_tracks WHERE sha256 = $1", [sha256]);
    if (!row) throw new Error(`no ingest_tracks row for ${sha256}`);
    return row;
  }

  /** Takes the oldest runnable job whose lease is free or expired, for `owner`. */
  async claim(owner: string): Promise<ClaimedJob | null> {
    const [row] = await this.#store.query<{ job_id: string; sha256: string; stage: StageName }>(
      `UPDATE ingest_jobs
          SET status = 'processing', lease_owner = $1, lease_expires_at = now() + make_interval(secs => $2), updated_at = now()
        WHERE job_id = (
          SELECT job_id FROM ingest_jobs
           WHERE status IN ('queued', 'processing') AND next_attempt_at <= now()
             AND (lease_owner IS NULL OR lease_expires_at < now())
           ORDER BY next_attempt_at, created_at
           LIMIT 1
           FOR UPDATE SKIP LOCKED)
        RETURNING job_id, sha256, stage`,
      [owner, this.#leaseSeconds],
    );
    return row ? { jobId: row.job_id, sha256: row.sha256, stage: row.stage } : null;
  }

  /**
   * Commits a stage's output and moves the job to `next` (null: done, status registered), renewing the lease.
   * Returns false, committing nothing, when `owner` no longer holds the job.
   */
  async completeStage(job: ClaimedJob, owner: string, update: TrackUpdate, next: StageName | null): Promise<boolean> {
    const progress = next === null ? 1 : STAGES.indexOf(next) / STAGES.length;
    return this.#store.transaction(async (tx) => {
      const held = await tx.query(
        `UPDATE ingest_jobs
            SET stage = $3::text, progress = $4, attempts = 0, error = NULL, error_code = NULL, error_stage = NULL,
                status = CASE WHEN $3::text IS NULL THEN 'registered' ELSE status END,
                lease_owner = CASE WHEN $3::text IS NULL THEN NULL ELSE lease_owner END,
                lease_expires_at = CASE WHEN $3::text IS NULL THEN NULL ELSE now() + make_interval(secs => $5) END,
                updated_at = now()
          WHERE job_id = $1 AND lease_owner = $2
          RETURNING job_id`,
        [job.jobId, owner, next, progress, this.#leaseSeconds],
      );
      if (held.length === 0) return false;
      const { set, params } = updateClause(update, 2);
      await tx.query(`UPDATE ingest_tracks SET ${set} WHERE sha256 = $1`, [job.sha256, ...params]);
      return true;
    });
  }

  /** Records a failure of `stage`: queued again after `delayMs`, or failed when permanent or out of attempts. */
  async fail(
    job: ClaimedJob,
    owner: string,
    stage: StageName,
    error: { message: string; code: string },
    retry: { permanent: boolean; delayMs: number; maxAttempts: number },
  ): Promise<void> {
    await this.#store.query(
      `UPDATE ingest_jobs
          SET attempts = attempts + 1, error = $3, error_code = $4, error_stage = $5, stage = $5,
              status = CASE WHEN $6::boolean OR attempts + 1 >= $7 THEN 'failed' ELSE 'queued' END,
              next_attempt_at = now() + make_interval(secs => $8),
              lease_owner = NULL, lease_expires_at = NULL, updated_at = now()
        WHERE job_id = $1 AND lease_owner = $2`,
      [job.jobId, owner, error.message, error.code, stage, retry.permanent, retry.maxAttempts, retry.delayMs / 1000],
    );
  }

  /** Gives a job back (a clean stop between stages): queued again at the stage it reached. */
  async release(job: ClaimedJob, owner: string): Promise<void> {
    await this.#store.query(
      `UPDATE ingest_jobs SET status = 'queued', lease_owner = NULL, lease_expires_at = NULL, updated_at = now()
        WHERE job_id = $1 AND lease_owner = $2`,
      [job.jobId, owner],
    );
  }

  /** Frees the leases of dead workers: those whose owner starts with `prefix` (all when null). Returns how many. */
  async releaseStaleLeases(prefix: string | null): Promise<number> {
    const rows = await this.#store.query(
      `UPDATE ingest_jobs SET lease_owner = NULL, lease_expires_at = NULL, status = 'queued', updated_at = now()
        WHERE status = 'processing' AND lease_owner IS NOT NULL AND ($1::text IS NULL OR starts_with(lease_owner, $1::text))
        RETURNING job_id`,
      [prefix],
    );
    return rows.length;
  }

  /** Milliseconds until a job may next be claimed: a retry comes due or a lease expires (null when none waits). */
  async msUntilNextJob(): Promise<number | null> {
    // Clamped here, not with SQL's GREATEST: GREATEST ignores NULL, so an empty queue would read as "due now" and every
    // idle worker would poll the database in a busy loop.
    const [row] = await this.#store.query<{ ms: number | null }>(
      `SELECT (EXTRACT(EPOCH FROM (min(GREATEST(next_attempt_at, COALESCE(lease_expires_at, next_attempt_at))) - now())) * 1000)::float8 AS ms
         FROM ingest_jobs WHERE status IN ('queued', 'processing')`,
    );
    const ms = row?.ms ?? null;
    return ms === null ? null : Math.max(0, ms);
  }
}

async function jobBy(sql: Sql, sha256OrJobId: string): Promise<IngestJob | null> {
  const [row] = await sql.query<IngestJobRow>(`${JOB_SELECT} WHERE j.sha256 = $1 OR j.job_id = $1`, [sha256OrJobId]);
  return row ? jobFromRow(row) : null;
}

async function requeueFailed(
  tx: Sql,
  sha256: string,
  failed: { stage: string; transaction_hash: string | null; generator: unknown; kind: string },
  claim: ValidatedClaim,
): Promise<void> {
  const claimChanged = JSON.stringify(failed.generator ?? null) !== JSON.stringify(claim.generator ?? null) || failed.kind !== claim.kind;
  const pastManifest = STAGES.indexOf(failed.stage as StageName) > STAGES.indexOf("manifest");
  if (claimChanged && failed.transaction_hash === null) {
    await tx.query(
      `UPDATE ingest_tracks SET generator = $2::jsonb, kind = $3, updated_at = now()
        ${pastManifest ? ", manifest = NULL, manifest_digest = NULL, manifest_cid = NULL, cid = NULL" : ""}
        WHERE sha256 = $1`,
      [sha256, claim.generator ? JSON.stringify(claim.generator) : null, claim.kind],
    );
  }
  await tx.query(
    `UPDATE ingest_jobs SET status = 'queued', attempts = 0, next_attempt_at = now(), updated_at = now()
       ${claimChanged && failed.transaction_hash === null && pastManifest ? ", stage = 'manifest'" : ""}
      WHERE sha256 = $1`,
    [sha256],
  );
}
