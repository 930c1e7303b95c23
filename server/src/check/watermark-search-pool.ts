import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { BaseError } from "../errors/base.js";
import type { Pcm } from "../../../generator/audio/src/pcm.js";
import type { WatermarkKey } from "../../../generator/audio/src/watermark/index.js";
import type { WatermarkScan } from "../pipeline/index.js";
import type { WatermarkSearchOptions } from "./watermark-search.js";

export interface WatermarkSearchRequest {
  id: number;
  sampleRate: number;
  channels: Float32Array[];
  searchScales: boolean;
}

export type WatermarkSearchReply = { id: number; scan: WatermarkScan | null } | { id: number; error: string };

/** A watermark search that failed inside a pool worker (a bug or a crashed worker, never bad audio: that is null). */
export class WatermarkSearchError extends BaseError {
  readonly code = "WATERMARK_SEARCH_FAILED";
}

export interface WatermarkSearchPool {
  /** `searchWatermark` of this pool's keys, on a worker thread; the samples are copied, the caller keeps its PCM. */
  search(pcm: Pcm, options?: WatermarkSearchOptions): Promise<WatermarkScan | null>;
  /** Stops the workers; searches still queued or running reject. */
  close(): Promise<void>;
}

export interface CreateWatermarkSearchPoolParameters {
  keys: readonly WatermarkKey[];
  /** Worker threads (default: one fewer than the cores, at least one, at most four). */
  size?: number;
}

interface Job {
  request: WatermarkSearchRequest;
  transfer: ArrayBuffer[];
  resolve: (scan: WatermarkScan | null) => void;
  reject: (error: Error) => void;
}

const WORKER_URL = new URL(`./watermark-search-worker${import.meta.url.endsWith(".ts") ? ".ts" : ".js"}`, import.meta.url);

/**
 * Runs checks' watermark searches (tens of milliseconds of CPU each, the largest part of a check) on worker threads,
 * so the event loop keeps answering GraphQL, provenance and the other checks' I/O while they run. Workers start on
 * first use and hold the process open only while they have work.
 *
 * @example
 * const pool = createWatermarkSearchPool({ keys });
 * const scan = await pool.search(pcm, { searchScales: false });
 * await pool.close();
 */
export function createWatermarkSearchPool({ keys, size = Math.min(4, Math.max(1, availableParallelism() - 1)) }: CreateWatermarkSearchPoolParameters): WatermarkSearchPool {
  if (!Number.isSafeInteger(size) || size < 1) throw new RangeError("a watermark search pool needs at least one worker");
  const workers: Worker[] = [];
  const idle: Worker[] = [];
  const running = new Map<Worker, Job>();
  const queue: Job[] = [];
  let nextId = 1;
  let closed = false;

  function spawn(): Worker {
    // Under vitest (no tsx loader in this thread) the TypeScript worker needs the loader; under tsx it inherits it.
    const needsLoader = WORKER_URL.pathname.endsWith(".ts") && !process.execArgv.some((a) => a.includes("tsx"));
    const worker = new Worker(WORKER_URL, { workerData: { keys: [...keys] }, ...(needsLoader ? { execArgv: [...process.execArgv, "--import", "tsx"] } : {}) });
    worker.unref();
    worker.on("message", (reply: WatermarkSearchReply) => {
      const job = running.get(worker);
      running.delete(worker);
      if (job) {
        if ("error" in reply) job.reject(new WatermarkSearchError(`watermark search failed: ${reply.error}`));
        else job.resolve(reply.scan);
      }
      release(worker);
    });
    worker.on("error", (error) => fail(worker, error));
    worker.on("exit", (code) => fail(worker, new Error(`exited with code ${code}`)));
    workers.push(worker);
    return worker;
  }

  /** A worker that died takes its job with it; a fresh one takes its place for the queue. */
  function fail(worker: Worker, cause: Error): void {
    const at = workers.indexOf(worker);
    if (at < 0) return;
    workers.splice(at, 1);
    const idleAt = idle.indexOf(worker);
    if (idleAt >= 0) idle.splice(idleAt, 1);
    const job = running.get(worker);
    running.delete(worker);
    job?.reject(new WatermarkSearchError(`watermark search worker failed: ${cause.message}`, { cause }));
    if (!closed && queue.length > 0) dispatch(spawn());
  }

  function release(worker: Worker): void {
    if (closed) return;
    const job = queue.shift();
    if (job) return dispatch(worker, job);
    worker.unref();
    idle.push(worker);
  }

  function dispatch(worker: Worker, job = queue.shift()): void {
    if (!job) return release(worker);
    running.set(worker, job);
    worker.ref(); // a search in flight keeps the process alive until it answers
    worker.postMessage(job.request, job.transfer);
  }

  return {
    search(pcm, { searchScales = true } = {}) {
      if (closed) return Promise.reject(new WatermarkSearchError("the watermark search pool is closed"));
      const channels = pcm.channels.map((c) => c.slice());
      return new Promise((resolve, reject) => {
        const job: Job = { request: { id: nextId++, sampleRate: pcm.sampleRate, channels, searchScales }, transfer: channels.map((c) => c.buffer as ArrayBuffer), resolve, reject };
        const worker = idle.pop() ?? (workers.length < size ? spawn() : undefined);
        if (worker) dispatch(worker, job);
        else queue.push(job);
      });
    },
    async close() {
      closed = true;
      for (const job of queue.splice(0)) job.reject(new WatermarkSearchError("the watermark search pool closed"));
      await Promise.all(workers.slice().map((w) => w.terminate()));
    },
  };
}
