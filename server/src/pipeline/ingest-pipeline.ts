import { EventEmitter } from "node:events";
import { hostname } from "node:os";
import { join } from "node:path";
import { decodeAudioFile, type DecodedAudio } from "../../../generator/audio/src/decode/index.js";
import type { SoundmarkIndex } from "../../../generator/audio/src/index/index.js";
import type { WatermarkKey } from "../../../generator/audio/src/watermark/index.js";
import type { IpfsStore } from "../ipfs/index.js";
import type { Store } from "../store/index.js";
import { PipelineStateError } from "./errors.js";
import { SimulatedCrashError, type PipelineFaults } from "./faults.js";
import { validateGeneratorClaim, type GeneratorClaim, type ValidatedClaim } from "./generator-claim.js";
import type { IngestJob } from "./ingest-job.js";
import { JobQueue, type ClaimedJob } from "./job-queue.js";
import { DEFAULT_RETRY_POLICY, describeError, isPermanent, retryDelayMs, type RetryPolicy } from "./retry-policy.js";
import { STAGES, STAGE_RUNNERS, type StageDependencies } from "./stages/index.js";
import { takeUpload } from "./take-upload.js";
import type { TrackRegistrar } from "./track-registrar.js";

export interface SubmitTrackParameters {
  /** A temp file the pipeline takes over: moved to <dataDir>/uploads/<sha256>, or deleted when refused or a duplicate. */
  filePath: string;
  originalName?: string;
  /** Who submitted it (an API key id, an address), recorded with the track. */
  submittedBy?: string;
  generator?: GeneratorClaim;
}

export interface IngestPipeline {
  /** Accepts a track: idempotent by the file's sha256 (the same file again returns its existing job). */
  submit(p: SubmitTrackParameters): Promise<IngestJob>;
  getJob(sha256OrJobId: string): Promise<IngestJob | null>;
  on(event: "progress", listener: (job: IngestJob) => void): void;
  off(event: "progress", listener: (job: IngestJob) => void): void;
  /** Starts the workers; they first resume the jobs a previous run of this worker left unfinished. */
  start(): void;
  /** Stops taking jobs; a job in progress stops after its current stage and is resumed by the next start. */
  stop(): Promise<void>;
}

export interface CreateIngestPipelineParameters {
  store: Store;
  ipfs: IpfsStore;
  registrar: TrackRegistrar;
  index: SoundmarkIndex;
  watermarkKeys: readonly WatermarkKey[];
  /** The data folder: uploads are kept in <dataDir>/uploads. */
  dataDir: string;
  limits: { maxUploadBytes: number; maxDurationSeconds: number };
  /** Jobs processed at once (1). */
  concurrency?: number;
  retry?: Partial<RetryPolicy>;
  /**
   * Names this process's workers in job leases (default: the host name). On start, leases held under this name are
   * a previous run's, dead: they are taken back at once. Give each process sharing a Postgres database its own name.
   */
  workerId?: string;
  /** How long a lease lasts without the worker committing a stage (600 s); then another worker may take the job. */
  leaseSeconds?: number;
  /** Longest idle wait before looking for jobs submitted by other processes (1000 ms). */
  pollIntervalMs?: number;
  faults?: PipelineFaults;
}

/**
 * The durable ingest pipeline: decode -> hashes -> fingerprint -> watermark -> manifest -> ipfs -> register -> index.
 * Each stage's output is committed with the job's move to the next stage, so a restart resumes where it stopped;
 * registration goes through the idempotent registrar, so no crash makes it register twice.
 *
 * @example
 * const pipeline = createIngestPipeline({ store, ipfs, registrar, index, watermarkKeys, dataDir, limits });
 * pipeline.on("progress", (job) => console.log(job.stage, job.status));
 * pipeline.start();
 * const job = await pipeline.submit({ filePath: "/tmp/upload-1234" });
 */
export function createIngestPipeline(p: CreateIngestPipelineParameters): IngestPipeline {
  return new DurableIngestPipeline(p);
}

/** How a worker's run of a job ended: all stages done, failed (recorded), given back on stop, lease lost, or crashed. */
type RunOutcome = "done" | "failed" | "released" | "lost" | "crashed";

class DurableIngestPipeline implements IngestPipeline {
  readonly #p: CreateIngestPipelineParameters;
  readonly #queue: JobQueue;
  readonly #events = new EventEmitter();
  readonly #retry: RetryPolicy;
  readonly #deps: StageDependencies;
  readonly #uploadsDir: string;
  readonly #workerId: string;
  #workers: Promise<void>[] = [];
  #state: "idle" | "running" | "stopped" = "idle";
  #wake: (() => void)[] = [];

  constructor(p: CreateIngestPipelineParameters) {
    this.#p = p;
    this.#queue = new JobQueue(p.store, p.leaseSeconds ?? 600);
    this.#retry = { ...DEFAULT_RETRY_POLICY, ...p.retry };
    this.#deps = { ipfs: p.ipfs, registrar: p.registrar, index: p.index, watermarkKeys: p.watermarkKeys, limits: p.limits };
    this.#uploadsDir = join(p.dataDir, "uploads");
    this.#workerId = p.workerId ?? hostname();
    this.#events.setMaxListeners(0);
  }

  async submit({ filePath, originalName, submittedBy, generator }: SubmitTrackParameters): Promise<IngestJob> {
    if (this.#state === "stopped") throw new PipelineStateError("the pipeline is stopped");
    let claim!: ValidatedClaim;
    const upload = await takeUpload(filePath, this.#uploadsDir, this.#p.limits.maxUploadBytes, (sha256) => {
      claim = validateGeneratorClaim(generator, sha256);
    });
    const meta: { originalName?: string; submittedBy?: string } = {};
    if (originalName !== undefined) meta.originalName = originalName;
    if (submittedBy !== undefined) meta.submittedBy = submittedBy;
    const job = await this.#queue.enqueue(upload, claim, meta);
    this.#emit(job);
    this.#notify();
    return job;
  }

  getJob(sha256OrJobId: string): Promise<IngestJob | null> {
    return this.#queue.get(sha256OrJobId);
  }

  on(event: "progress", listener: (job: IngestJob) => void): void {
    this.#events.on(event, listener);
  }

  off(event: "progress", listener: (job: IngestJob) => void): void {
    this.#events.off(event, listener);
  }

  start(): void {
    if (this.#state !== "idle") throw new PipelineStateError(`the pipeline is already ${this.#state}`);
    this.#state = "running";
    const concurrency = this.#p.concurrency ?? 1;
    const resume = this.#queue
      // PGlite is opened by one process only, so every lease in it belongs to a dead run.
      .releaseStaleLeases(this.#p.store.kind === "pglite" ? null : `${this.#workerId}/`)
      .catch(() => 0);
    this.#workers = Array.from({ length: concurrency }, (_, n) => resume.then(() => this.#work(`${this.#workerId}/${n}`)));
  }

  async stop(): Promise<void> {
    this.#state = "stopped";
    this.#notify();
    await Promise.all(this.#workers);
  }

  async #work(owner: string): Promise<void> {
    while (this.#state === "running") {
      let job: ClaimedJob | null;
      try {
        job = await this.#queue.claim(owner);
      } catch {
        // the database is unreachable for a moment: look again after the poll interval
        await this.#sleep(this.#p.pollIntervalMs ?? 1000);
        continue;
      }
      if (!job) {
        const next = await this.#queue.msUntilNextJob().catch(() => null);
        await this.#sleep(Math.min(next ?? Infinity, this.#p.pollIntervalMs ?? 1000));
        continue;
      }
      let outcome: RunOutcome;
      try {
        outcome = await this.#run(job, owner);
      } catch {
        // The database failed while recording the outcome (a restart, a lost connection): give the job back as soon
        // as it answers again, to resume at its last committed stage. Should this process die first, the lease
        // expires and another worker takes the job up.
        await this.#releaseWhenReachable(job, owner);
        continue;
      }
      if (outcome === "crashed") return;
    }
  }

  async #releaseWhenReachable(job: ClaimedJob, owner: string): Promise<void> {
    while (this.#state === "running") {
      await this.#sleep(this.#p.pollIntervalMs ?? 1000);
      try {
        await this.#queue.release(job, owner);
        return;
      } catch {
        // still unreachable
      }
    }
  }

  /** Runs the job's remaining stages, committing each; returns how the run ended. */
  async #run(job: ClaimedJob, owner: string): Promise<RunOutcome> {
    const uploadPath = join(this.#uploadsDir, job.sha256);
    let decoded: Promise<DecodedAudio> | undefined;
    const audio = () =>
      (decoded ??= decodeAudioFile(uploadPath, {
        maxBytes: this.#p.limits.maxUploadBytes,
        maxSeconds: this.#p.limits.maxDurationSeconds,
      }));
    for (let i = STAGES.indexOf(job.stage); i < STAGES.length; i++) {
      const stage = STAGES[i]!;
      if (this.#state !== "running") {
        await this.#queue.release(job, owner);
        await this.#emitJob(job.jobId);
        return "released";
      }
      await this.#emitJob(job.jobId);
      try {
        const track = await this.#queue.track(job.sha256);
        const update = await STAGE_RUNNERS[stage]({ track, uploadPath, audio, deps: this.#deps });
        await this.#p.faults?.afterStage?.(stage, { jobId: job.jobId, sha256: job.sha256 });
        const next = STAGES[i + 1] ?? null;
        if (!(await this.#queue.completeStage(job, owner, update, next))) return "lost";
        job = { ...job, stage: next ?? stage };
      } catch (error) {
        if (error instanceof SimulatedCrashError) return "crashed";
        const permanent = isPermanent(error);
        const current = await this.#queue.get(job.jobId);
        await this.#queue.fail(job, owner, stage, describeError(error), {
          permanent,
          delayMs: retryDelayMs((current?.attempts ?? 0) + 1, this.#retry),
          maxAttempts: this.#retry.maxAttempts,
        });
        await this.#emitJob(job.jobId);
        return "failed";
      }
    }
    await this.#emitJob(job.jobId);
    return "done";
  }

  async #emitJob(jobId: string): Promise<void> {
    const job = await this.#queue.get(jobId).catch(() => null);
    if (job) this.#emit(job);
  }

  #emit(job: IngestJob): void {
    this.#events.emit("progress", job);
  }

  /** Waits `ms`, or less when a submit or stop wakes the workers. */
  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const done = () => {
        clearTimeout(timer);
        this.#wake = this.#wake.filter((w) => w !== done);
        resolve();
      };
      timer = setTimeout(done, ms);
      this.#wake.push(done);
    });
  }

  #notify(): void {
    for (const wake of [...this.#wake]) wake();
  }
}
