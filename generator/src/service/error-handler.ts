import type { NextFunction, Request, Response } from "express";
import { BaseError } from "../../audio/src/errors/base-error.js";
import { GeneratorServiceError } from "./service-error.js";

/**
 * Turns every error into `{error: {code, message}}` with its status: the service's own errors carry one, body
 * parsing errors (bad JSON 400, too large 413) come from express, anything else is a 500 logged with its stack.
 */
export function errorHandler(log: (line: string) => void) {
  return (error: unknown, _req: Request, res: Response, _next: NextFunction): void => {
    let status = 500;
    let code = "INTERNAL";
    let message = "internal error";
    if (error instanceof GeneratorServiceError) {
      status = error.status;
      code = error.code;
      message = error.shortMessage;
    } else if (error instanceof BaseError) {
      status = 400;
      code = error.code;
      message = error.shortMessage;
    } else if (isHttpError(error)) {
      status = error.status;
      code = error.type === "entity.too.large" ? "BODY_TOO_LARGE" : "BAD_REQUEST";
      message = error.type === "entity.parse.failed" ? "the body is not valid JSON" : error.message;
    } else {
      log(`unexpected error: ${error instanceof Error ? error.stack : String(error)}`);
    }
    if (res.headersSent) {
      res.end();
      return;
    }
    res.status(status).json({ error: { code, message } });
  };
}

function isHttpError(error: unknown): error is { status: number; type?: string; message: string } {
  return (
    error instanceof Error &&
    "status" in error &&
    typeof error.status === "number" &&
    error.status >= 400 &&
    error.status < 500
  );
}
