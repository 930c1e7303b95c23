import type { RequestHandler } from "express";
import type { RateLimitPolicy } from "../rate-limit/rate-limit-policy.js";
import { principalOf } from "./authenticate-request.js";

/**
 * Enforces the caller's rate limit (after authenticateRequest, so that it counts per key or address, else per IP)
 * and reports it in `RateLimit-Remaining`; over the limit it answers 429 with `Retry-After` (error handler).
 */
export function rateLimit(policy: RateLimitPolicy, cost = 1): RequestHandler {
  return (req, res, next) => {
    const decision = policy.enforce(principalOf(res), req.ip, cost);
    res.setHeader("RateLimit-Remaining", String(decision.remaining));
    next();
  };
}
