import { GraphQLError } from "graphql";
import type { Plugin } from "graphql-yoga";
import type { Principal } from "../auth/principal.js";
import { DiskUpload } from "../http/upload/disk-upload.js";
import type { RateLimitPolicy } from "../http/rate-limit/rate-limit-policy.js";

/** What the plugin reads from the GraphQL context (set by the context factory in server/src/app.ts). */
export interface RateLimitedContext {
  principal: Principal;
  ip: string | undefined;
}

/**
 * Per-key (API key, signed-in address) or per-IP rate limit on every GraphQL operation, shared with REST through the
 * one RateLimitPolicy. An operation carrying uploads costs the policy's `uploadCost` (decoding is the expensive path).
 * Over the limit the operation does not run: the client gets RATE_LIMITED (HTTP 429, Retry-After).
 */
export function useRateLimit(policy: RateLimitPolicy): Plugin<RateLimitedContext> {
  const check = (context: RateLimitedContext, variables: unknown): GraphQLError | undefined => {
    const cost = hasUpload(variables) ? policy.config.uploadCost : 1;
    try {
      policy.enforce(context.principal, context.ip, cost);
      return undefined;
    } catch (error) {
      return new GraphQLError((error as Error).message, { originalError: error as Error });
    }
  };
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const error = check(args.contextValue as RateLimitedContext, args.variableValues);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const error = check(args.contextValue as RateLimitedContext, args.variableValues);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
  };
}

function hasUpload(value: unknown, depth = 0): boolean {
  if (value instanceof DiskUpload) return true;
  if (depth > 8 || value === null || typeof value !== "object") return false;
  return Object.values(value).some((v) => hasUpload(v, depth + 1));
}
