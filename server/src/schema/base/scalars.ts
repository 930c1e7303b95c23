import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from "graphql";
import { DiskUpload } from "../../http/upload/disk-upload.js";

/** Upload values exist only as DiskUpload objects put into the variables by plugins/use-disk-uploads.ts. */
export const UploadScalar = new GraphQLScalarType({
  name: "Upload",
  parseValue(value) {
    if (value instanceof DiskUpload) return value;
    throw new GraphQLError("An Upload must be sent as a file in a multipart request (GraphQL multipart request spec)", {
      extensions: { code: "MISSING_FILE" },
    });
  },
  parseLiteral() {
    throw new GraphQLError("An Upload cannot be written inline in the query; send it as a multipart file variable", {
      extensions: { code: "MISSING_FILE" },
    });
  },
  serialize() {
    throw new GraphQLError("Upload is an input type");
  },
});

const UINT = /^(0|[1-9][0-9]{0,77})$/;
const UINT256_MAX = 2n ** 256n - 1n;

function parseBigInt(value: unknown): bigint {
  const text = typeof value === "number" && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof text !== "string" || !UINT.test(text) || BigInt(text) > UINT256_MAX) {
    throw new GraphQLError(`BigInt expects an unsigned integer as a decimal string, got ${JSON.stringify(value)?.slice(0, 80)}`, {
      extensions: { code: "INVALID_INPUT" },
    });
  }
  return BigInt(text);
}

export const BigIntScalar = new GraphQLScalarType({
  name: "BigInt",
  parseValue: parseBigInt,
  parseLiteral(ast: ValueNode) {
    if (ast.kind === Kind.STRING || ast.kind === Kind.INT) return parseBigInt(ast.value);
    throw new GraphQLError("BigInt expects a decimal string or an integer", { extensions: { code: "INVALID_INPUT" } });
  },
  serialize(value) {
    if (typeof value === "bigint") return value.toString();
    if (typeof value === "number" && Number.isSafeInteger(value)) return String(value);
    if (typeof value === "string" && UINT.test(value)) return value;
    throw new GraphQLError(`cannot serialize ${String(value)} as BigInt`);
  },
});

export const DateTimeScalar = new GraphQLScalarType({
  name: "DateTime",
  parseValue(value) {
    const date = typeof value === "string" ? new Date(value) : undefined;
    if (!date || Number.isNaN(date.getTime())) throw new GraphQLError("DateTime expects an ISO 8601 string", { extensions: { code: "INVALID_INPUT" } });
    return date;
  },
  serialize(value) {
    if (value instanceof Date) return value.toISOString();
    if (typeof value === "string") return new Date(value).toISOString();
    throw new GraphQLError(`cannot serialize ${String(value)} as DateTime`);
  },
});

function literalToJson(ast: ValueNode): unknown {
  switch (ast.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return ast.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(ast.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return ast.values.map(literalToJson);
    case Kind.OBJECT:
      return Object.fromEntries(ast.fields.map((f) => [f.name.value, literalToJson(f.value)]));
    default:
      throw new GraphQLError("JSON literals cannot hold variables", { extensions: { code: "INVALID_INPUT" } });
  }
}

export const JSONScalar = new GraphQLScalarType({
  name: "JSON",
  parseValue: (value) => value,
  parseLiteral: literalToJson,
  serialize: (value) => value,
});
