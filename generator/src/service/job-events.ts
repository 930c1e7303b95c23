import type { Request, Response } from "express";
import { TERMINAL_STATUSES, type Job } from "./job.js";
import type { JobManager } from "./job-manager.js";
import { jobView } from "./job-view.js";

/** Milliseconds between keep-alive comments, so proxies do not close a quiet stream. */
const HEARTBEAT_MS = 15_000;

/**
 * GET /v1/jobs/:id/events: server-sent events. Sends the job at once (event "job"), then after every change
 * ("progress" while it runs, "job" on a status change), and ends the stream after the terminal state
 * (succeeded, failed, cancelled). A client that reconnects gets the current state first, so it misses nothing.
 */
export function streamJobEvents(manager: JobManager, req: Request, res: Response): void {
  const job = manager.get(String(req.params.id));
  res.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache, no-transform",
    connection: "keep-alive",
    "x-accel-buffering": "no",
  });
  let lastStatus = job.status;
  let seq = 0;
  const send = (event: string, current: Job) => {
    res.write(`id: ${seq++}\nevent: ${event}\ndata: ${JSON.stringify(jobView(current))}\n\n`);
  };
  send("job", job);
  if (TERMINAL_STATUSES.has(job.status)) {
    res.end();
    return;
  }
  const heartbeat = setInterval(() => res.write(": keep-alive\n\n"), HEARTBEAT_MS);
  const stop = () => {
    clearInterval(heartbeat);
    unsubscribe();
  };
  const unsubscribe = manager.subscribe(job.id, (current) => {
    const changed = current.status !== lastStatus;
    lastStatus = current.status;
    send(changed ? "job" : "progress", current);
    if (TERMINAL_STATUSES.has(current.status)) {
      stop();
      res.end();
    }
  });
  res.on("close", stop);
}
