// Checks rows against schema.graphql the way graph-node does when a handler saves an entity: every field declared,
// of its declared type, every non-null field present; and, across the store, every reference resolves.
import { readFileSync } from "node:fs";
import { Kind, parse, type TypeNode } from "graphql";
import {
  FIELD_BIGINT,
  FIELD_BOOLEAN,
  FIELD_BYTES,
  FIELD_INT,
  FIELD_NULL,
  FIELD_STRING,
  FIELD_STRING_LIST,
  type Row,
} from "../src/logic/row";

interface FieldSpec {
  nonNull: boolean;
  list: boolean;
  /** The named type: a scalar, an enum or an entity. */
  type: string;
  derived: boolean;
}

export interface EntitySchema {
  entities: Map<string, Map<string, FieldSpec>>;
  enums: Map<string, string[]>;
}

export function loadEntitySchema(file: string): EntitySchema {
  const doc = parse(readFileSync(file, "utf8"));
  const entities = new Map<string, Map<string, FieldSpec>>();
  const enums = new Map<string, string[]>();
  for (const def of doc.definitions) {
    if (def.kind === Kind.ENUM_TYPE_DEFINITION) enums.set(def.name.value, (def.values ?? []).map((v) => v.name.value));
    if (def.kind !== Kind.OBJECT_TYPE_DEFINITION) continue;
    const fields = new Map<string, FieldSpec>();
    for (const f of def.fields ?? []) {
      fields.set(f.name.value, { ...unwrap(f.type), derived: (f.directives ?? []).some((d) => d.name.value === "derivedFrom") });
    }
    entities.set(def.name.value, fields);
  }
  return { entities, enums };
}

function unwrap(t: TypeNode): { nonNull: boolean; list: boolean; type: string } {
  let node = t;
  let nonNull = false;
  let list = false;
  if (node.kind === Kind.NON_NULL_TYPE) {
    nonNull = true;
    node = node.type;
  }
  if (node.kind === Kind.LIST_TYPE) {
    list = true;
    node = node.type.kind === Kind.NON_NULL_TYPE ? node.type.type : node.type;
  }
  if (node.kind !== Kind.NAMED_TYPE) throw new Error("nested lists are not used");
  return { nonNull, list, type: node.name.value };
}

const SCALAR_KINDS: Record<string, number> = {
  ID: FIELD_STRING,
  String: FIELD_STRING,
  Bytes: FIELD_BYTES,
  BigInt: FIELD_BIGINT,
  Int: FIELD_INT,
  Boolean: FIELD_BOOLEAN,
};

/** Problems with one row, as sentences; empty when graph-node would accept it. */
export function checkRow(schema: EntitySchema, row: Row): string[] {
  const spec = schema.entities.get(row.entity);
  if (!spec) return [`${row.entity} is not an entity type`];
  const problems: string[] = [];
  const where = `${row.entity} ${row.id}`;
  for (const name of row.names) {
    const f = spec.get(name);
    const value = row.field(name);
    if (!f || name === "id") problems.push(`${where}: field ${name} is not in the schema`);
    else if (f.derived) problems.push(`${where}: derived field ${name} is written`);
    else if (value.kind === FIELD_NULL) {
      if (f.nonNull) problems.push(`${where}: non-null field ${name} is null`);
    } else {
      const expected = f.list ? FIELD_STRING_LIST : (SCALAR_KINDS[f.type] ?? FIELD_STRING);
      if (value.kind !== expected) problems.push(`${where}: ${name} has kind ${value.kind}, the schema wants ${f.type}`);
      const allowed = schema.enums.get(f.type);
      if (allowed && !allowed.includes(value.text)) problems.push(`${where}: ${name} = ${value.text} is not a ${f.type}`);
      if (value.kind === FIELD_BYTES && !/^0x([0-9a-f]{2})*$/.test(value.text)) problems.push(`${where}: ${name} is not hex`);
      if (value.kind === FIELD_BIGINT && !/^(0|[1-9][0-9]*)$/.test(value.text)) problems.push(`${where}: ${name} is not decimal`);
    }
  }
  for (const [name, f] of spec) {
    if (name !== "id" && f.nonNull && !f.derived && !row.has(name)) problems.push(`${where}: non-null field ${name} is missing`);
  }
  return problems;
}

/** Every relation field of `row` names an entity `exists` knows. */
export function checkReferences(schema: EntitySchema, row: Row, exists: (entity: string, id: string) => boolean): string[] {
  const problems: string[] = [];
  for (const [name, f] of schema.entities.get(row.entity) ?? []) {
    if (f.derived || !schema.entities.has(f.type) || !row.has(name) || row.isNull(name)) continue;
    const ids = f.list ? row.list(name) : [row.text(name)];
    for (const id of ids) if (!exists(f.type, id)) problems.push(`${row.entity} ${row.id}: ${name} -> missing ${f.type} ${id}`);
  }
  return problems;
}
