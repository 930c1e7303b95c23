// The pure logic's EntityStore on graph-node's store: Rows become graph-ts Entities and back. AssemblyScript only.
import { BigInt, Bytes, Entity, Value, ValueKind, ethereum, store } from "@graphprotocol/graph-ts";
import {
  EntityStore,
  Field,
  Row,
  FIELD_BIGINT,
  FIELD_BOOLEAN,
  FIELD_BYTES,
  FIELD_INT,
  FIELD_NULL,
  FIELD_STRING,
  FIELD_STRING_LIST,
} from "../logic/row";
import { EventMeta } from "../logic/event-meta";

export class GraphStore extends EntityStore {
  load(entity: string, id: string): Row | null {
    const stored = store.get(entity, id);
    if (stored == null) return null;
    const row = new Row(entity, id);
    const entries = stored.entries;
    for (let i = 0; i < entries.length; i++) {
      const key = entries[i].key;
      if (key == "id") continue;
      row.set(key, toField(entries[i].value));
    }
    return row;
  }

  save(row: Row): void {
    const entity = new Entity();
    entity.set("id", Value.fromString(row.id));
    for (let i = 0; i < row.names.length; i++) {
      const name = row.names[i];
      entity.set(name, toValue(row.field(name)));
    }
    store.set(row.entity, row.id, entity);
  }
}

function toValue(field: Field): Value {
  if (field.kind == FIELD_STRING) return Value.fromString(field.text);
  if (field.kind == FIELD_BYTES) return Value.fromBytes(Bytes.fromHexString(field.text));
  if (field.kind == FIELD_BIGINT) return Value.fromBigInt(BigInt.fromString(field.text));
  if (field.kind == FIELD_INT) return Value.fromI32(field.int);
  if (field.kind == FIELD_BOOLEAN) return Value.fromBoolean(field.flag);
  if (field.kind == FIELD_STRING_LIST) return Value.fromStringArray(field.list);
  if (field.kind == FIELD_NULL) return Value.fromNull();
  throw new Error("unknown field kind " + field.kind.toString());
}

function toField(value: Value): Field {
  const none: string[] = [];
  if (value.kind == ValueKind.STRING) return new Field(FIELD_STRING, value.toString(), 0, false, none);
  if (value.kind == ValueKind.BYTES) return new Field(FIELD_BYTES, value.toBytes().toHexString(), 0, false, none);
  if (value.kind == ValueKind.BIGINT) return new Field(FIELD_BIGINT, value.toBigInt().toString(), 0, false, none);
  if (value.kind == ValueKind.INT) return new Field(FIELD_INT, "", value.toI32(), false, none);
  if (value.kind == ValueKind.BOOL) return new Field(FIELD_BOOLEAN, "", 0, value.toBoolean(), none);
  if (value.kind == ValueKind.ARRAY) return new Field(FIELD_STRING_LIST, "", 0, false, value.toStringArray());
  if (value.kind == ValueKind.NULL) return new Field(FIELD_NULL, "", 0, false, none);
  throw new Error("unsupported stored value kind " + value.kind.toString());
}

/** The block, transaction and log of an event, in the logic's portable form. */
export function metaOf(event: ethereum.Event): EventMeta {
  return new EventMeta(
    event.address.toHexString(),
    event.block.number.toString(),
    event.block.timestamp.toString(),
    event.transaction.hash.toHexString(),
    event.logIndex.toString(),
  );
}
