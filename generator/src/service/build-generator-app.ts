import path from "node:path";
import express, { type Express, type Request } from "express";
import { errorHandler } from "./error-handler.js";
import type { JobManager } from "./job-manager.js";
import { parseJobRequest } from "./job-request.js";
import { isJobId } from "./job-store.js";
import { streamJobEvents } from "./job-events.js";
import { jobView } from "./job-view.js";
import { InvalidJobRequestError, JobNotFoundError, JobStateError } from "./service-error.js";

export interface BuildGeneratorAppOptions {
  manager: JobManager;
  /** The data folder: job results are stored relative to it. */
  dataDir: string;
  /** Whether a model of that name is installed (the request names a folder under the models folder). */
  modelExists: (name: string) => boolean;
  /** Largest request body (default 512 KiB: a prompt MIDI of 256 KiB in base64 and the fields). */
  bodyLimitBytes?: number;
  log?: (line: string) => void;
}

/**
 * The generator's HTTP job API, without a port (tests and `generator serve` both listen on it):
 * - POST   /v1/jobs             {model, style?, seconds, seed, temperature?, topK?, topP?, beamWidth?, prompt?} -> 202
 * - GET    /v1/jobs/:id         the job: status, progress, result (manifest, paths, URLs) or error
 * - GET    /v1/jobs/:id/events  server-sent events with progress until the job ends
 * - DELETE /v1/jobs/:id         cancel a queued or running job
 * - GET    /v1/jobs/:id/audio   the watermarked WAV (and /midi for the notes)
 * - GET    /v1/health           {ok, queued}
 */
export function buildGeneratorApp(options: BuildGeneratorAppOptions): Express {
  const { manager } = options;
  const log = options.log ?? (() => {});
  const app = express();
  app.disable("x-powered-by");
  app.use(express.json({ limit: options.bodyLimitBytes ?? 512 * 1024, type: () => true }));

  const job = (req: Request) => {
    const id = String(req.params.id);
    if (!isJobId(id)) throw new JobNotFoundError(id);
    return manager.get(id);
  };

  app.get("/v1/health", (_req, res) => {
    res.json({ ok: true, queued: manager.queued });
  });

  app.post("/v1/jobs", (req, res) => {
    const request = parseJobRequest(req.body);
    if (!options.modelExists(request.model)) throw new InvalidJobRequestError(`unknown model "${request.model}"`);
    const created = manager.submit(request);
    res
      .status(202)
      .location(`/v1/jobs/${created.id}`)
      .json({ jobId: created.id, status: created.status, statusUrl: `/v1/jobs/${created.id}`, eventsUrl: `/v1/jobs/${created.id}/events` });
  });

  app.get("/v1/jobs/:id", (req, res) => {
    res.json(jobView(job(req)));
  });

  app.get("/v1/jobs/:id/events", (req, res) => {
    job(req);
    streamJobEvents(manager, req, res);
  });

  app.delete("/v1/jobs/:id", (req, res) => {
    const cancelled = manager.cancel(job(req).id);
    res.status(202).json(jobView(cancelled));
  });

  for (const [route, kind, type] of [
    ["audio", "wavPath", "audio/wav"],
    ["midi", "midiPath", "audio/midi"],
  ] as const) {
    app.get(`/v1/jobs/:id/${route}`, (req, res, next) => {
      const found = job(req);
      if (found.status !== "succeeded" || !found.result) throw new JobStateError(`job ${found.id} is ${found.status}, not succeeded`);
      res.type(type).sendFile(path.resolve(options.dataDir, found.result[kind]), { dotfiles: "allow" }, (error) => error && next(error));
    });
  }

  app.use((req, res) => {
    res.status(404).json({ error: { code: "NOT_FOUND", message: `no route ${req.method} ${req.path}` } });
  });
  app.use(errorHandler(log));
  return app;
}
