import type { JobRequest } from "./job-request.js";

/** Where a job is: queued -> running -> succeeded | failed | cancelled. */
export type JobStatus = "queued" | "running" | "succeeded" | "failed" | "cancelled";

export const TERMINAL_STATUSES: ReadonlySet<JobStatus> = new Set(["succeeded", "failed", "cancelled"]);

/** Progress of a running job: the pipeline stage and the fraction done of the whole job (0..1). */
export interface JobProgress {
  stage: string;
  fraction: number;
}

/** What a finished job produced: paths relative to the service's data folder, and the manifest itself. */
export interface JobResult {
  wavPath: string;
  midiPath: string;
  manifestPath: string;
  manifest: unknown;
}

/** A job as stored on disk (one JSON file each) and returned by the API. */
export interface Job {
  id: string;
  status: JobStatus;
  request: JobRequest;
  progress: JobProgress;
  /** Times the job was started; a job found running after a restart is retried while this is below the limit. */
  attempts: number;
  createdAt: string;
  updatedAt: string;
  result?: JobResult;
  error?: { code: string; message: string };
}
