import { randomBytes } from "node:crypto";
import { EventEmitter } from "node:events";
import { BaseError } from "../../audio/src/errors/base-error.js";
import { TERMINAL_STATUSES, type Job, type JobProgress, type JobResult } from "./job.js";
import type { JobRequest } from "./job-request.js";
import type { JobStore } from "./job-store.js";
import { JobNotFoundError, JobStateError, QueueFullError } from "./service-error.js";

/** Runs one job to its result; rejects when `signal` aborts. One runner per worker (it may hold a loaded model). */
export type JobRunner = (
  job: Job,
  context: { signal: AbortSignal; onProgress: (progress: JobProgress) => void },
) => Promise<JobResult>;

export interface JobManagerOptions {
  store: JobStore;
  /** Makes the runner of one worker. */
  createRunner: () => JobRunner;
  /** Parallel workers (default 1). */
  workers?: number;
  /** Most jobs waiting in the queue; a submission beyond it is refused with QueueFullError (default 16). */
  capacity?: number;
  /** Starts a job may have: one found running after a restart is retried until this many (default 2). */
  maxAttempts?: number;
  log?: (line: string) => void;
}

/**
 * The job queue: accepts jobs up to a bound, runs them on a fixed set of workers in submission order, persists every
 * state change before it is visible, and tells subscribers (the SSE stream) about each change. On start it recovers
 * what a crash left: queued jobs are queued again, a running job is retried once and then marked failed.
 */
export class JobManager {
  readonly #store: JobStore;
  readonly #jobs = new Map<string, Job>();
  readonly #queue: string[] = [];
  readonly #idle: JobRunner[] = [];
  readonly #running = new Map<string, { controller: AbortController; done: Promise<void> }>();
  readonly #events = new EventEmitter();
  readonly #capacity: number;
  readonly #maxAttempts: number;
  readonly #log: (line: string) => void;
  #closed = false;

  constructor(options: JobManagerOptions) {
    this.#store = options.store;
    this.#capacity = options.capacity ?? 16;
    this.#maxAttempts = options.maxAttempts ?? 2;
    this.#log = options.log ?? (() => {});
    for (let i = 0; i < (options.workers ?? 1); i++) this.#idle.push(options.createRunner());
    this.#events.setMaxListeners(0);
  }

  /** Loads the stored jobs, recovers interrupted ones and starts the workers. */
  start(): void {
    for (const job of this.#store.loadAll((file, error) => this.#log(`skipping unreadable job file ${file}: ${String(error)}`))) {
      this.#jobs.set(job.id, job);
      if (job.status === "running") {
        if (job.attempts < this.#maxAttempts) {
          this.#log(`job ${job.id} was running when the service stopped: retrying (attempt ${job.attempts + 1})`);
          this.#update(job, { status: "queued", progress: { stage: "queued", fraction: 0 } });
        } else {
          this.#update(job, {
            status: "failed",
            error: { code: "INTERRUPTED", message: `the service stopped while the job ran, ${job.attempts} times` },
          });
        }
      }
      if (job.status === "queued") this.#queue.push(job.id);
    }
    this.#pump();
  }

  /** Queues a job; throws QueueFullError when `capacity` jobs are already waiting. */
  submit(request: JobRequest): Job {
    if (this.#closed) throw new JobStateError("the service is shutting down");
    if (this.#queue.length >= this.#capacity) throw new QueueFullError(this.#capacity);
    const now = new Date().toISOString();
    const job: Job = {
      id: randomBytes(16).toString("hex"),
      status: "queued",
      request,
      progress: { stage: "queued", fraction: 0 },
      attempts: 0,
      createdAt: now,
      updatedAt: now,
    };
    this.#jobs.set(job.id, job);
    this.#store.save(job);
    this.#queue.push(job.id);
    this.#pump();
    return job;
  }

  get(id: string): Job {
    const job = this.#jobs.get(id);
    if (!job) throw new JobNotFoundError(id);
    return job;
  }

  /** Cancels a queued or running job (a running one stops at its next progress step). */
  cancel(id: string): Job {
    const job = this.get(id);
    if (TERMINAL_STATUSES.has(job.status)) throw new JobStateError(`job ${id} already ${job.status}`);
    const running = this.#running.get(id);
    if (running) running.controller.abort();
    else {
      this.#queue.splice(this.#queue.indexOf(id), 1);
      this.#update(job, { status: "cancelled" });
    }
    return job;
  }

  /** Calls `listener` with the job after every change; returns the unsubscribe function. */
  subscribe(id: string, listener: (job: Job) => void): () => void {
    this.get(id);
    this.#events.on(id, listener);
    return () => this.#events.off(id, listener);
  }

  /** Jobs waiting (not yet running). */
  get queued(): number {
    return this.#queue.length;
  }

  /**
   * Stops taking jobs and interrupts the running ones, which go back to "queued" on disk without spending an attempt:
   * the next start resumes them.
   */
  async close(): Promise<void> {
    this.#closed = true;
    const running = [...this.#running.entries()];
    for (const [, { controller }] of running) controller.abort("shutdown");
    await Promise.all(running.map(([, r]) => r.done));
  }

  #pump(): void {
    while (!this.#closed && this.#idle.length > 0 && this.#queue.length > 0) {
      const runner = this.#idle.pop()!;
      const job = this.get(this.#queue.shift()!);
      const controller = new AbortController();
      const done = this.#run(job, runner, controller.signal).finally(() => {
        this.#running.delete(job.id);
        this.#idle.push(runner);
        this.#pump();
      });
      this.#running.set(job.id, { controller, done });
    }
  }

  async #run(job: Job, runner: JobRunner, signal: AbortSignal): Promise<void> {
    this.#update(job, { status: "running", attempts: job.attempts + 1, progress: { stage: "starting", fraction: 0 } });
    let lastStage = "starting";
    const onProgress = (progress: JobProgress) => {
      if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error("cancelled");
      // Progress is pushed to subscribers at once; the file is rewritten only when the stage changes.
      job.progress = progress;
      job.updatedAt = new Date().toISOString();
      if (progress.stage !== lastStage) {
        lastStage = progress.stage;
        this.#store.save(job);
      }
      this.#events.emit(job.id, job);
    };
    try {
      const result = await runner(job, { signal, onProgress });
      if (signal.aborted) throw new Error("aborted");
      this.#update(job, { status: "succeeded", result, progress: { stage: "done", fraction: 1 } });
    } catch (error) {
      if (signal.aborted && signal.reason === "shutdown") {
        this.#update(job, { status: "queued", attempts: job.attempts - 1, progress: { stage: "queued", fraction: 0 } });
      } else if (signal.aborted) {
        this.#update(job, { status: "cancelled" });
      } else {
        if (!(error instanceof BaseError)) this.#log(`job ${job.id} failed: ${error instanceof Error ? error.stack : String(error)}`);
        this.#update(job, {
          status: "failed",
          error:
            error instanceof BaseError
              ? { code: error.code, message: error.shortMessage + (error.details ? ` (${error.details})` : "") }
              : { code: "INTERNAL", message: error instanceof Error ? error.message : String(error) },
        });
      }
    }
  }

  #update(job: Job, changes: Partial<Job>): void {
    Object.assign(job, changes, { updatedAt: new Date().toISOString() });
    this.#store.save(job);
    this.#events.emit(job.id, job);
  }
}
