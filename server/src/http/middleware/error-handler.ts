import type { ErrorRequestHandler } from "express";
import { BaseError } from "../../errors/base.js";
import { httpStatusOf } from "../error-status.js";
import { RateLimitedError } from "../errors.js";
import type { Logger } from "../logger.js";

/** The body of every REST error. */
export interface ErrorBody {
  error: { code: string; message: string; details?: string };
}

/**
 * Turns errors into JSON answers: a BaseError keeps its code, short message and details, with the status from
 * httpStatusOf; anything else is logged and answered as an opaque 500, so internals never reach a client.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    if (res.headersSent) {
      // Too late to answer (the deadline already did, or a stream broke): just make sure the socket closes.
      if (!res.writableEnded) res.destroy();
      return;
    }
    const status = httpStatusOf(error);
    let body: ErrorBody;
    if (error instanceof BaseError) {
      body = { error: { code: error.code, message: error.shortMessage, ...(error.details ? { details: error.details } : {}) } };
      if (status >= 500) logger.error(`${req.method} ${req.originalUrl}: ${error.message}`);
    } else if (isBodyParserError(error)) {
      res.status(error.status).json({ error: { code: "BAD_REQUEST", message: error.message } });
      return;
    } else if (isOutOfSpace(error)) {
      // The disk or its quota is full: nothing was accepted, the client may retry once space is freed.
      logger.error(`${req.method} ${req.originalUrl}: out of disk space (${(error as { code: string }).code})`);
      res.setHeader("Retry-After", "60");
      res.setHeader("Connection", "close");
      res.status(507).json({ error: { code: "INSUFFICIENT_STORAGE", message: "The server is out of disk space; nothing was stored. Retry later." } });
      return;
    } else if (error instanceof URIError) {
      // A malformed percent-encoding in the path (express decodes route parameters).
      res.status(400).json({ error: { code: "INVALID_INPUT", message: "The request path is not valid percent-encoding" } });
      return;
    } else {
      logger.error(`${req.method} ${req.originalUrl}: unexpected error`, error);
      body = { error: { code: "INTERNAL_SERVER_ERROR", message: "Unexpected error" } };
    }
    if (error instanceof RateLimitedError) res.setHeader("Retry-After", String(error.retryAfterSeconds));
    // A component restarting or unreachable (the database, a paused contract): worth trying again shortly.
    else if (status === 503) res.setHeader("Retry-After", "5");
    // A client may still be sending an upload we refused: close the connection instead of reading the rest.
    if (status === 413 || status === 415) res.setHeader("Connection", "close");
    res.status(status).json(body);
  };
}

/** express.json() errors: a 4xx status and a message safe to show (malformed JSON, body too large). */
function isBodyParserError(error: unknown): error is { status: number; message: string } {
  return (
    typeof error === "object" &&
    error !== null &&
    "type" in error &&
    "status" in error &&
    typeof error.status === "number" &&
    error.status >= 400 &&
    error.status < 500
  );
}

/** ENOSPC (no space left on device) or EDQUOT (quota exceeded), from a write of the upload or of a stage. */
function isOutOfSpace(error: unknown): boolean {
  const code = typeof error === "object" && error !== null && "code" in error ? (error as { code: unknown }).code : undefined;
  return code === "ENOSPC" || code === "EDQUOT";
}
