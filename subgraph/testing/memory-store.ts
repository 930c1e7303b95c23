import { EntityStore, Field, Row } from "../src/logic/row";

/** graph-node's store, kept in a Map: loads and saves copies, as graph-node does, so unsaved changes are lost. */
export class MemoryStore extends EntityStore {
  readonly rows = new Map<string, Row>();

  load(entity: string, id: string): Row | null {
    const row = this.rows.get(`${entity}:${id}`);
    return row ? copy(row) : null;
  }

  save(row: Row): void {
    this.rows.set(`${row.entity}:${row.id}`, copy(row));
  }

  /** Every entity of one type, by id. */
  all(entity: string): Map<string, Row> {
    const out = new Map<string, Row>();
    for (const row of this.rows.values()) if (row.entity === entity) out.set(row.id, copy(row));
    return out;
  }
}

function copy(row: Row): Row {
  const out = new Row(row.entity, row.id);
  for (const name of row.names) {
    const f = row.field(name);
    out.set(name, new Field(f.kind, f.text, f.int, f.flag, [...f.list]));
  }
  return out;
}
