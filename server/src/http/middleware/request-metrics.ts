import type { RequestHandler } from "express";
import type { HttpMetrics } from "../metrics/http-metrics.js";

/**
 * Counts every request and its latency when the response finishes. The route label is the matched route pattern
 * (`/v1/tracks/:sha256`), `/graphql`, or `unmatched`: never the raw path, whose values a client controls.
 */
export function requestMetrics(metrics: HttpMetrics): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on("finish", () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const pattern = req.route?.path as string | undefined;
      const route = pattern ? `${req.baseUrl}${pattern}` : req.baseUrl || (req.path === "/graphql" ? "/graphql" : "unmatched");
      metrics.observeRequest(req.method, route, res.statusCode, seconds);
    });
    next();
  };
}
