import type { RequestHandler } from "express";
import { RequestTimeoutError } from "../errors.js";

/**
 * Answers 504 when a handler has not answered within `timeoutMs`, and aborts `res.locals.signal` so that the work
 * behind it (a checkAudio decode) can stop. Handlers check `res.headersSent` before answering late.
 * The time to receive the body is bounded separately, by the HTTP server's `requestTimeout`.
 */
export function requestDeadline(timeoutMs: number): RequestHandler {
  return (_req, res, next) => {
    const controller = new AbortController();
    res.locals.signal = controller.signal;
    const timer = setTimeout(() => {
      const error = new RequestTimeoutError(timeoutMs);
      controller.abort(error);
      if (!res.headersSent) {
        res.status(504).json({ error: { code: error.code, message: error.shortMessage } });
      }
    }, timeoutMs);
    timer.unref();
    res.on("close", () => clearTimeout(timer));
    next();
  };
}
