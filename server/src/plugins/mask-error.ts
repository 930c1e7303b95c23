import { GraphQLError } from "graphql";
import { maskError as yogaMaskError, type YogaServerOptions } from "graphql-yoga";
import { BaseError } from "../errors/base.js";
import { httpStatusOf } from "../http/error-status.js";
import type { Logger } from "../http/logger.js";

type MaskError = NonNullable<Exclude<YogaServerOptions<object, object>["maskedErrors"], boolean | undefined>["maskError"]>;

/**
 * yoga's `maskedErrors.maskError` for Soundmark: a BaseError (ours, the audio core's, the store's...) reaches the
 * client as its short message with `extensions.code` (the error's stable code), `extensions.details` when it has
 * some, and `extensions.http.status` (which yoga uses as the response status when the whole request failed, e.g. an
 * upload over the cap -> 413). Everything else is masked to "Unexpected error." and logged with its stack.
 */
export function createMaskError(logger: Logger): MaskError {
  return (error, message, isDev) => {
    // Duck-typed, not `instanceof GraphQLError`: graphql may be loaded twice (its ESM and CJS builds), and the
    // GraphQLError yoga hands over need not be of our copy's class.
    const graphqlError = isGraphQLError(error) ? error : undefined;
    const original = graphqlError ? graphqlError.originalError : error;
    if (original instanceof BaseError) {
      const base = graphqlError;
      const status = httpStatusOf(original);
      if (status >= 500) logger.error(`GraphQL ${base?.path?.join(".") ?? "request"}: ${original.message}`);
      return new GraphQLError(original.shortMessage, {
        nodes: base?.nodes,
        source: base?.source,
        positions: base?.positions,
        path: base?.path,
        extensions: {
          code: original.code,
          ...(original.details ? { details: original.details } : {}),
          http: { status, ...(original.code === "RATE_LIMITED" ? { headers: { "Retry-After": String((original as BaseError & { retryAfterSeconds: number }).retryAfterSeconds) } } : {}) },
        },
      });
    }
    if (!graphqlError || graphqlError.originalError) logger.error("GraphQL: unexpected error", original);
    return yogaMaskError(error, message, isDev);
  };
}

function isGraphQLError(error: unknown): error is GraphQLError {
  return error instanceof Error && error.name === "GraphQLError";
}
