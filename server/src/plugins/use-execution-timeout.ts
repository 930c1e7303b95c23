import { GraphQLError } from "graphql";
import type { Plugin } from "graphql-yoga";
import { RequestTimeoutError } from "../http/errors.js";

/**
 * Bounds the execution of a query or mutation: past `timeoutMs` the client gets a TIMEOUT error (HTTP 504) instead
 * of waiting, and `context.deadline` (an AbortSignal resolvers pass to slow work) aborts. Subscriptions are streams
 * by design and are not bounded here.
 */
export function useExecutionTimeout(timeoutMs: number): Plugin<{ deadline?: AbortSignal }> {
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      const controller = new AbortController();
      (args.contextValue as { deadline?: AbortSignal }).deadline = controller.signal;
      setExecuteFn(async (executionArgs) => {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            const error = new RequestTimeoutError(timeoutMs);
            controller.abort(error);
            reject(error);
          }, timeoutMs);
        });
        try {
          return await Promise.race([executeFn(executionArgs), timeout]);
        } catch (error) {
          if (error instanceof RequestTimeoutError) {
            return { errors: [new GraphQLError(error.shortMessage, { originalError: error })] };
          }
          throw error;
        } finally {
          clearTimeout(timer);
        }
      });
    },
  };
}
