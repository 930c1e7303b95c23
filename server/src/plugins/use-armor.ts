import { EnvelopArmorPlugin } from "@escape.tech/graphql-armor";
import type { GraphQLError, ValidationContext } from "graphql";
import type { Plugin } from "graphql-yoga";

/** Caps on the shape of one GraphQL document. */
export interface QueryLimits {
  /** Deepest selection nesting (introspection included: its depth is bounded by this too). */
  maxDepth: number;
  /** graphql-armor's cost: objects 2, scalars 1, multiplied by depth. */
  maxCost: number;
  /** Most aliases per operation: aliases are how one request asks the same expensive field many times. */
  maxAliases: number;
  /** Most lexer tokens: bounds parse time before any other rule runs. */
  maxTokens: number;
  /** Most directives per operation. */
  maxDirectives: number;
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = { maxDepth: 12, maxCost: 5000, maxAliases: 15, maxTokens: 2000, maxDirectives: 20 };

/** Adds a stable `extensions.code` to armor's rejections (they come with a message only). */
function withCode(code: string) {
  return [(_ctx: ValidationContext | null, error: GraphQLError) => void ((error.extensions as Record<string, unknown>).code = code)];
}

/**
 * graphql-armor on the envelop pipeline: depth, cost, alias, token and directive limits, checked while parsing and
 * validating, before anything resolves. Field suggestions ("did you mean ...") are blocked so that a closed schema
 * does not leak through typos. Limits are not exposed in the messages.
 */
export function useArmor(limits: QueryLimits = DEFAULT_QUERY_LIMITS): Plugin {
  return EnvelopArmorPlugin({
    maxDepth: { n: limits.maxDepth, ignoreIntrospection: false, flattenFragments: true, onReject: withCode("QUERY_TOO_DEEP") },
    costLimit: { maxCost: limits.maxCost, ignoreIntrospection: true, onReject: withCode("QUERY_TOO_COSTLY") },
    maxAliases: { n: limits.maxAliases, onReject: withCode("TOO_MANY_ALIASES") },
    maxTokens: { n: limits.maxTokens, onReject: withCode("TOO_MANY_TOKENS") },
    maxDirectives: { n: limits.maxDirectives, onReject: withCode("TOO_MANY_DIRECTIVES") },
    blockFieldSuggestion: { enabled: true },
  }) as Plugin;
}
