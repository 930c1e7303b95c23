export { startIndexer, type Indexer, type IndexerEvent, type StartIndexerParameters, type SyncResult } from "./start-indexer.js";
export { createReadModel, parseId, parseSha256, type ReadModel } from "./read-model.js";
export type * from "./read-model-types.js";
export { IndexerStoppedError, InvalidQueryError, ReorgTooDeepError } from "./errors.js";
export { decodeCursor, encodeCursor } from "./page-cursor.js";
