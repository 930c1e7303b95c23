import type { Sql } from "../../store/index.js";

/** Empties the tables of the chain writers and the indexer, so tests of one file can share one migrated store. */
export async function resetChainTables(sql: Sql): Promise<void> {
  const rows = await sql.query<{ tablename: string }>(
    `SELECT tablename FROM pg_tables WHERE schemaname = current_schema()
       AND (tablename LIKE 'tx\\_%' OR tablename LIKE 'registrar\\_%' OR tablename LIKE 'chain\\_%' OR tablename LIKE 'indexer\\_%')`,
  );
  if (rows.length === 0) return;
  // Table names come from the catalogue, never from input.
  await sql.query(`TRUNCATE ${rows.map((r) => `"${r.tablename}"`).join(", ")} CASCADE`);
}
