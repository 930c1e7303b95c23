import { buildSchema, graphqlSync, parse } from "graphql";
import { describe, expect, it } from "vitest";
import { SeededRandom } from "../../generator/audio/src/random/seeded-random.js";
import { garbleQuery, hostileGraphqlBodies, INTROSPECTION_QUERY, parseIntrospection, randomOperation } from "./fuzz-graphql-queries.js";

const schema = buildSchema(`
  type Query { track(id: ID, sha256: String): Track, tracks(first: Int, after: String): [Track!]!, serverInfo: Info! }
  type Mutation { signOut: Boolean! }
  type Track { sha256: String!, parents: [Track!]!, style: Style }
  type Style { id: ID!, artist: String! }
  type Info { chainId: Int! }
`);
const introspected = graphqlSync({ schema, source: INTROSPECTION_QUERY });
const types = parseIntrospection(introspected.data as never);

describe("randomOperation", () => {
  it("reads the schema's root types and fields from introspection", () => {
    expect(introspected.errors).toBeUndefined();
    expect(types.queryType).toBe("Query");
    expect(types.mutationType).toBe("Mutation");
    expect(types.types.get("Track")?.fields.map((f) => f.name)).toEqual(["sha256", "parents", "style"]);
  });

  it("builds operations that parse, so they reach validation and the resolvers rather than only the parser", () => {
    const rng = new SeededRandom(3);
    for (let i = 0; i < 200; i++) expect(() => parse(randomOperation(types, rng))).not.toThrow();
  });

  it("is the same for the same seed", () => {
    const ra = new SeededRandom(9);
    const rb = new SeededRandom(9);
    const rc = new SeededRandom(10);
    const a = Array.from({ length: 20 }, () => randomOperation(types, ra));
    expect(Array.from({ length: 20 }, () => randomOperation(types, rb))).toEqual(a);
    expect(Array.from({ length: 20 }, () => randomOperation(types, rc))).not.toEqual(a);
  });
});

describe("garbleQuery", () => {
  it("changes the query", () => {
    const rng = new SeededRandom(1);
    const query = "query { serverInfo { chainId } }";
    const garbled = Array.from({ length: 50 }, () => garbleQuery(query, rng));
    expect(garbled.some((g) => g !== query)).toBe(true);
  });
});

describe("hostileGraphqlBodies", () => {
  it("has distinct names and, where meant to be GraphQL, a query that parses", () => {
    const bodies = hostileGraphqlBodies();
    expect(new Set(bodies.map((b) => b.name)).size).toBe(bodies.length);
    const deep = JSON.parse(bodies.find((b) => b.name.startsWith("introspection nested"))!.body) as { query: string };
    expect(() => parse(deep.query)).not.toThrow();
  });
});
