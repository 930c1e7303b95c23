import { readFileSync } from "node:fs";
import path from "node:path";
import type { GraphQLSchema } from "graphql";
import { createSchema } from "graphql-yoga";
import { artistResolvers } from "./artist/resolvers.js";
import { authResolvers } from "./auth/resolvers.js";
import { baseResolvers } from "./base/resolvers.js";
import { checkResolvers } from "./check/resolvers.js";
import type { GraphQLContext } from "./context.js";
import { jobResolvers } from "./job/resolvers.js";
import { trackResolvers } from "./track/resolvers.js";

/** The SDL files, one per domain; base first (it declares the root types the others extend). */
const SDL_FILES = ["base/base.graphql", "auth/auth.graphql", "job/job.graphql", "track/track.graphql", "check/check.graphql", "artist/artist.graphql"];

export function loadTypeDefs(): string[] {
  return SDL_FILES.map((file) => readFileSync(path.join(import.meta.dirname, file), "utf8"));
}

/** The executable schema: SDL from the .graphql files, resolvers from each domain's resolvers.ts. */
export function buildSchema(): GraphQLSchema {
  return createSchema<GraphQLContext>({
    typeDefs: loadTypeDefs(),
    resolvers: [baseResolvers, authResolvers, jobResolvers, trackResolvers, checkResolvers, artistResolvers],
  });
}
