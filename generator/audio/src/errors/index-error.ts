import { AudioError, type AudioErrorOptions } from "./audio-error.js";

/**
 * Bytes on disk that are not what the index wrote: a checksum, a magic number or a structure does not match. The
 * index refuses to open rather than answer from damaged data; `SoundmarkIndex.open(dir, { repair: true })` truncates
 * the log at the first damaged record (losing the records after it) and reports what it dropped.
 */
export class IndexCorruptError extends AudioError {
  readonly code = "INDEX_CORRUPT";
  readonly file: string;
  /** Byte offset of the first damaged record, when known. */
  readonly offset: number | undefined;

  constructor(file: string, offset: number | undefined, reason: string, options: AudioErrorOptions = {}) {
    super(`Index file ${file} is corrupt${offset === undefined ? "" : ` at byte ${offset}`}: ${reason}`, options);
    this.file = file;
    this.offset = offset;
  }
}

/** `add` of an id the index already holds (remove it first, or pass `replace: true`). */
export class IndexTrackExistsError extends AudioError {
  readonly code = "INDEX_TRACK_EXISTS";
  readonly id: string;

  constructor(id: string, options: AudioErrorOptions = {}) {
    super(`The index already holds a track with id ${JSON.stringify(id)}`, options);
    this.id = id;
  }
}

/** A directory that holds something other than a Soundmark index, or an index of an unsupported format version. */
export class IndexFormatError extends AudioError {
  readonly code = "INDEX_FORMAT";
  readonly dir: string;

  constructor(dir: string, reason: string, options: AudioErrorOptions = {}) {
    super(`Cannot open ${dir} as a Soundmark index: ${reason}`, options);
    this.dir = dir;
  }
}

/** A call on an index after `close()`. */
export class IndexClosedError extends AudioError {
  readonly code = "INDEX_CLOSED";

  constructor(options: AudioErrorOptions = {}) {
    super("The index is closed", options);
  }
}

/** The in-memory time line of a configuration is full (about 19,000 hours at 62.5 frames/s): compact or shard. */
export class IndexFullError extends AudioError {
  readonly code = "INDEX_FULL";

  constructor(config: string, options: AudioErrorOptions = {}) {
    super(`The index's time line for ${config} is full`, options);
  }
}
