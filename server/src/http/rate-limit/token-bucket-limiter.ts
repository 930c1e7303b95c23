/** How many requests a key may make: `burst` at once, refilled at `perMinute`. */
export interface RateLimitRule {
  perMinute: number;
  burst: number;
}

export interface RateLimitDecision {
  allowed: boolean;
  /** Whole tokens left after this request. */
  remaining: number;
  /** Seconds until a token is back, when refused (the `Retry-After` header). */
  retryAfterSeconds: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * In-memory token buckets, one per key (an API key, an address, an IP). One process holds the counts: behind several
 * server processes each enforces its own share, which bounds a key at (processes x rule); a shared limiter (Redis) is
 * the step up when that matters. Memory is bounded: at `maxKeys` the buckets that are full again (idle keys) go first.
 */
export class TokenBucketLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly maxKeys = 100_000,
    /** The clock in milliseconds; injectable so tests step time instead of sleeping. */
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Takes `cost` tokens from the key's bucket under `rule`, or refuses without taking any. */
  take(key: string, rule: RateLimitRule, cost = 1): RateLimitDecision {
    const now = this.now();
    const ratePerMs = rule.perMinute / 60_000;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= this.maxKeys) this.evict(now, ratePerMs, rule.burst);
      bucket = { tokens: rule.burst, updatedAt: now };
      this.buckets.set(key, bucket);
    } else {
      bucket.tokens = Math.min(rule.burst, bucket.tokens + (now - bucket.updatedAt) * ratePerMs);
      bucket.updatedAt = now;
    }
    if (bucket.tokens >= cost) {
      bucket.tokens -= cost;
      return { allowed: true, remaining: Math.floor(bucket.tokens), retryAfterSeconds: 0 };
    }
    const waitMs = (cost - bucket.tokens) / ratePerMs;
    return { allowed: false, remaining: 0, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
  }

  private evict(now: number, ratePerMs: number, burst: number): void {
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.updatedAt) * ratePerMs >= burst) this.buckets.delete(key);
    }
    // Everyone active: drop the oldest insertions (Map iterates in insertion order).
    const excess = this.buckets.size - Math.floor(this.maxKeys * 0.9);
    if (excess > 0) {
      let n = 0;
      for (const key of this.buckets.keys()) {
        if (n++ >= excess) break;
        this.buckets.delete(key);
      }
    }
  }
}
