import type { Principal } from "../../auth/principal.js";
import { rateLimitKey } from "../../auth/principal.js";
import { RateLimitedError } from "../errors.js";
import { TokenBucketLimiter, type RateLimitDecision, type RateLimitRule } from "./token-bucket-limiter.js";

/** The limits per caller: anonymous callers by IP, authenticated ones (API key, artist session) by identity. */
export interface RateLimitConfig {
  anonymous: RateLimitRule;
  authenticated: RateLimitRule;
  /** Tokens an upload (submit, check) costs instead of 1: decoding and fingerprinting cost far more than a read. */
  uploadCost: number;
}

export const DEFAULT_RATE_LIMITS: RateLimitConfig = {
  anonymous: { perMinute: 120, burst: 60 },
  authenticated: { perMinute: 600, burst: 120 },
  uploadCost: 10,
};

/**
 * One limiter shared by REST and GraphQL, so a key's budget is the same whichever door it uses.
 *
 * @example
 * const policy = new RateLimitPolicy(DEFAULT_RATE_LIMITS);
 * policy.enforce(principal, ip); // throws RateLimitedError (HTTP 429 with Retry-After) when over
 */
export class RateLimitPolicy {
  constructor(
    readonly config: RateLimitConfig,
    private readonly limiter = new TokenBucketLimiter(),
  ) {}

  check(principal: Principal, ip: string | undefined, cost = 1): RateLimitDecision {
    const rule = principal.kind === "anonymous" ? this.config.anonymous : this.config.authenticated;
    return this.limiter.take(rateLimitKey(principal, ip), rule, cost);
  }

  /** Like check, but throws RateLimitedError when refused. */
  enforce(principal: Principal, ip: string | undefined, cost = 1): RateLimitDecision {
    const decision = this.check(principal, ip, cost);
    if (!decision.allowed) throw new RateLimitedError(decision.retryAfterSeconds);
    return decision;
  }
}
