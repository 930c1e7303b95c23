// An entity as the pure logic sees it: a typed bag of fields, the same in AssemblyScript (inside `graph build`) and
// TypeScript (vitest). The graph-node glue (src/mappings/graph-store.ts) turns a Row into a graph-ts Entity and back.
// Values are kept in portable shapes: bytes as lowercase 0x-hex, BigInt as a decimal string, Int as i32.

export const FIELD_NULL: i32 = 0;
export const FIELD_STRING: i32 = 1;
export const FIELD_BYTES: i32 = 2;
export const FIELD_BIGINT: i32 = 3;
export const FIELD_INT: i32 = 4;
export const FIELD_BOOLEAN: i32 = 5;
export const FIELD_STRING_LIST: i32 = 6;

/** One field's value, tagged by kind (FIELD_*). */
export class Field {
  kind: i32;
  text: string;
  int: i32;
  flag: bool;
  list: string[];

  constructor(kind: i32, text: string, int: i32, flag: bool, list: string[]) {
    this.kind = kind;
    this.text = text;
    this.int = int;
    this.flag = flag;
    this.list = list;
  }
}

/** One entity: its type name (as in schema.graphql), its id and its fields in the order they were first set. */
export class Row {
  entity: string;
  id: string;
  names: string[];
  fields: Map<string, Field>;

  constructor(entity: string, id: string) {
    this.entity = entity;
    this.id = id;
    this.names = [];
    this.fields = new Map<string, Field>();
  }

  set(name: string, field: Field): void {
    if (!this.fields.has(name)) this.names.push(name);
    this.fields.set(name, field);
  }

  setString(name: string, value: string): void {
    this.set(name, new Field(FIELD_STRING, value, 0, false, []));
  }

  /** `value` is 0x-hex; stored lowercase so ids and comparisons never depend on checksum casing. */
  setBytes(name: string, value: string): void {
    this.set(name, new Field(FIELD_BYTES, value.toLowerCase(), 0, false, []));
  }

  /** `value` is a non-negative decimal integer. */
  setBigInt(name: string, value: string): void {
    this.set(name, new Field(FIELD_BIGINT, value, 0, false, []));
  }

  setInt(name: string, value: i32): void {
    this.set(name, new Field(FIELD_INT, "", value, false, []));
  }

  setBoolean(name: string, value: bool): void {
    this.set(name, new Field(FIELD_BOOLEAN, "", 0, value, []));
  }

  /** A list of entity ids (a to-many relation stored on this side). */
  setStringList(name: string, value: string[]): void {
    this.set(name, new Field(FIELD_STRING_LIST, "", 0, false, value));
  }

  setNull(name: string): void {
    this.set(name, new Field(FIELD_NULL, "", 0, false, []));
  }

  has(name: string): bool {
    return this.fields.has(name);
  }

  isNull(name: string): bool {
    return this.field(name).kind == FIELD_NULL;
  }

  /** The text of a String, Bytes (0x-hex), BigInt (decimal) or ID field. */
  text(name: string): string {
    return this.field(name).text;
  }

  int(name: string): i32 {
    return this.field(name).int;
  }

  flag(name: string): bool {
    return this.field(name).flag;
  }

  list(name: string): string[] {
    return this.field(name).list;
  }

  field(name: string): Field {
    if (!this.fields.has(name)) throw new Error(this.entity + " " + this.id + " has no field " + name);
    return this.fields.get(name) as Field;
  }
}

/** Where the logic reads and writes entities: graph-node's store in the subgraph, a Map in the tests. */
export abstract class EntityStore {
  abstract load(entity: string, id: string): Row | null;
  abstract save(row: Row): void;

  /** The entity, which the events guarantee exists (a missing one means the events are out of order). */
  require(entity: string, id: string): Row {
    const row = this.load(entity, id);
    if (row == null) throw new Error("missing " + entity + " " + id);
    return row as Row;
  }
}
