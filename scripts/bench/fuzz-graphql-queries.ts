/**
 * GraphQL bodies for the fuzz bench: random operations built from the server's own schema (introspection) with
 * arguments of the wrong type, out of range, huge or hostile; costly shapes (deep nesting, alias floods, duplicated
 * fields, directive floods, thousands of tokens); and bodies that are not GraphQL requests at all.
 */
import type { SeededRandom } from "../../generator/audio/src/random/seeded-random.js";

/** The parts of an introspection answer the generator reads. */
export interface SchemaTypes {
  queryType: string;
  mutationType: string | null;
  types: Map<string, { kind: string; fields: SchemaField[] }>;
}

export interface TypeRef {
  kind: string;
  name: string | null;
  ofType: TypeRef | null;
}

export const INTROSPECTION_QUERY = `query { __schema { queryType { name } mutationType { name } types { kind name fields { name args { name type { ...T } } type { ...T } } } } }
fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name } } } }`;

type SchemaField = { name: string; args: { name: string; type: TypeRef }[]; type: TypeRef };

export function parseIntrospection(data: { __schema: { queryType: { name: string }; mutationType: { name: string } | null; types: { kind: string; name: string; fields: SchemaField[] | null }[] } }): SchemaTypes {
  const types: SchemaTypes["types"] = new Map();
  for (const t of data.__schema.types) types.set(t.name, { kind: t.kind, fields: t.fields ?? [] });
  return { queryType: data.__schema.queryType.name, mutationType: data.__schema.mutationType?.name ?? null, types };
}

function namedType(ref: TypeRef): string {
  let r: TypeRef | null = ref;
  while (r && !r.name) r = r.ofType;
  return r?.name ?? "String";
}

/** A GraphQL literal for an argument: sometimes right, mostly wrong, sometimes hostile. */
function argumentLiteral(rng: SeededRandom): string {
  const pick = rng.int(0, 14);
  switch (pick) {
    case 0: return `"${"f".repeat(64)}"`;
    case 1: return `"0x${"ab".repeat(rng.int(0, 40))}"`;
    case 2: return String(rng.int(-(2 ** 31), 2 ** 31));
    case 3: return "-1";
    case 4: return "99999999999999999999999999";
    case 5: return "1.5e308";
    case 6: return "null";
    case 7: return "true";
    case 8: return `"${"x".repeat(rng.int(1, 100_000))}"`;
    case 9: return `"\\u0000\\u0001'; DROP TABLE ingest_jobs; --"`;
    case 10: return `[${Array.from({ length: rng.int(0, 50) }, () => `"a"`).join(",")}]`;
    case 11: return `{ a: 1, b: { c: [1, 2, { d: "e" }] } }`;
    case 12: return `"bafy${"a".repeat(rng.int(0, 60))}"`;
    default: return `""`;
  }
}

/** A selection set on `typeName`, `depth` levels deep at most (scalars only at the bottom). */
function selection(schema: SchemaTypes, rng: SeededRandom, typeName: string, depth: number): string {
  const type = schema.types.get(typeName);
  if (!type || type.fields.length === 0) return "";
  const fields = type.fields.filter(() => rng.next() < 0.5);
  if (fields.length === 0) fields.push(type.fields[rng.int(0, type.fields.length)]!);
  const parts: string[] = [];
  for (const f of fields) {
    const target = schema.types.get(namedType(f.type));
    const args = f.args.length && rng.next() < 0.7 ? `(${f.args.filter(() => rng.next() < 0.8).map((a) => `${a.name}: ${argumentLiteral(rng)}`).join(", ")})` : "";
    if (target && (target.kind === "OBJECT" || target.kind === "INTERFACE")) {
      if (depth <= 0) continue;
      const inner = selection(schema, rng, namedType(f.type), depth - 1);
      if (inner) parts.push(`${f.name}${args === "()" ? "" : args} ${inner}`);
    } else {
      parts.push(`${f.name}${args === "()" ? "" : args}`);
    }
  }
  // Sometimes a field that does not exist, or __typename.
  if (rng.next() < 0.15) parts.push(`noSuchField${rng.int(0, 100)}`);
  if (rng.next() < 0.2) parts.push("__typename");
  return parts.length ? `{ ${parts.join(" ")} }` : "";
}

/** A random operation over the schema's query (and now and then mutation) fields. */
export function randomOperation(schema: SchemaTypes, rng: SeededRandom): string {
  const useMutation = schema.mutationType !== null && rng.next() < 0.25;
  const root = useMutation ? schema.mutationType! : schema.queryType;
  const body = selection(schema, rng, root, rng.int(1, 5)) || "{ __typename }";
  return `${useMutation ? "mutation" : "query"} Fuzz${rng.int(0, 1e6)} ${body}`;
}

/** One random text mutation of a query: a dropped, doubled or swapped character, a cut, or inserted punctuation. */
export function garbleQuery(query: string, rng: SeededRandom): string {
  const at = rng.int(0, Math.max(1, query.length));
  switch (rng.int(0, 5)) {
    case 0: return query.slice(0, at) + query.slice(at + 1);
    case 1: return query.slice(0, at) + query[at] + query.slice(at);
    case 2: return query.slice(0, at);
    case 3: return query.slice(0, at) + "{}()[]:$@!\"#\\".charAt(rng.int(0, 13)) + query.slice(at);
    default: return query.slice(0, at) + "\u0000\uffff" + query.slice(at);
  }
}

/** Costly and hostile request bodies (JSON text) that must be refused or answered cheaply. */
export function hostileGraphqlBodies(): { name: string; body: string; contentType?: string }[] {
  const q = (query: string, extra: Record<string, unknown> = {}) => JSON.stringify({ query, ...extra });
  const deep = (n: number) => `query { __schema { types { fields { type { ${"ofType { ".repeat(n)}name${" }".repeat(n)} } } } } }`;
  return [
    { name: "introspection nested 60 deep", body: q(deep(60)) },
    { name: "2,000 aliases of provenance", body: q(`{ ${Array.from({ length: 2_000 }, (_, i) => `a${i}: provenance(sha256: "${"0".repeat(64)}") { registrant }`).join(" ")} }`) },
    { name: "the same field 5,000 times", body: q(`{ ${"serverInfo { chainId } ".repeat(5_000)} }`) },
    { name: "1,000 @include directives", body: q(`{ serverInfo ${"@include(if: true) ".repeat(1_000)} { chainId } }`) },
    { name: "100,000 tokens of whitespace and commas", body: q(`{ serverInfo { chainId ${",".repeat(100_000)} } }`) },
    { name: "a 1 MB string argument", body: q(`{ provenance(sha256: "${"a".repeat(1_000_000)}") { registrant } }`) },
    { name: "tracks(first: 1e9)", body: q("{ tracks(first: 1000000000) { edges { node { sha256 } } } }") },
    { name: "tracks(first: -5, after: garbage)", body: q('{ tracks(first: -5, after: "%%%") { edges { node { sha256 } } } }') },
    { name: "fragment cycle", body: q("query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }") },
    { name: "200 operations, no operationName", body: q(Array.from({ length: 200 }, (_, i) => `query Q${i} { serverInfo { chainId } }`).join("\n")) },
    { name: "variables that are not an object", body: q("query($s: String!) { provenance(sha256: $s) { registrant } }", { variables: [1, 2, 3] }) },
    { name: "variable of the wrong type", body: q("query($s: String!) { provenance(sha256: $s) { registrant } }", { variables: { s: { nested: true } } }) },
    { name: "operationName naming nothing", body: q("query A { serverInfo { chainId } }", { operationName: "B" }) },
    { name: "subscription over POST", body: q('subscription { jobProgress(id: "1") { status } }') },
    { name: "mutation without credentials", body: q("mutation { signOut }") },
    { name: "grantLicence with garbage", body: q('mutation { grantLicence(grant: {}, signature: "0x00") { hash } }') },
    { name: "signInWithEthereum with garbage", body: q('mutation { signInWithEthereum(message: "hello", signature: "0xzz") { token } }') },
    { name: "registerStyle with a garbage transaction", body: q('mutation { registerStyle(signedTransaction: "0xdeadbeef") { hash } }') },
    { name: "checkAudio without a file", body: q("{ checkAudio(file: null) { aiGenerated } }") },
    { name: "batched array of 100 queries", body: JSON.stringify(Array.from({ length: 100 }, () => ({ query: "{ serverInfo { chainId } }" }))) },
    { name: "JSON that is not an object", body: "42" },
    { name: "JSON null", body: "null" },
    { name: "not JSON", body: "{ query: serverInfo }" },
    { name: "empty body", body: "" },
    { name: "query is a number", body: JSON.stringify({ query: 7 }) },
    { name: "JSON nested 10,000 deep", body: `{"query":"{ serverInfo { chainId } }","variables":${"[".repeat(10_000)}${"]".repeat(10_000)}}` },
    { name: "text/plain body", body: "{ serverInfo { chainId } }", contentType: "text/plain" },
    { name: "multipart with no operations", body: "--b\r\ncontent-disposition: form-data; name=\"map\"\r\n\r\n{}\r\n--b--\r\n", contentType: "multipart/form-data; boundary=b" },
    { name: "multipart with a map pointing nowhere", body: `--b\r\ncontent-disposition: form-data; name="operations"\r\n\r\n{"query":"query($f: Upload!) { checkAudio(file: $f) { aiGenerated } }","variables":{"f":null}}\r\n--b\r\ncontent-disposition: form-data; name="map"\r\n\r\n{"0":["variables.nothing.here"]}\r\n--b--\r\n`, contentType: "multipart/form-data; boundary=b" },
    { name: "multipart with a broken boundary", body: "--x\r\nnot a part\r\n", contentType: "multipart/form-data; boundary=b" },
  ];
}
