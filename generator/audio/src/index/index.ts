export {
  SoundmarkIndex,
  DEFAULT_INDEX_CONFIGS,
  INDEX_LOG_FILE,
  INDEX_META_FILE,
  type AddTrackMeta,
  type IndexedTrack,
  type OpenIndexOptions,
  type OpenReport,
  type QueryMatch,
  type QueryOptions,
  type QueryResult,
} from "./soundmark-index.js";
export type { LogScanReport } from "./segment-log.js";
export {
  IndexClosedError,
  IndexCorruptError,
  IndexFormatError,
  IndexFullError,
  IndexTrackExistsError,
} from "../errors/index-error.js";
