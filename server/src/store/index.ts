export type { Sql, Store } from "./sql.js";
export { openStore, type OpenStoreParameters } from "./open-store.js";
export { StoreClosedError, StoreConnectionError, MigrationError } from "./errors.js";
export { redactDatabaseUrl } from "./postgres-store.js";
